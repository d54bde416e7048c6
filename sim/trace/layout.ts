/**
 * How the trace recorder stores events (recorder.ts writes them, reader.ts builds them back):
 * a 32-bit word an event in chunks of typed arrays, and each event's reference fields in
 * chunks of plain arrays (see recorder.ts for why).
 */

/** Kind codes of the columnar store; `Obj` keeps the event object itself. */
export const enum K {
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
  /** A receive of the message of the send just before, to this process: see `Recorder.receive`. */
  ReceiveSent,
}

/**
 * A send or receive whose message is a tuple of n elements (n < MAX_FIELDS, flat.ts) is of kind
 * `SEND_TUPLE + n` or `RECEIVE_TUPLE + n`, and its elements follow without a marker: the
 * commonest message, a tuple of two or three, takes a slot less (a ring's hop writes seven
 * slots instead of nine, and traced runs are bound by the memory the trace takes).
 */
export const SEND_TUPLE = 32;
export const RECEIVE_TUPLE = 64;

/**
 * The per-event columns: one 32-bit word an event, in chunks. The low byte is the kind; the
 * next is the step and time, stored as a change from the event before: the step's increase
 * (`STEP_FULL`: the step is in the list of full steps) and whether time moved (`TIME_MOVED`:
 * the new time is in the list of times); most events share their step or follow it by one, and
 * most share their time (a million-hop traced ring wrote 32 MB of steps and times as numbers,
 * every page of it fresh memory). The high 16 bits are the index of the event's node in
 * `nodes`. One word, not three typed arrays: one write an event, and one allocation a chunk.
 */
export const STEP_FULL = 127;
export const TIME_MOVED = 128;
export const DELTA_SHIFT = 8;
export const NODE_SHIFT = 16;
export const NO_WORDS = new Uint32Array(0);

/** What the reader reads of a recorder: the events' words and fields, and the lists they point into. */
export interface Store {
  /** How many events there are. */
  readonly length: number;
  /** Slots kept free for each record: a record starts at most this far before its chunk's end. */
  readonly room: number;
  readonly cols: readonly Uint32Array[];
  readonly chunks: readonly (readonly unknown[])[];
  /** The steps that did not fit their event's byte, the times that moved, in order; the nodes. */
  readonly fullSteps: readonly number[];
  readonly movedTimes: readonly number[];
  readonly nodes: readonly string[];
}
