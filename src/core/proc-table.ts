/**
 * The processes of one node (live or exiting), in spawn order.
 *
 * An intrusive doubly linked list through the process records: adding and removing touch
 * two neighbours and hash nothing (a `Map` keyed by serial rehashes as processes come and
 * go, which dominated spawn-heavy runs). Lookup by pid goes through {@link Runtime.lookup}.
 */
import type { Proc } from './process.js';

/** @internal */
export class ProcTable {
  private first: Proc | null = null;
  private last: Proc | null = null;
  private count = 0;

  /** The oldest process; walk on with `p.nextLive` (no iterator object). */
  get head(): Proc | null {
    return this.first;
  }

  /** How many processes the node holds. */
  get size(): number {
    return this.count;
  }

  /** Appends a new process. */
  add(p: Proc): void {
    p.prevLive = this.last;
    p.nextLive = null;
    if (this.last === null) this.first = p;
    else this.last.nextLive = p;
    this.last = p;
    this.count++;
  }

  /** Removes a process (its `nextLive` is kept, so an iteration standing on it goes on). */
  remove(p: Proc): void {
    const prev = p.prevLive;
    const next = p.nextLive;
    if (prev === null) {
      if (this.first !== p) return; // not in the table
      this.first = next;
    } else {
      prev.nextLive = next;
    }
    if (next === null) this.last = prev;
    else next.prevLive = prev;
    p.prevLive = null;
    this.count--;
  }

  /** The process with this serial number, by a walk: prefer `Runtime.lookup(pid)`. */
  get(serial: number): Proc | undefined {
    for (let p = this.first; p !== null; p = p.nextLive) if (p.pid.serial === serial) return p;
    return undefined;
  }

  /** The processes in spawn order. */
  *values(): IterableIterator<Proc> {
    for (let p = this.first; p !== null; p = p.nextLive) yield p;
  }

  [Symbol.iterator](): IterableIterator<Proc> {
    return this.values();
  }
}
