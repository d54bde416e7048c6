/**
 * The virtual clock: a timer heap ordered by (time, sequence), lazy cancellation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../sim/index.js';

describe('VirtualClock', () => {
  it('TMR-4: timers come out in (time, creation) order, cancelled ones never (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 80 }),
      fc.integer({ min: 0, max: 1 }),
      (specs, compactEarly) => {
        const clock = new VirtualClock();
        const fired: number[] = [];
        const handles = specs.map(([t], i) => clock.schedule(t, () => fired.push(i), `p${i}`));
        specs.forEach(([, cancel], i) => { if (cancel) clock.cancel(handles[i]!); });
        if (compactEarly) for (const h of handles) clock.cancel(h); // cancelling twice is harmless
        const live = specs.map((s, i) => [s[0], i, s[1] || compactEarly === 1] as const).filter((x) => !x[2]);
        expect(clock.live).toBe(live.length);
        for (;;) {
          const next = clock.nextTime();
          if (next === Infinity) break;
          clock.nowMs = next;
          const due = clock.takeDue(next);
          expect(due.every((t) => t.time === next)).toBe(true);
          for (const t of due) {
            clock.markFired(t);
            t.fire();
          }
        }
        const expected = [...live].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[1]);
        expect(fired).toEqual(expected);
        expect(clock.live).toBe(0);
      },
    ), { numRuns: 200 });
  });

  it('takeDue takes only the earliest instant, and nothing before it is due', () => {
    const clock = new VirtualClock();
    clock.schedule(5, () => {});
    clock.schedule(5, () => {});
    clock.schedule(9, () => {});
    expect(clock.takeDue(4)).toEqual([]);
    expect(clock.takeDue(100).map((t) => t.time)).toEqual([5, 5]);
    expect(clock.nextTime()).toBe(9);
  });

  it('takeDueInto fills a reused array with one instant\'s batch and says how many it holds', () => {
    const clock = new VirtualClock();
    for (const t of [3, 3, 3, 7]) clock.schedule(t, () => {}, undefined, t);
    clock.cancel(clock.schedule(7, () => {}));
    const out = clock.takeDue(0);
    expect(clock.takeDueInto(5, out)).toBe(3);
    expect(out.map((t) => [t.time, t.seq])).toEqual([[3, 0], [3, 1], [3, 2]]);
    expect(clock.takeDueInto(10, out)).toBe(1); // the cancelled 7 is skipped
    expect(out[0]!.seq).toBe(3);
    expect(clock.takeDueInto(10, out)).toBe(0);
    expect(clock.live).toBe(4); // taken, none marked fired yet
  });

  it('many cancellations compact the heap and keep the order', () => {
    const clock = new VirtualClock();
    const hs = Array.from({ length: 5000 }, (_, i) => clock.schedule(5000 - i, () => {}));
    for (let i = 0; i < 4990; i++) clock.cancel(hs[i]!);
    expect(clock.live).toBe(10);
    const times: number[] = [];
    for (let t = clock.nextTime(); t !== Infinity; t = clock.nextTime()) for (const x of clock.takeDue(t)) times.push(x.time);
    expect(times).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('system time is monotonic time plus an offset', () => {
    const clock = new VirtualClock(100, 1000);
    expect([clock.now(), clock.systemTime()]).toEqual([100, 1100]);
    clock.nowMs = 250;
    expect(clock.systemTime()).toBe(1250);
  });
});
