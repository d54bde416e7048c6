import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/index.js';
import { caseInput, caseOptions } from '../../properties/index.js';
import { supervised, web } from '../properties/harness/scenarios.js';

describe('faulted runs are deterministic and replay exactly', () => {
  for (const s of [web, supervised]) {
    it(`${s.name}: the same seed and plan give the same trace; the token replays it (property)`, () => {
      fc.assert(fc.property(caseInput(s, 'pct'), (input) => {
        const a = Simulation.create(caseOptions(s, input)).run(s.main);
        const b = Simulation.create(caseOptions(s, input)).run(s.main);
        expect(b.traceHash).toBe(a.traceHash);
        const again = Simulation.replayWith(a.token, { main: s.main, ...(s.liveness ? { liveness: s.liveness } : {}) });
        expect(again.outcome).toBe(a.outcome);
        expect(again.traceHash).toBe(a.traceHash);
      }), { numRuns: 25, seed: 11 });
    });
  }
});
