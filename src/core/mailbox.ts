/**
 * A process mailbox: messages in arrival order (MSG-3), with removal from anywhere for
 * selective receive (RCV-1). A head offset makes taking the oldest message O(1).
 */
export class Mailbox {
  private items: unknown[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(msg: unknown): void {
    this.items.push(msg);
  }

  /** The i-th queued message, oldest first. */
  at(i: number): unknown {
    return this.items[this.head + i];
  }

  /** Index of the first message accepted by `match`, scanning from `from`; -1 if none. */
  find(match: (m: unknown) => boolean, from = 0): number {
    const items = this.items;
    for (let i = this.head + from; i < items.length; i++) if (match(items[i])) return i - this.head;
    return -1;
  }

  /** Removes and returns the i-th queued message. */
  removeAt(i: number): unknown {
    const items = this.items;
    if (i === 0) {
      const m = items[this.head];
      items[this.head++] = undefined;
      if (this.head === items.length) {
        items.length = 0;
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > items.length) {
        this.items = items.slice(this.head);
        this.head = 0;
      }
      return m;
    }
    const j = this.head + i;
    const m = items[j];
    if (j === items.length - 1) items.pop();
    else items.splice(j, 1);
    return m;
  }

  /** A copy of the queued messages, oldest first. */
  toArray(): unknown[] {
    return this.items.slice(this.head);
  }
}
