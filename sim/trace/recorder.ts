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
 * no longer shows in the trace (it did before: a trace should show what was sent). A receive of
 * the message last sent, by its receiver, shares the send's record (see {@link Recorder.receive}).
 * Why: the tuple of each message is usually its only allocation, short-lived; kept by the
 * trace it survived every scavenge and was copied and promoted, and made every major GC mark
 * a heap that grew with the trace. Measured on the ring (1,000 processes, 1M hops, 2M events;
 * traced/untraced CPU, paired in one process, on a busy 2-core box): messages by reference
 * 2.8× and 138 MB kept; flattened 1.65–2.0× and 78 MB. Not chosen: keeping only messages that
 * are primitives (the common message is a tuple: no gain), and encoding every term into
 * typed-array words with tables of atoms and pids (44 MB, nothing for the GC to mark, but
 * 2.0–2.3×: the encoding costs more per event than it saves).
 *
 * Kind, step, time and node take one word per event (see {@link STEP_FULL}). Dropping the
 * marker of the message's own tuple (seven slots a ring hop instead of nine) made the traced
 * ring 10–14% cheaper in CPU (paired A/B). Chunks start small and grow (see FIRST_CHUNK). The
 * layout is in layout.ts; reader.ts builds the events back.
 */
import type { Pid, TraceEvent, Tracer } from '../../src/index.js';
import { elements, isTuple, MAX_FIELDS } from './flat.js';
import { DELTA_SHIFT, K, NO_WORDS, NODE_SHIFT, RECEIVE_TUPLE, SEND_TUPLE, STEP_FULL, TIME_MOVED, type Store } from './layout.js';
import { TraceReader } from './reader.js';

/**
 * The most slots a chunk of reference fields has (512 KB: large-object space, never copied by a
 * scavenge; measured cheaper than small young chunks for long traces), and the most events a
 * chunk of columns has. (The most one event may take is MAX_FIELDS: a send is its pid, its
 * destination and its message, flattened; a message that needs more is kept as one reference.)
 */
const CHUNK = 1 << 16;
const COLUMNS = 1 << 16;
/**
 * The first chunk of each kind is small and each next one twice as large, up to the sizes above.
 * A fresh array of 2^16 slots costs its 512 KB of fresh pages (the holes are written at once),
 * about 0.5 ms on this kind of machine: most runs record a few hundred events, and when every
 * run began with one, a traced faulted run took four times as long as an untraced one.
 */
const FIRST_CHUNK = 1 << 10;
const FIRST_COLUMNS = 1 << 9;

/** Matches no message. */
const NOTHING = Symbol('nothing');

export class Recorder implements Tracer, Store {
  step = 0;
  time = 0;
  private n = 0;
  /** The columns (see {@link STEP_FULL}), in chunks of up to `colSize` events; the current chunk and its fill. */
  readonly cols: Uint32Array[] = [];
  private words: Uint32Array = NO_WORDS;
  /** Step and time of the last event written; the steps and times its word could not hold. */
  private lastStep = 0;
  private lastTime = 0;
  readonly fullSteps: number[] = [];
  readonly movedTimes: number[] = [];
  private k: number;
  readonly nodes: string[] = [];
  private lastNode: string | undefined = undefined;
  private lastNodeIx = 0;
  /**
   * The reference fields of every event, in order, in chunks that grow to `chunkSize` slots (no
   * copying of one huge array as it grows); a record never straddles two chunks.
   */
  readonly chunks: unknown[][] = [];
  private chunk: unknown[] = [];
  private off = 0;
  /** The last offset at which a record may start in the current chunk. */
  private limit = -1;

  /**
   * `chunkSize`: the most slots a chunk of reference fields has (at least 5; below MAX_FIELDS,
   * records and flattened messages are held to it), `colSize`: the most events a chunk of
   * columns has; `firstChunk` and `firstCols`: the sizes of the first ones, which double up to
   * those (all other than the defaults only in tests).
   */
  constructor(
    public readonly enabled: boolean,
    private readonly chunkSize = CHUNK,
    private readonly colSize = COLUMNS,
    firstChunk = FIRST_CHUNK,
    firstCols = FIRST_COLUMNS,
  ) {
    this.room = Math.min(MAX_FIELDS, chunkSize);
    this.nextChunk = Math.max(this.room, Math.min(firstChunk, chunkSize));
    this.nextCols = Math.max(1, Math.min(firstCols, colSize));
    this.k = 0;
  }

  /** The sizes of the next chunks. */
  private nextChunk: number;
  private nextCols: number;

