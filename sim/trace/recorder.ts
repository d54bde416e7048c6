/**
 * The trace recorder: the simulator's Tracer. Stamps each event with the step and virtual
 * time at which it happened. Recording can be turned off (`enabled = false`) for speed; then
 * the runtime builds no events at all.
 *
 * Events are stored column-wise: the kind as a small integer, step, time and node (as an index)
 * in typed arrays, and the hot kinds' reference fields (pid, to, msg, …) copied into chunks of
 * a flat array. The object the runtime emitted then dies young, so a long traced run does not
 * keep millions of event objects for every scavenge to copy and promote. `events` builds the
 * `TraceEvent` objects when the trace is read, once each, in order (later reads only add the
 * newer ones). Rare kinds are kept as the emitted object itself, stamped, as one reference.
 *
 * **Messages are recorded by value, as they were when sent or received.** A message's tuples
 * (plain arrays, nested ones too, up to 30 slots in all) are flattened into the reference
 * fields: a marker giving the length, then the elements (the message's own tuple needs no
 * marker: its length is in the event's kind); everything else (atoms, numbers, pids, refs,
 * objects) is kept as itself. Reading the trace builds fresh arrays that
 * are `termEquals` to the message and print the same, so everything that reads a trace sees
 * what it saw before: the printers and the trace hash (over the printed events: unchanged for
 * a run, and identical for identical runs), `dfsweo replay --format json|html`, and the
 * invariant checkers (which match sends to receives with `termEquals`). What changed: a
 * message in the trace is no longer the very object that was sent (nothing compared them by
 * identity but as a shortcut), and a sender's later mutation of a message it sent (MSG-5)
 * no longer shows in the trace (it did before: a trace should show what was sent).
 * Why: the tuple of each message is usually its only allocation, short-lived; kept by the
 * trace it survived every scavenge and was copied and promoted, and made every major GC mark
 * a heap that grew with the trace. Measured on the ring (1,000 processes, 1M hops, 2M events;
 * traced/untraced CPU, paired in one process, on a busy 2-core box): messages by reference
 * 2.8× and 138 MB kept; flattened 1.65–2.0× and 78 MB. Not chosen: keeping only messages that
 * are primitives (the common message is a tuple: no gain), and encoding every term into
 * typed-array words with tables of atoms and pids (44 MB, nothing for the GC to mark, but
 * 2.0–2.3×: the encoding costs more per event than it saves).
 *
 * Step and time take one byte per event (see {@link Columns}). Dropping the marker of the
 * message's own tuple (seven slots a ring hop instead of nine) made the traced ring 10–14%
 * cheaper in CPU (paired A/B).
 */
import type { Pid, TraceEvent, Tracer } from '../../src/index.js';
import { elements, FlatReader, isTuple, MAX_FIELDS } from './flat.js';

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
 * A send or receive whose message is a tuple of n elements (n < {@link MAX_FIELDS}) is of kind
 * `SEND_TUPLE + n` or `RECEIVE_TUPLE + n`, and its elements follow without a marker: the
 * commonest message, a tuple of two or three, takes a slot less (a ring's hop writes seven
 * slots instead of nine, and traced runs are bound by the memory the trace takes).
 */
const SEND_TUPLE = 32;
const RECEIVE_TUPLE = 64;

/**
 * Slots per chunk of reference fields (256 KB: large-object space, never copied by a scavenge;
 * measured cheaper than small young chunks), and the most one event may take: a send is its
 * pid, its destination and its message, flattened; a message that needs more is kept as one
 * reference.
 */
const CHUNK = 1 << 16;
const COLUMNS = 1 << 16;

/**
 * One chunk of the per-event columns. Step and time are stored as a change from the event
 * before, in one byte: the step's increase (`STEP_FULL`: the step is in the list of full
 * steps) and whether time moved (`TIME_MOVED`: the new time is in the list of times). Most
 * events share their step or follow it by one, and most share their time: a byte instead of
 * 16 (a million-hop traced ring wrote 32 MB of steps and times, every page of it fresh memory).
 */
class Columns {
  readonly kinds: Uint8Array;
  readonly deltas: Uint8Array;
  readonly nodeIx: Uint16Array;
  constructor(size: number) {
    this.kinds = new Uint8Array(size);
    this.deltas = new Uint8Array(size);
    this.nodeIx = new Uint16Array(size);
  }
}

const STEP_FULL = 127;
const TIME_MOVED = 128;
const NO_BYTES = new Uint8Array(0);
const NO_SHORTS = new Uint16Array(0);

type Ev<Kind extends TraceEvent['kind']> = Extract<TraceEvent, { kind: Kind }>;

export class Recorder implements Tracer {
  step = 0;
  time = 0;
  private n = 0;
  /** The columns, in chunks of `colSize` events; the current chunk's arrays and fill. */
  private readonly cols: Columns[] = [];
  private kinds: Uint8Array = NO_BYTES;
  private deltas: Uint8Array = NO_BYTES;
  /** Index of each event's node in `nodes` (all events of a run usually share one). */
  private nodeIx: Uint16Array = NO_SHORTS;
  /** Step and time of the last event written, and of the last one built; the full steps and the times (see {@link Columns}). */
  private lastStep = 0;
  private lastTime = 0;
  private readStep = 0;
  private readTime = 0;
  private readonly fullSteps: number[] = [];
  private readonly movedTimes: number[] = [];
  private fullStepAt = 0;
  private movedTimeAt = 0;
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
   * `chunkSize`: slots per chunk of reference fields (at least 5; below MAX_FIELDS, records
   * and flattened messages are held to it), `colSize`: events per chunk of columns (small
   * only in tests).
   */
  constructor(
    public enabled: boolean,
    private readonly chunkSize = CHUNK,
    private readonly colSize = COLUMNS,
  ) {
    this.off = this.readOff = chunkSize;
    this.k = colSize;
    this.room = Math.min(MAX_FIELDS, chunkSize);
  }

