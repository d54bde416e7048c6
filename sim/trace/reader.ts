/**
 * Builds the `TraceEvent` objects of a recorder's store (layout.ts), in order, once each: a
 * read after more events were recorded builds only the newer ones.
 */
import type { Pid, TraceEvent } from '../../src/index.js';
import { FlatReader } from './flat.js';
import { DELTA_SHIFT, K, NO_WORDS, NODE_SHIFT, RECEIVE_TUPLE, SEND_TUPLE, STEP_FULL, TIME_MOVED, type Store } from './layout.js';

type Ev<Kind extends TraceEvent['kind']> = Extract<TraceEvent, { kind: Kind }>;

export class TraceReader {
  /** The events built so far. */
  readonly built: TraceEvent[] = [];
  /** Where the next event's fields start (chunk, offset) and its word (chunk, index). */
  private readChunk = -1;
  private readOff = 0;
  private readCols = -1;
  private readCol = 0;
  /** Step and time of the last event built, and how far the lists of full steps and moved times are read. */
  private readStep = 0;
  private readTime = 0;
  private fullStepAt = 0;
  private movedTimeAt = 0;
  /** The destination and message of the last send built (whom a `ReceiveSent` event is of, and what it received). */
  private builtTo: unknown = undefined;
  private builtMsg: unknown = undefined;
  /** Rebuilds the flattened messages. */
  private readonly flat = new FlatReader();

  /** The events of `s`, each with the fields (and field order) it was emitted with. */
  read(s: Store): TraceEvent[] {
    if (this.built.length < s.length) this.build(s);
    return this.built;
  }

  private build(s: Store): void {
    let ci = this.readChunk;
    let j = this.readOff;
    let r = (ci < 0 ? [] : s.chunks[ci]!) as never[];
    let cc = this.readCols;
    let i = this.readCol;
    let c = cc < 0 ? NO_WORDS : s.cols[cc]!;
    for (let g = this.built.length; g < s.length; g++, i++) {
      if (j > r.length - s.room) {
        r = s.chunks[++ci]! as never[];
        j = 0;
      }
      if (i === c.length) {
        c = s.cols[++cc]!;
        i = 0;
      }
      const w = c[i]!;
      const d = (w >>> DELTA_SHIFT) & 0xff;
      const step = (this.readStep = (d & STEP_FULL) === STEP_FULL ? s.fullSteps[this.fullStepAt++]! : this.readStep + (d & STEP_FULL));
      const time = (this.readTime = d & TIME_MOVED ? s.movedTimes[this.movedTimeAt++]! : this.readTime);
      const node = s.nodes[w >>> NODE_SHIFT]!;
      const kind = (w & 0xff) as K;
      let e: TraceEvent;
      if (kind >= SEND_TUPLE) {
        if (kind < RECEIVE_TUPLE) {
          e = { step, time, kind: 'send', node, pid: r[j], to: (this.builtTo = r[j + 1]), msg: (this.builtMsg = this.flat.tuple(r, j + 2, kind - SEND_TUPLE)) } satisfies Ev<'send'>;
        } else {
          e = { step, time, kind: 'receive', node, pid: r[j], msg: this.flat.tuple(r, j + 1, kind - RECEIVE_TUPLE) } satisfies Ev<'receive'>;
        }
        j = this.flat.at;
        this.built.push(e);
        continue;
      }
      switch (kind) {
        case K.Send:
          e = { step, time, kind: 'send', node, pid: r[j], to: (this.builtTo = r[j + 1]), msg: (this.builtMsg = r[j + 2]) } satisfies Ev<'send'>;
          j += 3;
          break;
        case K.ReceiveSent:
          e = { step, time, kind: 'receive', node, pid: this.builtTo as Pid, msg: this.builtMsg } satisfies Ev<'receive'>;
          break;
        case K.Receive:
          e = { step, time, kind: 'receive', node, pid: r[j], msg: r[j + 1] } satisfies Ev<'receive'>;
          j += 2;
          break;
        case K.Spawn:
          e = { kind: 'spawn', node, pid: r[j], parent: r[j + 1], fn: r[j + 2], link: r[j + 3], monitor: r[j + 4], step, time } satisfies Ev<'spawn'>;
          j += 5;
          break;
        case K.Exit:
          e = { kind: 'exit', node, pid: r[j], reason: r[j + 1], step, time } satisfies Ev<'exit'>;
          j += 2;
          break;
        case K.Link:
        case K.Unlink:
          e = { kind: kind === K.Link ? 'link' : 'unlink', node, pid: r[j], other: r[j + 1], step, time } satisfies Ev<'link' | 'unlink'>;
          j += 2;
          break;
        case K.Monitor:
          e = { kind: 'monitor', node, pid: r[j], target: r[j + 1], ref: r[j + 2], step, time } satisfies Ev<'monitor'>;
          j += 3;
          break;
        case K.Down:
          e = { kind: 'down', node, pid: r[j], ref: r[j + 1], object: r[j + 2], reason: r[j + 3], step, time } satisfies Ev<'down'>;
          j += 4;
          break;
        case K.ExitSignal:
          e = { kind: 'exitSignal', node, pid: r[j], from: r[j + 1], reason: r[j + 2], link: r[j + 3], effect: r[j + 4], step, time } satisfies Ev<'exitSignal'>;
          j += 5;
          break;
        default:
          e = r[j];
          j += 1;
      }
      this.built.push(e);
    }
    this.readChunk = ci;
    this.readOff = j;
    this.readCols = cc;
    this.readCol = i;
  }
}
