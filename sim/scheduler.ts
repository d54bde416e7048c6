/**
 * The run queues: which processes have something to do. Three levels (max, high, and
 * normal shared with low); the strategy chooses within the highest non-empty level, so
 * priority biases scheduling as in BEAM without taking the choice away.
 *
 * Removal at index i moves the oldest entry into slot i: O(1), and pure FIFO when the
 * oldest is the one taken.
 */
import type { Scheduler, Schedulable } from '../src/index.js';

class RunQueue {
  /** The queued processes are `items[head..tail)`; the array is reused, never shrunk. */
  items: Schedulable[] = [];
  head = 0;
  tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  push(p: Schedulable): void {
    const items = this.items;
    p.runSlot = this.tail;
    if (this.tail === items.length) items.push(p);
    else items[this.tail] = p;
    this.tail++;
  }

  take(i: number): Schedulable {
    const items = this.items;
    const j = this.head + i;
    const p = items[j]!;
    if (j !== this.head) {
      const moved = items[this.head]!;
      items[j] = moved;
      moved.runSlot = j;
    }
    items[this.head++] = undefined as unknown as Schedulable;
    if (this.head === this.tail) this.head = this.tail = 0;
    else if (this.head > 4096 && this.head * 2 > this.tail) this.compact();
    p.runSlot = -1;
    return p;
  }

  /** Moves the queue to the front of its array (out of `take`, which the step loop inlines). */
  private compact(): void {
    const items = this.items;
    const n = this.tail - this.head;
    items.copyWithin(0, this.head, this.tail);
    items.fill(undefined as unknown as Schedulable, n, this.tail);
    this.head = 0;
    this.tail = n;
    for (let k = 0; k < n; k++) items[k]!.runSlot = k;
  }
}

function level(p: Schedulable): number {
  return p.priority <= 1 ? 0 : p.priority - 1;
}

export class SimScheduler implements Scheduler {
  readonly queues = [new RunQueue(), new RunQueue(), new RunQueue()];
  /** When set, a process is queued only if the gate lets it through (hung processes wait: see faults/injector.ts). */
  gate: ((p: Schedulable) => boolean) | null = null;

  ready(p: Schedulable): void {
    if (p.runSlot === -1 && (this.gate === null || this.gate(p))) this.queues[level(p)]!.push(p);
  }

  /** Takes `p` out of its run queue, if queued (a fault that hangs it). */
  remove(p: Schedulable): void {
    if (p.runSlot === -1) return;
    const q = this.queues[level(p)]!;
    q.take(p.runSlot - q.head);
  }

  /** The queue the next step is chosen from, or null when nothing is runnable. */
  current(): RunQueue | null {
    const q = this.queues;
    if (q[2]!.length !== 0) return q[2]!;
    if (q[1]!.length !== 0) return q[1]!;
    if (q[0]!.length !== 0) return q[0]!;
    return null;
  }

  get runnable(): number {
    return this.queues[0]!.length + this.queues[1]!.length + this.queues[2]!.length;
  }
}

export type { RunQueue };
