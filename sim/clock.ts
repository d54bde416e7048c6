/**
 * The virtual clock: monotonic time in ms that moves only when the simulation moves it, and
 * a timer heap ordered by (time, sequence). Cancelled timers are dropped lazily.
 */
import type { Clock, TimerHandle } from '../src/index.js';

/** @internal A pending timer. */
export class SimTimer implements TimerHandle {
  done = false;
  constructor(
    public time: number,
    readonly seq: number,
    private readonly callback: (arg: never) => void,
    /** Who it is for: a pid or a label (see {@link VirtualClock.postpone}). */
    readonly target: unknown,
    private readonly arg: unknown,
  ) {}

  /** Runs the timer's callback. */
  fire(): void {
    (this.callback as (arg: unknown) => void)(this.arg);
  }
}

function before(a: SimTimer, b: SimTimer): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/**
 * A binary min-heap of timers plus the current virtual time.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * clock.schedule(100, () => {});
 * clock.nextTime(); // 100 (sim.clock.nowMs is a simulation's virtual time)
 * ```
 */
export class VirtualClock implements Clock {
  private heap: SimTimer[] = [];
  private seq = 0;
  /** Timers neither fired nor cancelled. */
  live = 0;
  private cancelled = 0;

  constructor(
    public nowMs = 0,
    /** Offset of system time from monotonic time, per node (clock skew is a fault). */
    public systemOffsetMs = 1_700_000_000_000,
  ) {}

  now(): number {
    return this.nowMs;
  }

  systemTime(): number {
    return this.nowMs + this.systemOffsetMs;
  }

  schedule(time: number, fire: (arg: never) => void, target?: unknown, arg?: unknown): TimerHandle {
    const t = new SimTimer(time, this.seq++, fire, target, arg);
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(t, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = t;
    this.live++;
    return t;
  }

  cancel(handle: TimerHandle): void {
    const t = handle as SimTimer;
    if (t.done) return;
    t.done = true;
    this.live--;
    if (++this.cancelled > 1024 && this.cancelled > this.heap.length >> 1) this.compact();
  }

  /** Time of the earliest pending timer, or Infinity. */
  nextTime(): number {
    this.dropCancelled();
    return this.heap.length === 0 ? Infinity : this.heap[0]!.time;
  }

  /** Removes and returns every pending timer due at exactly the earliest time `t <= upTo`. */
  takeDue(upTo: number): SimTimer[] {
    const out: SimTimer[] = [];
    out.length = this.takeDueInto(upTo, out);
    return out;
  }

  /**
   * {@link takeDue} into `out[0..k)`, returning k; slots from k on are left as they were (the
   * simulation reuses one array for every batch).
   */
  takeDueInto(upTo: number, out: SimTimer[]): number {
    this.dropCancelled();
    const h = this.heap;
    if (h.length === 0 || h[0]!.time > upTo) return 0;
    const t = h[0]!.time;
    let k = 0;
    while (h.length !== 0 && h[0]!.time === t) {
      const top = this.pop();
      if (!top.done) out[k++] = top;
      else this.cancelled--;
    }
    return k;
  }

  /** Marks a taken timer as fired. */
  markFired(t: SimTimer): void {
    if (!t.done) {
      t.done = true;
      this.live--;
    }
  }

  /**
   * Moves every pending timer whose target is in `targets` `delayMs` later (a fault: a timer
   * that fires late); returns how many moved. Handles keep their identity, so cancelling still works.
   */
  postpone(targets: ReadonlySet<string>, delayMs: number): number {
    let moved = 0;
    for (const t of this.heap) {
      if (t.done || t.target === undefined || !targets.has(String(t.target))) continue;
      t.time += delayMs;
      moved++;
    }
    if (moved !== 0) this.compact();
    return moved;
  }

  private dropCancelled(): void {
    const h = this.heap;
    while (h.length !== 0 && h[0]!.done) {
      this.pop();
      this.cancelled--;
    }
  }

  private pop(): SimTimer {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length !== 0) this.siftDown(0, last);
    return top;
  }

  /** Drops the cancelled timers and restores the heap order (Floyd's heapify, O(n)). */
  private compact(): void {
    const h = this.heap;
    let n = 0;
    for (let i = 0; i < h.length; i++) if (!h[i]!.done) h[n++] = h[i]!;
    h.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, h[i]!);
    this.cancelled = 0;
  }

  /** Puts `t` at slot `i` or below, moving smaller children up. */
  private siftDown(i: number, t: SimTimer): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, t)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = t;
  }
}
