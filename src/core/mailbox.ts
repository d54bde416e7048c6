/**
 * A process mailbox: messages in arrival order (MSG-3), with removal from anywhere for
 * selective receive (RCV-1).
 *
 * The messages live in a chain of segments, each a fixed-size array used from `head` to
 * `tail`. Taking the oldest message is O(1); a long queue grows by adding segments (twice as
 * large as the queue so far, up to a limit), so no message is ever copied to grow the queue —
 * a flat array that doubles copies every queued message again and again, and leaves large
 * dead arrays for the GC. Removing a message in the middle shifts the rest of its own segment
 * only. An emptied segment is kept as a spare, so a queue that keeps filling and emptying
 * allocates nothing. Nothing is made before the first message: many processes never get one.
 * Emptied segments of the largest size beyond the spare go to a pool that any mailbox takes
 * from (at most 64, 8–16 MB): a flood of a million messages needs sixty of them, and fresh
 * ones cost their pages (page faults, then the GC); with the pool, the next flood in the same
 * process (the next run of a sweep) reuses them. Measured on 1M casts then a call, run again
 * in one process: 18% less CPU (paired A/B). An emptied segment holds nothing (every slot is
 * cleared as its message is taken), so what a mailbox reads never depends on the pool.
 *
 * A two-element message such as `['$gen_cast', msg]` may be queued as its two halves
 * ({@link Mailbox.push} with `second`): the tuple is only built when the message is read. A
 * message that waits in a long queue is what the young-generation GC pays for (it copies every
 * survivor, twice); a tuple built when the message is taken dies young and costs nothing. Who
 * reads the mailbox never sees the difference.
 */

/** `second` of a message queued whole. */
export const WHOLE: unique symbol = Symbol('whole');

/**
 * `x === WHOLE`, written so V8 compares two symbols by address: a plain `===` between
 * {@link WHOLE} and a value that may be any term is compiled to a call of the generic
 * equality builtin (the sentinel is a module binding, not a constant, to the optimiser).
 */
export function isWhole(x: unknown): boolean {
  return typeof x === 'symbol' && x === WHOLE;
}

const FIRST_SIZE = 8;
/** 16K slots: 128 KB, which V8 puts in large-object space, where the scavenger never copies it. */
const MAX_SIZE = 16384;
/** Emptied segments of the largest size, for any mailbox to take (a flood of messages leaves many). */
const FREE: Segment[] = [];
const FREE_MAX = 64;

class Segment {
  readonly items: unknown[];
  /** Second halves of split two-tuples, or {@link WHOLE}; made on the segment's first split message. */
  seconds: unknown[] | null = null;
  head = 0;
  tail = 0;
  next: Segment | null = null;

  constructor(readonly size: number) {
    this.items = new Array<unknown>(size).fill(undefined);
  }

  read(j: number): unknown {
    const s = this.seconds;
    if (s === null) return this.items[j];
    const b = s[j];
    return isWhole(b) ? this.items[j] : [this.items[j], b];
  }
}

export class Mailbox {
  /**
   * A message that arrives to an empty mailbox is kept here, in the mailbox itself: most
   * mailboxes hold one message at a time, and a message passed along a ring of a thousand
   * processes then touches no segment memory. While `hasOne`, it is the oldest message.
   */
  private one: unknown = undefined;
  private oneSecond: unknown = WHOLE;
  private hasOne = false;
  private first: Segment | null = null;
  private last: Segment | null = null;
  private spare: Segment | null = null;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Queues `msg`, or the two-tuple `[msg, second]` when `second` is given. */
  push(msg: unknown, second: unknown = WHOLE): void {
    if (this.count === 0) {
      this.one = msg;
      this.oneSecond = second;
      this.hasOne = true;
      this.count = 1;
      return;
    }
    let s = this.last;
    if (s === null || s.tail === s.size) s = this.grow(s);
    const t = s.tail++;
    s.items[t] = msg;
    if (!isWhole(second)) (s.seconds ??= new Array<unknown>(s.size).fill(WHOLE))[t] = second;
    this.count++;
  }

