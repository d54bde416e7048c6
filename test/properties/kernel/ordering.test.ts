/**
 * MSG-2 as a property: messages from one sender to one receiver arrive in send order, whatever
 * the seed and strategy, with many senders and many receivers interleaving (MSG-6 too: what a
 * sender sent before dying arrives before its DOWN).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monitor, receive, self, send, spawn, yieldNow, type Op, type Pid, type Ref } from '../../../src/index.js';
import { Simulation, type SimulationOptions } from '../../../sim/index.js';

interface Plan {
  senders: number;
  receivers: number;
  /** Per sender: the receivers it sends to, in order, and whether it yields after each send. */
  sends: [number, boolean][][];
  selective: boolean;
}

const planArb: fc.Arbitrary<Plan> = fc.record({ senders: fc.integer({ min: 1, max: 4 }), receivers: fc.integer({ min: 1, max: 3 }) })
  .chain(({ senders, receivers }) => fc.record({
    senders: fc.constant(senders),
    receivers: fc.constant(receivers),
    sends: fc.array(fc.array(fc.tuple(fc.nat(receivers - 1), fc.boolean()), { maxLength: 12 }), { minLength: senders, maxLength: senders }),
    selective: fc.boolean(),
  }));

const optsArb: fc.Arbitrary<SimulationOptions> = fc.record({
  seed: fc.nat(),
  strategy: fc.constantFrom<SimulationOptions['strategy']>('random', 'pct', { name: 'pct', depth: 4, stepsEstimate: 40 }),
});

function* sender(id: number, plan: [number, boolean][], receivers: Pid[]): Op<void> {
  const seq = new Array(receivers.length).fill(0);
  for (const [to, pause] of plan) {
    send(receivers[to]!, [id, seq[to]++]);
    if (pause) yield* yieldNow();
  }
}

describe('per-pair FIFO', () => {
  it('MSG-2: messages from one sender to one receiver arrive in send order, under random seeds and strategies', () => {
    fc.assert(fc.property(planArb, optsArb, (plan, opts) => {
      const r = Simulation.create(opts).run(function* () {
        return yield* fifoScenario(plan);
      });
      expect(r.outcome).toBe('ok');
      const seen = r.value as Map<number, [number, number][]>;
      for (const [rcv, msgs] of seen) {
        const expectedCount = plan.sends.reduce((n, s) => n + s.filter(([to]) => to === rcv).length, 0);
        expect(msgs).toHaveLength(expectedCount);
        for (let s = 0; s < plan.senders; s++) {
          const fromS = msgs.filter((m) => m[0] === s).map((m) => m[1]);
          expect(fromS).toEqual(fromS.map((_, i) => i));
        }
      }
    }), { numRuns: 100 });
  });

  it('MSG-6: what a sender sent before dying reaches a monitoring receiver before the DOWN', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(5), { minLength: 1, maxLength: 4 }), optsArb, (receivers, counts, opts) => {
      const r = Simulation.create(opts).run(function* () {
        const me = self();
        const rs: Pid[] = [];
        for (let i = 0; i < receivers; i++) {
          rs.push(spawn(function* (senders: number) {
            const got: unknown[] = [];
            const refs = new Map<Ref, number>();
            for (let k = 0; k < senders; k++) {
              const [, id, pid] = (yield* receive((m) => Array.isArray(m) && m[0] === 'watch')) as [string, number, Pid];
              refs.set(monitor('process', pid), id);
            }
            send(me, 'watching');
            let downs = 0;
            while (downs < senders) {
              const m = (yield* receive()) as unknown[];
              if (m[0] === 'DOWN') {
                downs++;
                got.push(['DOWN', refs.get(m[1] as Ref)]);
              } else got.push(m);
            }
            send(me, ['done', got]);
          }, counts.length));
        }
        const senders = counts.map((n, id) => spawn(function* () {
          yield* receive((m) => m === 'go');
          for (let k = 0; k < n; k++) {
            for (const q of rs) send(q, [id, k]);
            yield* yieldNow();
          }
        }));
        senders.forEach((pid, id) => rs.forEach((q) => send(q, ['watch', id, pid])));
        for (let i = 0; i < receivers; i++) yield* receive((m) => m === 'watching');
        for (const s of senders) send(s, 'go');
        const all: unknown[][] = [];
        for (let i = 0; i < receivers; i++) all.push(((yield* receive((m) => Array.isArray(m) && m[0] === 'done')) as unknown[])[1] as unknown[]);
        return all;
      });
      expect(r.outcome).toBe('ok');
      for (const got of r.value as unknown[][][]) {
        counts.forEach((n, id) => {
          const mine = got.filter((m) => m[0] === id || (m[0] === 'DOWN' && m[1] === id));
          expect(mine).toEqual([...Array.from({ length: n }, (_, k) => [id, k]), ['DOWN', id]]);
        });
      }
    }), { numRuns: 60 });
  });
});

/** Every sender sends its plan; every receiver takes all its messages (selectively when asked). */
function* fifoScenario(p: Plan): Op<Map<number, [number, number][]>> {
  const me = self();
  const totals = new Array(p.receivers).fill(0);
  for (const s of p.sends) for (const [to] of s) totals[to]++;
  const receivers: Pid[] = [];
  for (let r = 0; r < p.receivers; r++) {
    receivers.push(spawn(function* (total: number) {
      const got: [number, number][] = [];
      while (got.length < total) {
        // Selective: prefer the sender with the highest id among those queued (skipping others),
        // which must not disturb any one sender's order.
        const want = p.selective && got.length % 2 === 0 ? p.senders - 1 - (got.length % p.senders) : -1;
        const m = (yield* receive(want < 0 ? null : (x: unknown) => (x as number[])[0] === want, { after: want < 0 ? 'infinity' : 0 })) as
          [number, number] | symbol;
        if (typeof m !== 'symbol') got.push(m);
        else if (want >= 0) got.push((yield* receive()) as [number, number]);
      }
      send(me, ['seen', self(), got]);
    }, totals[r]));
  }
  for (let s = 0; s < p.senders; s++) spawn(sender, s, p.sends[s]!, receivers);
  const out = new Map<number, [number, number][]>();
  for (let r = 0; r < p.receivers; r++) {
    const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'seen' && x[1] === receivers[r])) as [string, Pid, [number, number][]];
    out.set(r, m[2]);
  }
  return out;
}

