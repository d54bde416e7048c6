/**
 * End to end: a supervised system under many seeds and every strategy; every run replays from
 * its token exactly, and a changed program is caught with a TraceDivergence.
 */
import { describe, expect, it } from 'vitest';
import { Simulation, TraceDivergence, type SimulationOptions } from '../../sim/index.js';
import { system } from './system.js';

const strategies: SimulationOptions['strategy'][] = ['random', 'fifo', 'pct', { name: 'pct', depth: 5, stepsEstimate: 200 }];

describe('replay, seed by seed (e2e)', () => {
  for (const strategy of strategies) {
    it(`every run of the system replays exactly from its token (${JSON.stringify(strategy)}, seeds 0..14)`, () => {
      const values = new Set<string>();
      for (let seed = 0; seed < 15; seed++) {
        const r = Simulation.create({ seed, strategy }).run(function* () { return yield* system(); });
        expect(r.outcome, r.detail).toBe('ok');
        values.add(JSON.stringify(r.value));
        const token = decodeURIComponent(encodeURIComponent(r.token));
        const again = Simulation.replay(token, function* () { return yield* system(); });
        expect(again.divergence).toBeUndefined();
        expect([again.outcome, again.traceHash, JSON.stringify(again.value)]).toEqual([r.outcome, r.traceHash, JSON.stringify(r.value)]);
        expect(again.formatTrace()).toBe(r.formatTrace());
      }
      if (strategy !== 'fifo') expect(values.size).toBeGreaterThan(1);
    });
  }

  it('a changed program replayed against an old token stops with TraceDivergence {step, expected, actual}', () => {
    const r = Simulation.create({ seed: 3 }).run(function* () { return yield* system(3, 6); });
    const changed = Simulation.replay(r.token, function* () { return yield* system(4, 6); });
    expect(changed.outcome).toBe('nonDeterminism');
    const d = changed.divergence!;
    expect(d).toBeInstanceOf(TraceDivergence);
    expect(typeof d.step).toBe('number');
    expect(d.expected).not.toBe(d.actual);
    expect(changed.detail).toBe(d.message);
  });

  it('the token carries limits and step cost: a time-limited run replays as time-limited', () => {
    const opts: SimulationOptions = { seed: 8, timeMaxMs: 12, stepCostMs: 1 };
    const r = Simulation.create(opts).run(function* () { return yield* system(); });
    expect(r.outcome).toBe('timeLimit');
    const again = Simulation.replay(r.token, function* () { return yield* system(); });
    expect([again.outcome, again.traceHash]).toEqual(['timeLimit', r.traceHash]);
  });
});
