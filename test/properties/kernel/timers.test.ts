/**
 * TMR-1..4 as properties: timers fire at exact virtual times, in (time, sequence) order under
 * fifo and in time order under every strategy; cancelTimer returns exactly what is left, or
 * false once the timer has fired (and then the message is there).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancelTimer, monotonicTime, readTimer, receive, self, send, spawn, startTimer, timer, TIMEOUT, type Op, type Pid, type Ref,
} from '../../../src/index.js';
import { Simulation, type SimulationOptions } from '../../../sim/index.js';

interface Plan {
  /** Per timer: [set at (ms), delay (even ms)]. */
  timers: [number, number][];
  /** Cancellations: [timer index, at (odd ms, so never on an expiry instant)]. */
  cancels: [number, number][];
}

const planArb: fc.Arbitrary<Plan> = fc.array(fc.tuple(fc.nat(3).map((x) => x * 10), fc.nat(20).map((x) => x * 2)), { minLength: 1, maxLength: 12 })
  .chain((timers) => fc.record({
    timers: fc.constant(timers),
    cancels: fc.array(fc.tuple(fc.nat(timers.length - 1), fc.nat(40).map((x) => x * 2 + 1)), { maxLength: 4 }),
  }));

type Arrival = [index: number, at: number];
interface Outcome {
  arrivals: Arrival[];
  /** [timer index, when, what cancelTimer returned]. */
  cancelled: [number, number, number | false][];
}

function* run(p: Plan): Op<Outcome> {
  const me = self();
  const refs: Ref[] = [];
  // Timers are set at their set-at times, in index order within one instant.
  const bySetAt = [...new Set(p.timers.map((t) => t[0]))].sort((a, b) => a - b);
  const canceller: Pid = spawn(function* () {
    const ordered = [...p.cancels].sort((a, b) => a[1] - b[1]);
    const refsNow = (yield* receive()) as Ref[];
    const out: [number, number, number | false][] = [];
    for (const [i, at] of ordered) {
      if (at > monotonicTime()) yield* timer.sleep(at - monotonicTime());
      out.push([i, monotonicTime(), refsNow[i] === undefined ? false : cancelTimer(refsNow[i]!)]);
    }
    send(me, ['cancelled', out]);
  });
  const arrivals: Arrival[] = [];
  const take = function* (until: number | 'all'): Op<void> {
    for (;;) {
      const left = until === 'all' ? 200 : until - monotonicTime();
      if (left <= 0 && until !== 'all') return;
      const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'timeout', { after: left })) as unknown[] | typeof TIMEOUT;
      if (m === TIMEOUT) return;
      arrivals.push([refs.indexOf(m[1] as Ref), monotonicTime()]);
    }
  };
  for (const at of bySetAt) {
    yield* take(at);
    p.timers.forEach(([setAt, delay], i) => { if (setAt === at) refs[i] = startTimer(delay, me, i); });
    if (at === bySetAt[bySetAt.length - 1]) send(canceller, refs); // once all are set
  }
  yield* take('all');
  const cancelled = ((yield* receive((x) => Array.isArray(x) && x[0] === 'cancelled')) as [string, [number, number, number | false][]])[1];
  return { arrivals, cancelled };
}

const strategies: SimulationOptions['strategy'][] = ['fifo', 'random', 'pct'];

describe('timers', () => {
  it('TMR-1/3/4: exact fire times, (time, sequence) order under fifo, time order under all; cancelTimer returns what is left', () => {
    fc.assert(fc.property(planArb, fc.nat(), fc.constantFrom(...strategies), (plan, seed, strategy) => {
      const r = Simulation.create({ seed, strategy }).run(function* () { return yield* run(plan); });
      expect(r.outcome).toBe('ok');
      const { arrivals, cancelled } = r.value as Outcome;
      const due = plan.timers.map(([setAt, delay]) => setAt + delay);
      // Cancellations that land before the timer is set find no ref; the canceller starts after all are set.
      const lastSet = Math.max(...plan.timers.map((t) => t[0]));
      const stopped = new Set<number>();
      for (const [i, at, left] of cancelled) {
        if (at < due[i]! && !stopped.has(i) && at >= lastSet) {
          expect(left).toBe(due[i]! - at);
          stopped.add(i);
        } else {
          expect(left).toBe(false);
        }
      }
      const expected = plan.timers.map((_, i) => i).filter((i) => !stopped.has(i));
      expect(arrivals.map((a) => a[0]).sort((a, b) => a - b)).toEqual(expected);
      for (const [i, at] of arrivals) expect(at).toBe(due[i]);
      for (let k = 1; k < arrivals.length; k++) expect(arrivals[k]![1]).toBeGreaterThanOrEqual(arrivals[k - 1]![1]);
      if (strategy === 'fifo') {
        const order = [...expected].sort((a, b) => due[a]! - due[b]! || plan.timers[a]![0] - plan.timers[b]![0] || a - b);
        expect(arrivals.map((a) => a[0])).toEqual(order);
      }
    }), { numRuns: 150 });
  });

  it('TMR-3: readTimer counts down with virtual time and never goes below 0 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 5 }), (delay, waits) => {
      const r = Simulation.create({ seed: 1 }).run(function* () {
        const ref = startTimer(delay, self(), 'x');
        const reads: [number, number | false][] = [];
        for (const w of waits) {
          yield* receive((m) => m === 'never', { after: w });
          reads.push([monotonicTime(), readTimer(ref)]);
        }
        return reads;
      });
      for (const [t, left] of r.value as [number, number | false][]) expect(left).toBe(t < delay ? delay - t : false);
    }), { numRuns: 100 });
  });
});