  /** The i-th queued message, oldest first. */
  at(i: number): unknown {
    if (i < 0 || i >= this.count) return undefined;
    if (this.hasOne) {
      if (i === 0) return this.readOne();
      i--;
    }
    for (let s = this.first; s !== null; s = s.next) {
      const n = s.tail - s.head;
      if (i < n) return s.read(s.head + i);
      i -= n;
    }
    return undefined;
  }

  /** The newest message (undefined when empty). */
  newest(): unknown {
    const s = this.last;
    if (s !== null && s.tail !== s.head) return s.read(s.tail - 1);
    return this.hasOne ? this.readOne() : undefined;
  }

  /** Index of the first message accepted by `match`, scanning from `from`; -1 if none. */
  find(match: (m: unknown) => boolean, from = 0): number {
    let base = 0;
    if (this.hasOne) {
      if (from === 0 && match(this.readOne())) return 0;
      base = 1;
    }
    for (let s = this.first; s !== null; s = s.next) {
      const n = s.tail - s.head;
      for (let k = from > base ? from - base : 0; k < n; k++) if (match(s.read(s.head + k))) return base + k;
      base += n;
    }
    return -1;
  }

  /**
   * Removes and returns the i-th queued message. The message kept in the mailbox itself is
   * taken here; the rest is {@link Mailbox.removeFromSegments}, so that this stays small enough
   * for V8 to inline into the runtime's step.
   */
  removeAt(i: number): unknown {
    if (!this.hasOne) return this.removeFromSegments(i);
    if (i !== 0) return this.removeFromSegments(i - 1);
    const m = this.readOne();
    this.one = undefined;
    this.oneSecond = WHOLE;
    this.hasOne = false;
    this.count--;
    return m;
  }

  /** Removes and returns the i-th message of the segments (after the one kept in the mailbox). */
  private removeFromSegments(i: number): unknown {
    let prev: Segment | null = null;
    let s = this.first!;
    while (i >= s.tail - s.head) {
      i -= s.tail - s.head;
      prev = s;
      s = s.next!;
    }
    const j = s.head + i;
    const m = s.read(j);
    const items = s.items;
    const seconds = s.seconds;
    if (i === 0) {
      items[j] = undefined;
      if (seconds !== null) seconds[j] = WHOLE;
      s.head++;
    } else {
      const t = --s.tail;
      items.copyWithin(j, j + 1, t + 1);
      items[t] = undefined;
      if (seconds !== null) {
        seconds.copyWithin(j, j + 1, t + 1);
        seconds[t] = WHOLE;
      }
    }
    this.count--;
    if (s.head === s.tail) this.drop(prev, s);
    return m;
  }

  /** A copy of the queued messages, oldest first. */
  toArray(): unknown[] {
    const out: unknown[] = this.hasOne ? [this.readOne()] : [];
    for (let s = this.first; s !== null; s = s.next) for (let j = s.head; j < s.tail; j++) out.push(s.read(j));
    return out;
  }

  private readOne(): unknown {
    return isWhole(this.oneSecond) ? this.one : [this.one, this.oneSecond];
  }

  /** Appends a segment after `s` (the last one, full, or null): the spare, or a new one. */
  private grow(s: Segment | null): Segment {
    let n = this.spare;
    if (n !== null) this.spare = null;
    else {
      const size = s === null ? FIRST_SIZE : Math.min(MAX_SIZE, Math.max(FIRST_SIZE, 2 * this.count));
      n = size === MAX_SIZE && FREE.length !== 0 ? FREE.pop()! : new Segment(size);
    }
    if (s === null) this.first = n;
    else s.next = n;
    this.last = n;
    return n;
  }

  /** An emptied segment: reset in place when it is the only one, else unlinked and kept as the spare. */
  private drop(prev: Segment | null, s: Segment): void {
    s.head = s.tail = 0;
    if (this.first === s && s.next === null) return;
    if (prev === null) this.first = s.next;
    else prev.next = s.next;
    if (this.last === s) this.last = prev;
    s.next = null;
    let free: Segment | null = s;
    if (this.spare === null || this.spare.size < s.size) [free, this.spare] = [this.spare, s];
    if (free !== null && free.size === MAX_SIZE && FREE.length < FREE_MAX) FREE.push(free);
  }
}
