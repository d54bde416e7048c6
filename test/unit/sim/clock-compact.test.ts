/**
 * The virtual clock's compaction (many cancellations rebuild the heap in place): the order
 * of what is left is still (time, creation), also with timers scheduled after compacting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../sim/index.js';

describe('VirtualClock compaction', () => {
  it('TMR-4: after a compaction the survivors and later timers fire in (time, creation) order (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2100, maxLength: 2600 }),
      fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }),
      fc.integer({ min: 1, max: 1 << 30 }),
      (times, later, salt) => {
        const clock = new VirtualClock();
        const fired: number[] = [];
        const hs = times.map((t, i) => clock.schedule(t, (i: number) => fired.push(i), undefined, i));
        const keep = new Set<number>();
        // cancel all but about one in eight (chosen by the salt), enough to trigger compaction
        times.forEach((_, i) => (((i * 2654435761 + salt) >>> 0) % 8 === 0 ? keep.add(i) : clock.cancel(hs[i]!)));
        const all = times.map((t, i) => [t, i] as [number, number]).filter(([, i]) => keep.has(i));
        later.forEach((t, j) => {
          const i = times.length + j;
          clock.schedule(t, (k: number) => fired.push(k), undefined, i);
          all.push([t, i]);
        });
        expect(clock.live).toBe(all.length);
        for (let t = clock.nextTime(); t !== Infinity; t = clock.nextTime()) {
          clock.nowMs = t;
          for (const x of clock.takeDue(t)) {
            clock.markFired(x);
            x.fire();
          }
        }
        expect(fired).toEqual(all.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i));
      },
    ), { numRuns: 20 });
  });
});