  /** Slots kept free for each event (a record never straddles two chunks). */
  private readonly room: number;
  /** Rebuilds the flattened messages when the trace is read. */
  private readonly reader = new FlatReader();

  /** How many events have been recorded. */
  get length(): number {
    return this.n;
  }

  /** The events recorded so far, in order (built on first read, then cached). */
  get events(): TraceEvent[] {
    if (this.built.length < this.n) this.build();
    return this.built;
  }

  /** Starts an event: records its step, time and node; returns its index, with room for its fields in the chunk. */
  private head(node: string): number {
    if (this.k === this.colSize) this.newColumns();
    const i = this.k++;
    const ds = this.step - this.lastStep;
    let d = ds >= 0 && ds < STEP_FULL && (ds | 0) === ds ? ds : STEP_FULL;
    if (d === STEP_FULL) this.fullSteps.push(this.step);
    this.lastStep = this.step;
    if (this.time !== this.lastTime) {
      d |= TIME_MOVED;
      this.movedTimes.push(this.time);
      this.lastTime = this.time;
    }
    this.deltas[i] = d;
    this.nodeIx[i] = node === this.lastNode ? this.lastNodeIx : this.internNode(node);
    this.n++;
    if (this.off > this.chunkSize - this.room) this.newChunk();
    return i;
  }

  /** A delivered send (the hot path: no event object is made). */
  send(node: string, pid: Pid | undefined, to: unknown, msg: unknown): void {
    const i = this.head(node);
    const c = this.chunk;
    const o = this.off;
    c[o] = pid;
    c[o + 1] = to;
    this.kinds[i] = this.putMsg(c, o + 2, msg, o + this.room, K.Send, SEND_TUPLE);
  }

  /** A message taken by a receive (the hot path: no event object is made). */
  receive(node: string, pid: Pid, msg: unknown): void {
    const i = this.head(node);
    const c = this.chunk;
    const o = this.off;
    c[o] = pid;
    this.kinds[i] = this.putMsg(c, o + 1, msg, o + this.room, K.Receive, RECEIVE_TUPLE);
  }

  emit(e: TraceEvent): void {
    if (e.kind === 'send' && e.dropped === undefined) return this.send(e.node, e.pid, e.to, e.msg);
    if (e.kind === 'receive') return this.receive(e.node, e.pid, e.msg);
    const i = this.head(e.node);
    const c = this.chunk;
    const o = this.off;
    switch (e.kind) {
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

  /**
   * Writes a message from `o` and moves `off` past it; returns the event's kind: `tuple + n`
   * for a tuple of n elements written flattened without its marker, else `plain` (a message
   * that is not a tuple, or does not fit before `end`, kept as one reference).
   */
  private putMsg(c: unknown[], o: number, msg: unknown, end: number, plain: K, tuple: number): number {
    if (isTuple(msg) && msg.length < MAX_FIELDS) {
      const q = elements(c, o, msg, end);
      if (q >= 0) {
        this.off = q;
        return tuple + msg.length;
      }
    }
    c[o] = msg;
    this.off = o + 1;
    return plain;
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
    [this.kinds, this.deltas, this.nodeIx, this.k] = [c.kinds, c.deltas, c.nodeIx, 0];
  }

  /** Builds the events not built yet, each with the fields (and field order) it was emitted with. */
  private build(): void {
    let ci = this.readChunk;
    let j = this.readOff;
    let r = (ci < 0 ? [] : this.chunks[ci]!) as never[];
    for (let g = this.built.length; g < this.n; g++) {
      if (j > this.chunkSize - this.room) {
        r = this.chunks[++ci]! as never[];
        j = 0;
      }
      const c = this.cols[Math.floor(g / this.colSize)]!;
      const i = g % this.colSize;
      const d = c.deltas[i]!;
      const step = (this.readStep = (d & STEP_FULL) === STEP_FULL ? this.fullSteps[this.fullStepAt++]! : this.readStep + (d & STEP_FULL));
      const time = (this.readTime = d & TIME_MOVED ? this.movedTimes[this.movedTimeAt++]! : this.readTime);
      const node = this.nodes[c.nodeIx[i]!]!;
      const kind = c.kinds[i] as K;
      let e: TraceEvent;
      if (kind >= SEND_TUPLE) {
        if (kind < RECEIVE_TUPLE) {
          e = { step, time, kind: 'send', node, pid: r[j], to: r[j + 1], msg: this.reader.tuple(r, j + 2, kind - SEND_TUPLE) } satisfies Ev<'send'>;
        } else {
          e = { step, time, kind: 'receive', node, pid: r[j], msg: this.reader.tuple(r, j + 1, kind - RECEIVE_TUPLE) } satisfies Ev<'receive'>;
        }
        j = this.reader.at;
        this.built.push(e);
        continue;
      }
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
