/**
 * The strategies behind one interface: fifo, random, pct; every answer is a recorded decision.
 */
import { describe, expect, it } from 'vitest';
import { receive, self, send, sendAfter, spawn, yieldNow, type Pid } from '../../../../src/index.js';
import { PctStrategy, Random, RandomStrategy, Simulation, FifoStrategy, type SimulationOptions } from '../../../../sim/index.js';
import { simulate } from '../../../helpers.js';

/** Three workers each report three times, yielding between reports; main collects the order. */
function* race(): Generator<unknown, string, unknown> {
  const me = self();
  for (const name of ['a', 'b', 'c']) {
    spawn(function* (n: string, to: Pid) {
      for (let i = 0; i < 3; i++) {
        send(to, n);
        yield* yieldNow();
      }
    }, name, me);
  }
  let out = '';
  for (let i = 0; i < 9; i++) out += (yield* receive()) as string;
  return out;
}

const order = (opts: SimulationOptions): string => simulate<string>(race, opts).value!;

describe('fifo', () => {
  it('fifo is a plain round robin: every recorded decision takes the oldest', () => {
    const r = simulate(race, { strategy: 'fifo' });
    expect(r.value).toBe('abcabcabc');
    expect(r.decisions.length).toBeGreaterThan(0);
    expect(r.decisions.every((d) => d.choice === 0)).toBe(true);
    expect(new FifoStrategy().choose()).toBe(0);
  });

  it('fifo fires same-instant timers in creation order', () => {
    const r = simulate(function* () {
      for (let i = 0; i < 5; i++) sendAfter(10, self(), i);
      const out: unknown[] = [];
      for (let i = 0; i < 5; i++) out.push(yield* receive());
      return out;
    }, { strategy: 'fifo' });
    expect(r.value).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('random', () => {
  it('random: the same seed gives the same schedule, other seeds others', () => {
    expect(order({ seed: 5 })).toBe(order({ seed: 5 }));
    const seen = new Set(Array.from({ length: 20 }, (_, seed) => order({ seed })));
    expect(seen.size).toBeGreaterThan(5);
  });

  it('random: every choice among several runnable processes is a recorded decision, in range', () => {
    const r = simulate(race, { seed: 3 });
    expect(r.decisions.length).toBeGreaterThan(5);
    for (const d of r.decisions) {
      expect(d.kind).toBe('process');
      expect(d.choice).toBeGreaterThanOrEqual(0);
      expect(d.choice).toBeLessThan(d.options);
      expect(d.options).toBeGreaterThan(1);
    }
    expect(r.stats.decisions).toBe(r.decisions.length);
  });

  it('random: same-instant timers are a recorded timer choice', () => {
    const r = simulate(function* () {
      for (let i = 0; i < 4; i++) sendAfter(10, self(), i);
      for (let i = 0; i < 4; i++) yield* receive();
    }, { seed: 2 });
    expect(r.decisions.filter((d) => d.kind === 'timer').map((d) => d.options)).toEqual([4, 3, 2]);
  });

  it('RandomStrategy answers in range from its stream', () => {
    const s = new RandomStrategy(new Random('x'));
    for (let i = 0; i < 100; i++) {
      const c = s.pickProcess([], 0, 7);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThan(7);
    }
  });
});

describe('Random', () => {
  it('streams are seeded and forks are independent of draws elsewhere', () => {
    const a = new Random('s');
    const b = new Random('s');
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(a.draws).toBe(2);
    const f1 = new Random('s').fork('x');
    const g = new Random('s');
    g.next();
    const f2 = g.fork('x');
    expect(f1.next()).toBe(f2.next());
    expect(new Random('s').fork('x').next()).not.toBe(new Random('s').fork('y').next());
  });
});

describe('pct', () => {
  it('pct with depth 1 runs the highest-priority process until it blocks (no change point)', () => {
    const results = Array.from({ length: 12 }, (_, seed) => order({ seed, strategy: { name: 'pct', depth: 1 } }));
    for (const r of results) expect(r).toMatch(/^(aaa|bbb|ccc){3}$/);
    expect(new Set(results).size).toBeGreaterThan(1);
  });

  it('pct with change points can preempt a process mid-run', () => {
    const results = Array.from({ length: 40 }, (_, seed) => order({ seed, strategy: { name: 'pct', depth: 3, stepsEstimate: 12 } }));
    expect(results.some((r) => !/^(aaa|bbb|ccc){3}$/.test(r))).toBe(true);
    for (const r of results) expect([...r].sort().join('')).toBe('aaabbbccc');
  });

  it('pct is deterministic per seed and records its choices', () => {
    const opts: SimulationOptions = { seed: 9, strategy: { name: 'pct', depth: 2, stepsEstimate: 20 } };
    const a = simulate(race, opts);
    const b = simulate(race, opts);
    expect(a.traceHash).toBe(b.traceHash);
    expect(a.decisions.length).toBeGreaterThan(0);
    expect(new PctStrategy(new Random('1'), 2, 10).choose(0 as never, 5)).toBeLessThan(5);
  });

  it('the strategy is named in the token header', () => {
    const r = Simulation.create({ seed: 1, strategy: { name: 'pct', depth: 2 } }).run(race);
    expect(r.token.startsWith('dfs1.')).toBe(true);
  });
});
