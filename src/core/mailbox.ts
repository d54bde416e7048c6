/**
 * A process mailbox: messages in arrival order (MSG-3), with removal from anywhere for
 * selective receive (RCV-1). The live messages are `items[head..tail)`: taking the oldest is
 * O(1), and the array is never shrunk (its backing store is reused, so a mailbox that keeps
 * filling and emptying allocates nothing). The array is made on the first message: many
 * processes never get one, and every object a live process holds costs the GC a copy.
 */
export class Mailbox {
  private items: unknown[] | null = null;
  private head = 0;
  private tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(msg: unknown): void {
    const items = this.items;
    if (items === null) {
      this.items = [msg];
      this.tail = 1;
      return;
    }
    if (this.tail === items.length) items.push(msg);
    else items[this.tail] = msg;
    this.tail++;
  }

  /** The i-th queued message, oldest first. */
  at(i: number): unknown {
    return i < this.tail - this.head ? this.items![this.head + i] : undefined;
  }

  /** Index of the first message accepted by `match`, scanning from `from`; -1 if none. */
  find(match: (m: unknown) => boolean, from = 0): number {
    const items = this.items!;
    for (let i = this.head + from; i < this.tail; i++) if (match(items[i])) return i - this.head;
    return -1;
  }

  /** Removes and returns the i-th queued message. */
  removeAt(i: number): unknown {
    const items = this.items!;
    const j = this.head + i;
    const m = items[j];
    if (i === 0) {
      items[this.head++] = undefined;
    } else {
      items.copyWithin(j, j + 1, this.tail);
      items[--this.tail] = undefined;
    }
    if (this.head === this.tail) {
      this.head = this.tail = 0;
    } else if (this.head > 1024 && this.head * 2 > this.tail) {
      items.copyWithin(0, this.head, this.tail);
      items.fill(undefined, this.tail - this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    return m;
  }

  /** A copy of the queued messages, oldest first. */
  toArray(): unknown[] {
    return this.items === null ? [] : this.items.slice(this.head, this.tail);
  }
}
