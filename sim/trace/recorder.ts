/**
 * The trace recorder: the simulator's Tracer. Stamps each event with the step and virtual
 * time at which it happened. Recording can be turned off (`enabled = false`) for speed; then
 * the runtime builds no events at all.
 *
 * Events are stored column-wise: the kind as a small integer, step, time and node (as an index)
 * in typed arrays, and the hot kinds' reference fields (pid, to, msg, …) copied into chunks of
 * a flat array. The object the runtime emitted then dies young, so a long traced run does not
 * keep millions of event objects for every scavenge to copy and promote (the terms it refers
 * to, such as each message, stay alive: the trace holds them). `events` builds the `TraceEvent`
 * objects when the trace is read, once each, in order (later reads only add the newer ones).
 * Rare kinds are kept as the emitted object itself, stamped, as one reference.
 */
import type { TraceEvent, Tracer } from '../../src/index.js';

/** Kind codes of the columnar store; `Obj` keeps the event object itself. */
const enum K {
  Obj,
  Send,
  Receive,
  Spawn,
  Exit,
  Link,
  Unlink,
  Monitor,
  Down,
  ExitSignal,
}

/**
 * Slots per chunk of reference fields (512 KB: large-object space, never copied by a scavenge;
 * measured cheaper than small young chunks), and the most one event takes.
 */
const CHUNK = 1 << 16;
const COLUMNS = 1 << 16;
const MAX_FIELDS = 5;

/** One chunk of the per-event columns. */
class Columns {
  readonly kinds: Uint8Array;
  readonly steps: Float64Array;
  readonly times: Float64Array;
  readonly nodeIx: Uint16Array;
  constructor(size: number) {
    this.kinds = new Uint8Array(size);
    this.steps = new Float64Array(size);
    this.times = new Float64Array(size);
    this.nodeIx = new Uint16Array(size);
  }
}

type Ev<Kind extends TraceEvent['kind']> = Extract<TraceEvent, { kind: Kind }>;

export class Recorder implements Tracer {
  step = 0;
  time = 0;
  private n = 0;
  /** The columns, in chunks of `colSize` events; the current chunk's arrays and fill. */
  private readonly cols: Columns[] = [];
  private kinds: Uint8Array = new Uint8Array(0);
  private steps: Float64Array = new Float64Array(0);
  private times: Float64Array = new Float64Array(0);
  /** Index of each event's node in `nodes` (all events of a run usually share one). */
  private nodeIx: Uint16Array = new Uint16Array(0);
  private k: number;
  private readonly nodes: string[] = [];
  private lastNode: string | undefined = undefined;
  private lastNodeIx = 0;
  /**
   * The reference fields of every event, in order, in chunks of `chunkSize` slots (no copying of
   * one huge array as it grows); each kind takes a fixed number, and a record never straddles
   * two chunks.
   */
  private readonly chunks: unknown[][] = [];
  private chunk: unknown[] = [];
  private off: number;
  /** The events built so far, and where the next one's fields start (chunk, offset). */
  private readonly built: TraceEvent[] = [];
  private readChunk = -1;
  private readOff: number;

  /**
   * `chunkSize`: slots per chunk of reference fields (at least 5), `colSize`: events per chunk
   * of columns (small only in tests).
   */
  constructor(
    public enabled: boolean,
    private readonly chunkSize = CHUNK,
    private readonly colSize = COLUMNS,
  ) {
    this.off = this.readOff = chunkSize;
    this.k = colSize;
  }

  /** How many events have been recorded. */
  get length(): number {
    return this.n;
  }

  /** The events recorded so far, in order (built on first read, then cached). */
  get events(): TraceEvent[] {
    if (this.built.length < this.n) this.build();
    return this.built;
  }

