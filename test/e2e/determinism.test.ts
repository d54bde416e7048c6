/**
 * End to end: the harness checks itself. The system gives the same trace for the same seed under
 * every strategy, and different seeds explore different interleavings.
 */
import { describe, expect, it } from 'vitest';
import { checkDeterminism, Simulation } from '../../sim/index.js';
import { system } from './system.js';

const main = function* () {
  return yield* system();
};

describe('determinism (e2e)', () => {
  it('checkDeterminism passes for the system under random, pct and fifo', () => {
    for (const strategy of ['random', 'pct', 'fifo'] as const) {
      expect(checkDeterminism(main, { seeds: 8, options: { strategy } })).toEqual({ ok: true, runs: 8 });
    }
  });

  it('different seeds give different schedules; trace recording does not change the schedule', () => {
    const hashes = new Set<string>();
    for (let seed = 0; seed < 10; seed++) {
      const traced = Simulation.create({ seed }).run(main);
      const untraced = Simulation.create({ seed, trace: false }).run(main);
      expect(untraced.decisions).toEqual(traced.decisions);
      expect(untraced.stats).toEqual(traced.stats);
      expect(JSON.stringify(untraced.value)).toBe(JSON.stringify(traced.value));
      hashes.add(traced.traceHash);
    }
    expect(hashes.size).toBe(10);
  });

  it('the leak guard does not disturb a deterministic system, and is gone after it', () => {
    const a = Simulation.create({ seed: 5 }).run(main);
    const b = Simulation.create({ seed: 5, leakGuard: false }).run(main);
    expect(a.traceHash).toBe(b.traceHash);
    expect(typeof Date.now()).toBe('number');
  });
});
