/**
 * A process mailbox: messages in arrival order (MSG-3), with removal from anywhere for
 * selective receive (RCV-1). The live messages are `items[head..tail)`: taking the oldest is
 * O(1), and the array is never shrunk (its backing store is reused, so a mailbox that keeps
 * filling and emptying allocates nothing). The array is made on the first message: many
 * processes never get one, and every object a live process holds costs the GC a copy.
 *
 * A two-element message such as `['$gen_cast', msg]` may be queued as its two halves
 * ({@link Mailbox.push} with `second`): the tuple is only built when the message is read. A
 * message that waits in a long queue is what the young-generation GC pays for (it copies every
 * survivor, twice); a tuple built when the message is taken dies young and costs nothing. Who
 * reads the mailbox never sees the difference.
 */

/** `second` of a message queued whole. */
export const WHOLE: unique symbol = Symbol('whole');

export class Mailbox {
  private items: unknown[] | null = null;
  /** Second halves of split two-tuples, or {@link WHOLE}; made on the first split message. */
  private seconds: unknown[] | null = null;
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** Queues `msg`, or the two-tuple `[msg, second]` when `second` is given. */
  push(msg: unknown, second: unknown = WHOLE): void {
    let items = this.items;
    if (items === null) items = this.items = [];
    else if (this.tail === items.length && this.head * 2 >= this.tail && this.head !== 0) this.compact();
    const t = this.tail++;
    if (t === items.length) items.push(msg);
    else items[t] = msg;
    let seconds = this.seconds;
    if (seconds === null) {
      if (second === WHOLE) return;
      seconds = this.seconds = new Array<unknown>(items.length).fill(WHOLE);
    }
    if (t >= seconds.length) seconds.push(second);
    else seconds[t] = second;
  }

  /** The i-th queued message, oldest first. */
  at(i: number): unknown {
    return i < this.tail - this.head ? this.read(this.head + i) : undefined;
  }

  /** Index of the first message accepted by `match`, scanning from `from`; -1 if none. */
  find(match: (m: unknown) => boolean, from = 0): number {
    for (let i = this.head + from; i < this.tail; i++) if (match(this.read(i))) return i - this.head;
    return -1;
  }

  /** Removes and returns the i-th queued message. */
  removeAt(i: number): unknown {
    const items = this.items!;
    const seconds = this.seconds;
    const j = this.head + i;
    const m = this.read(j);
    if (i === 0) {
      items[this.head] = undefined;
      if (seconds !== null) seconds[this.head] = WHOLE;
      this.head++;
    } else {
      const t = --this.tail;
      items.copyWithin(j, j + 1, t + 1);
      items[t] = undefined;
      if (seconds !== null) {
        seconds.copyWithin(j, j + 1, t + 1);
        seconds[t] = WHOLE;
      }
    }
    if (this.head === this.tail) this.head = this.tail = 0;
    return m;
  }

  /** A copy of the queued messages, oldest first. */
  toArray(): unknown[] {
    const out: unknown[] = [];
    for (let i = this.head; i < this.tail; i++) out.push(this.read(i));
    return out;
  }

  private read(j: number): unknown {
    const seconds = this.seconds;
    if (seconds === null) return this.items![j];
    const s = seconds[j];
    return s === WHOLE ? this.items![j] : [this.items![j], s];
  }

  /**
   * Moves the live messages to the front, when the array is full but at least half of it is
   * taken slots: a queue that never quite empties reuses its array instead of growing. Draining
   * moves nothing.
   */
  private compact(): void {
    const n = this.tail - this.head;
    const items = this.items!;
    items.copyWithin(0, this.head, this.tail);
    items.fill(undefined, n, this.tail);
    const seconds = this.seconds;
    if (seconds !== null) {
      seconds.copyWithin(0, this.head, this.tail);
      seconds.fill(WHOLE, n, this.tail);
    }
    this.head = 0;
    this.tail = n;
  }
}