  /** Slots kept free for each event (a record never straddles two chunks). */
  readonly room: number;
  /** Builds the events when the trace is read. */
  private readonly reader = new TraceReader();
  /** The destination and message of the last send recorded. */
  private sentTo: unknown = undefined;
  private sentMsg: unknown = NOTHING;

  /** How many events have been recorded. */
  get length(): number {
    return this.n;
  }

  /** The events recorded so far, in order (built on first read, then cached). */
  get events(): TraceEvent[] {
    return this.reader.read(this);
  }

  /**
   * Starts an event: records its step, time and node; returns its index, with room for its
   * fields in the chunk. The caller adds the kind to the event's word.
   */
  private head(node: string): number {
    if (this.k === this.words.length) this.newColumns();
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
    const ix = node === this.lastNode ? this.lastNodeIx : this.internNode(node);
    this.words[i] = (d << DELTA_SHIFT) | (ix << NODE_SHIFT);
    this.n++;
    if (this.off > this.limit) this.newChunk();
    return i;
  }

  /** A delivered send (the hot path: no event object is made). */
  send(node: string, pid: Pid | undefined, to: unknown, msg: unknown): void {
    const i = this.head(node);
    const c = this.chunk;
    const o = this.off;
    c[o] = pid;
    c[o + 1] = to;
    this.words[i] |= this.putMsg(c, o + 2, msg, o + this.room, K.Send, SEND_TUPLE);
    this.sentTo = to;
    this.sentMsg = msg;
  }

  /**
   * A message taken by a receive (the hot path: no event object is made). When it is the very
   * message of the last send recorded, sent to this pid, nothing but its word is written: the
   * event reads its pid and message from the send's record (a ring's or a ping-pong's hop then
   * writes four slots, not seven). What it shows is the message as sent, which is what the
   * receiver gets in Erlang, where a send copies.
   */
  receive(node: string, pid: Pid, msg: unknown): void {
    const i = this.head(node);
    if (pid === this.sentTo && msg === this.sentMsg) {
      this.words[i] |= K.ReceiveSent;
      return;
    }
    const c = this.chunk;
    const o = this.off;
    c[o] = pid;
    this.words[i] |= this.putMsg(c, o + 1, msg, o + this.room, K.Receive, RECEIVE_TUPLE);
  }

  emit(e: TraceEvent): void {
    if (e.kind === 'send' && e.dropped === undefined) return this.send(e.node, e.pid, e.to, e.msg);
    if (e.kind === 'receive') return this.receive(e.node, e.pid, e.msg);
    const i = this.head(e.node);
    const c = this.chunk;
    const o = this.off;
    switch (e.kind) {
      case 'spawn':
        this.words[i] |= K.Spawn;
        c[o] = e.pid;
        c[o + 1] = e.parent;
        c[o + 2] = e.fn;
        c[o + 3] = e.link;
        c[o + 4] = e.monitor;
        this.off = o + 5;
        return;
      case 'exit':
        this.words[i] |= K.Exit;
        c[o] = e.pid;
        c[o + 1] = e.reason;
        this.off = o + 2;
        return;
      case 'link':
      case 'unlink':
        this.words[i] |= e.kind === 'link' ? K.Link : K.Unlink;
        c[o] = e.pid;
        c[o + 1] = e.other;
        this.off = o + 2;
        return;
      case 'monitor':
        this.words[i] |= K.Monitor;
        c[o] = e.pid;
        c[o + 1] = e.target;
        c[o + 2] = e.ref;
        this.off = o + 3;
        return;
      case 'down':
        this.words[i] |= K.Down;
        c[o] = e.pid;
        c[o + 1] = e.ref;
        c[o + 2] = e.object;
        c[o + 3] = e.reason;
        this.off = o + 4;
        return;
      case 'exitSignal':
        this.words[i] |= K.ExitSignal;
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
    this.words[i] |= K.Obj;
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
    if (ix < 0) {
      if (this.nodes.length > 0xffff) throw new RangeError('the trace recorder keeps events of at most 65,536 nodes');
      ix = this.nodes.push(node) - 1;
    }
    this.lastNode = node;
    this.lastNodeIx = ix;
    return ix;
  }

  private newChunk(): void {
    const size = this.nextChunk;
    this.nextChunk = Math.min(size * 2, this.chunkSize);
    this.chunk = new Array<unknown>(size);
    this.chunks.push(this.chunk);
    this.off = 0;
    this.limit = size - this.room;
  }

  private newColumns(): void {
    const size = this.nextCols;
    this.nextCols = Math.min(size * 2, this.colSize);
    this.words = new Uint32Array(size);
    this.cols.push(this.words);
    this.k = 0;
  }
}
