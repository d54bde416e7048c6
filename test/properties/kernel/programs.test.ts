/**
 * Properties over generated process programs: determinism (same trace hash twice over 1,000
 * seeds), the kernel invariants (nothing found in any run), replay (a token reproduces its
 * run), and deadlock detection (never while a timer could still wake a process).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Status } from '../../../src/index.js';
import { Simulation } from '../../../sim/index.js';
import { checkInvariants, formatViolations } from '../../../properties/index.js';
import { programArb, programMain, simOptionsArb } from './programs.js';

describe('generated programs', () => {
  it('SIM-2: 1,000 seeds of generated programs give the same trace hash, outcome and decisions twice', () => {
    const outcomes = new Map<string, number>();
    fc.assert(fc.property(programArb({ procs: 3, ops: 6 }), simOptionsArb, (prog, opts) => {
      const a = Simulation.create(opts).run(programMain(prog));
      const b = Simulation.create(opts).run(programMain(prog));
      expect(a.outcome).not.toBe('harnessError');
      expect(b.traceHash).toBe(a.traceHash);
      expect(b.outcome).toBe(a.outcome);
      expect(b.stats).toEqual(a.stats);
      expect(b.decisions).toEqual(a.decisions);
      outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
    }), { numRuns: 1000 });
    // The generator reaches the interesting outcomes.
    expect([...outcomes.keys()].sort()).toEqual(expect.arrayContaining(['crashed', 'deadlock', 'ok']));
  });

  it('SIM-2: recording the trace or copying messages (MSG-5) does not change a run: same outcome, decisions, stats and value', () => {
    // The untraced, uncopied run takes the kernel's fast paths (a send to a pid, a receive woken
    // by a message); the traced and the strict runs take the general ones.
    fc.assert(fc.property(programArb(), simOptionsArb, (prog, opts) => {
      const plain = Simulation.create({ ...opts, trace: false }).run(programMain(prog));
      for (const other of [Simulation.create(opts), Simulation.create({ ...opts, trace: false, copyMessages: true })]) {
        const r = other.run(programMain(prog));
        expect([r.outcome, r.decisions, r.stats, JSON.stringify(r.value)]).toEqual([plain.outcome, plain.decisions, plain.stats, JSON.stringify(plain.value)]);
      }
    }), { numRuns: 300 });
  });

  it('LINK/MON/MSG: the kernel invariants find nothing in any generated run (links, monitors, per-pair order, message accounting)', () => {
    fc.assert(fc.property(programArb(), simOptionsArb, (prog, opts) => {
      const r = Simulation.create(opts).run(programMain(prog));
      expect(r.outcome).not.toBe('harnessError');
      expect(formatViolations(checkInvariants(r.trace))).toBe('');
    }), { numRuns: 300 });
  });

  it('replaying any generated run reproduces its trace hash and outcome', () => {
    fc.assert(fc.property(programArb(), simOptionsArb, (prog, opts) => {
      const r = Simulation.create(opts).run(programMain(prog));
      const again = Simulation.replay(r.token, programMain(prog));
      expect(again.divergence).toBeUndefined();
      expect([again.outcome, again.traceHash, again.value]).toEqual([r.outcome, r.traceHash, r.value]);
    }), { numRuns: 200 });
  });

  it('SIM-4: deadlock is reported only when nothing can run and no timer can wake a process; the report names every live process', () => {
    let deadlocks = 0;
    fc.assert(fc.property(programArb({ mainWait: fc.constant('infinity') }), simOptionsArb, (prog, opts) => {
      const sim = Simulation.create(opts);
      const r = sim.run(programMain(prog));
      if (r.outcome !== 'deadlock') {
        expect(['ok', 'crashed']).toContain(r.outcome);
        return;
      }
      deadlocks++;
      expect(sim.clock.nextTime()).toBe(Infinity);
      expect(sim.scheduler.runnable).toBe(0);
      const live = [...sim.runtime.procs.values()];
      for (const p of live) {
        expect(p.status).toBe(Status.Waiting);
        expect(p.recvTimer).toBeNull();
      }
      expect(r.deadlock!.blocked.map((b) => b.pid)).toEqual(live.map((p) => p.pid));
      for (const p of live) if (p.name !== undefined) expect(r.deadlock!.text).toContain(`'${p.name}'`);
    }), { numRuns: 300 });
    expect(deadlocks).toBeGreaterThan(10);
  });
});