  emit(e: TraceEvent): void {
    if (this.k === this.colSize) this.newColumns();
    const i = this.k++;
    this.steps[i] = this.step;
    this.times[i] = this.time;
    this.nodeIx[i] = e.node === this.lastNode ? this.lastNodeIx : this.internNode(e.node);
    this.n++;
    if (this.off > this.chunkSize - MAX_FIELDS) this.newChunk();
    const c = this.chunk;
    const o = this.off;
    switch (e.kind) {
      case 'send':
        if (e.dropped !== undefined) break;
        this.kinds[i] = K.Send;
        c[o] = e.pid;
        c[o + 1] = e.to;
        c[o + 2] = e.msg;
        this.off = o + 3;
        return;
      case 'receive':
        this.kinds[i] = K.Receive;
        c[o] = e.pid;
        c[o + 1] = e.msg;
        this.off = o + 2;
        return;
      case 'spawn':
        this.kinds[i] = K.Spawn;
        c[o] = e.pid;
        c[o + 1] = e.parent;
        c[o + 2] = e.fn;
        c[o + 3] = e.link;
        c[o + 4] = e.monitor;
        this.off = o + 5;
        return;
      case 'exit':
        this.kinds[i] = K.Exit;
        c[o] = e.pid;
        c[o + 1] = e.reason;
        this.off = o + 2;
        return;
      case 'link':
      case 'unlink':
        this.kinds[i] = e.kind === 'link' ? K.Link : K.Unlink;
        c[o] = e.pid;
        c[o + 1] = e.other;
        this.off = o + 2;
        return;
      case 'monitor':
        this.kinds[i] = K.Monitor;
        c[o] = e.pid;
        c[o + 1] = e.target;
        c[o + 2] = e.ref;
        this.off = o + 3;
        return;
      case 'down':
        this.kinds[i] = K.Down;
        c[o] = e.pid;
        c[o + 1] = e.ref;
        c[o + 2] = e.object;
        c[o + 3] = e.reason;
        this.off = o + 4;
        return;
      case 'exitSignal':
        this.kinds[i] = K.ExitSignal;
        c[o] = e.pid;
        c[o + 1] = e.from;
        c[o + 2] = e.reason;
        c[o + 3] = e.link;
        c[o + 4] = e.effect;
        this.off = o + 5;
        return;
    }
    e.step = this.step;
    e.time = this.time;
    this.kinds[i] = K.Obj;
    c[o] = e;
    this.off = o + 1;
  }

  private internNode(node: string): number {
    let ix = this.nodes.indexOf(node);
    if (ix < 0) ix = this.nodes.push(node) - 1;
    this.lastNode = node;
    this.lastNodeIx = ix;
    return ix;
  }

  private newChunk(): void {
    this.chunk = new Array<unknown>(this.chunkSize);
    this.chunks.push(this.chunk);
    this.off = 0;
  }

  private newColumns(): void {
    const c = new Columns(this.colSize);
    this.cols.push(c);
    [this.kinds, this.steps, this.times, this.nodeIx, this.k] = [c.kinds, c.steps, c.times, c.nodeIx, 0];
  }

  /** Builds the events not built yet, each with the fields (and field order) it was emitted with. */
  private build(): void {
    let ci = this.readChunk;
    let j = this.readOff;
    let r = (ci < 0 ? [] : this.chunks[ci]!) as never[];
    for (let g = this.built.length; g < this.n; g++) {
      if (j > this.chunkSize - MAX_FIELDS) {
        r = this.chunks[++ci]! as never[];
        j = 0;
      }
      const c = this.cols[Math.floor(g / this.colSize)]!;
      const i = g % this.colSize;
      const step = c.steps[i]!;
      const time = c.times[i]!;
      const node = this.nodes[c.nodeIx[i]!]!;
      const kind = c.kinds[i] as K;
      let e: TraceEvent;
      switch (kind) {
        case K.Send:
          e = { step, time, kind: 'send', node, pid: r[j], to: r[j + 1], msg: r[j + 2] } satisfies Ev<'send'>;
          j += 3;
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
  }
}
