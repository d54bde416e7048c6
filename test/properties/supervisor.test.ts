import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Supervisor, exit, processFlag, receive, spawnLink, timer, type Pid, type TraceEvent } from '../../src/index.js';
import { Simulation, checkDeterminism } from '../../sim/index.js';
import { formatViolations } from '../../properties/invariants/violation.js';
import {
  checkGroupRestarts, checkIntensity, checkNoOrphans, checkPermanentAlive, checkRestartTypes, checkShutdownOrder, checkSupervision,
} from '../../properties/invariants/supervisor.js';
import { killPlan, nodesOf, runKillPlan, supTree, type KillStep, type SupNode } from '../../properties/arbitraries/sup-tree.js';
import { faultPlan } from '../../properties/index.js';

function run(tree: SupNode, plan: readonly KillStep[], seed = 1) {
  return Simulation.create({ seed }).run(runKillPlan(tree, plan));
}

const treeAndPlan = supTree().chain((t) => fc.tuple(fc.constant(t), killPlan(t), fc.integer({ min: 1, max: 1000 })));

const reports = (trace: readonly TraceEvent[], ctx: string) =>
  trace.filter((e) => e.kind === 'report' && (e.report as { errorContext?: string }).errorContext === ctx);

describe('supervision invariants over generated trees and kill plans', () => {
  it('every invariant holds for trees of depth up to 4 under random kill plans (property)', () => {
    fc.assert(fc.property(treeAndPlan, ([tree, plan, seed]) => {
      const r = run(tree, plan, seed);
      expect(r.outcome, r.detail).toBe('ok');
      const vs = checkSupervision(r.trace);
      expect(vs, formatViolations(vs)).toEqual([]);
    }), { numRuns: 60 });
  });

  it('every invariant holds under generated fault plans (kill, exit, hang, slow, late timers) aimed at the tree (property)', () => {
    const arb = supTree().chain((t) => fc.tuple(fc.constant(t),
      faultPlan({ names: nodesOf(t).map((n) => n.id), maxFaults: 5, horizonMs: 3000, maxDurationMs: 2000 }), fc.integer({ min: 1, max: 1000 })));
    fc.assert(fc.property(arb, ([tree, plan, seed]) => {
      const r = Simulation.create({ seed, faults: plan }).run(runKillPlan(tree, []));
      expect(r.outcome, r.detail).toBe('ok');
      const vs = checkSupervision(r.trace);
      expect(vs, formatViolations(vs)).toEqual([]);
    }), { numRuns: 40 });
  });

  it('the arbitrary covers deep trees, every strategy and restart type, and runs that exhaust the intensity, retry failed restarts and kill slow children', () => {
    const samples = fc.sample(treeAndPlan, { numRuns: 120, seed: 42 });
    const nodes = samples.flatMap(([t]) => nodesOf(t));
    const depth = (id: string) => id.split('.').length;
    expect(Math.max(...nodes.map((n) => depth(n.id)))).toBeGreaterThanOrEqual(4);
    for (const s of ['one_for_one', 'one_for_all', 'rest_for_one']) expect(nodes.some((n) => n.kind === 'supervisor' && n.strategy === s)).toBe(true);
    for (const r of ['permanent', 'transient', 'temporary']) expect(nodes.some((n) => n.restart === r)).toBe(true);
    const traces = samples.slice(0, 40).map(([t, p, seed]) => run(t, p, seed).trace);
    expect(traces.filter((tr) => reports(tr, 'shutdown').length > 0).length).toBeGreaterThan(0); // intensity exhausted
    expect(traces.filter((tr) => reports(tr, 'start_error').length > 0).length).toBeGreaterThan(0); // failed restarts retried
    expect(traces.filter((tr) => reports(tr, 'shutdown_error').length > 0).length).toBeGreaterThan(0); // slow children killed
  });
});

/** A tree whose checkers must see each kind of event: one_for_all with a slow child, and a rest_for_one. */
const fixed: SupNode = {
  kind: 'supervisor', id: 's0', restart: 'permanent', shutdown: 'infinity', strategy: 'one_for_all', intensity: 1, period: 5,
  children: [
    { kind: 'worker', id: 'w0.0', restart: 'permanent', shutdown: 1000, slowStopMs: 0 },
    { kind: 'worker', id: 'w0.1', restart: 'transient', shutdown: 50, slowStopMs: 200 },
    {
      kind: 'supervisor', id: 's0.2', restart: 'permanent', shutdown: 'infinity', strategy: 'rest_for_one', intensity: 2, period: 1,
      children: [
        { kind: 'worker', id: 'w0.2.0', restart: 'permanent', shutdown: 'brutal_kill', slowStopMs: 0 },
        { kind: 'worker', id: 'w0.2.1', restart: 'temporary', shutdown: 100, slowStopMs: 0 },
        { kind: 'worker', id: 'w0.2.2', restart: 'permanent', shutdown: 100, slowStopMs: 0 },
      ],
    },
  ],
};

describe('the checkers catch broken traces', () => {
  it('a clean run of a fixed tree passes, and exhausting the root intensity is reported', () => {
    const r = run(fixed, [{ afterMs: 10, target: 'w0.2.0', reason: 'crash' }, { afterMs: 10, target: 'w0.0', reason: 'kill' }, { afterMs: 100, target: 'w0.0', reason: 'kill' }]);
    expect(checkSupervision(r.trace)).toEqual([]);
    expect(reports(r.trace, 'shutdown').length).toBe(1);
  });

  it('checkIntensity flags a supervisor that gave up too early, or not at all', () => {
    const r = run(fixed, [{ afterMs: 10, target: 'w0.0', reason: 'kill' }, { afterMs: 100, target: 'w0.0', reason: 'kill' }]);
    const giveUp = r.trace.findIndex((e) => e.kind === 'report' && (e.report as { reason?: unknown }).reason === 'reached_max_restart_intensity');
    expect(giveUp).toBeGreaterThan(0);
    expect(checkIntensity(r.trace.filter((_, i) => i !== giveUp)).length).toBe(1);
    const firstTerminated = r.trace.findIndex((e) => e.kind === 'report' && (e.report as { errorContext?: string }).errorContext === 'child_terminated');
    expect(checkIntensity(r.trace.filter((_, i) => i !== firstTerminated)).map((v) => v.invariant)).toEqual(['intensity']);
  });

  it('checkShutdownOrder flags signals out of reverse start order; checkGroupRestarts a missing restart', () => {
    const r = run(fixed, [{ afterMs: 0, target: 'w0.2.0', reason: 'crash' }]);
    expect(checkSupervision(r.trace)).toEqual([]);
    const sigs = r.trace.map((e, i) => (e.kind === 'exitSignal' && !e.link && String(e.from) === String(r.trace.find((x) => x.kind === 'register' && x.name === 's0.2')!.pid) ? i : -1)).filter((i) => i >= 0);
    expect(sigs.length).toBeGreaterThanOrEqual(1);
    // Move the rest_for_one's last shutdown signal to the front of its round.
    const swapped = [...r.trace];
    const [first, last] = [sigs[0]!, sigs[sigs.length - 1]!];
    if (first !== last) [swapped[first], swapped[last]] = [swapped[last]!, swapped[first]!];
    if (first !== last) expect(checkShutdownOrder(swapped).length).toBeGreaterThan(0);
    const lastStart = r.trace.map((e) => e.kind === 'report' && e.category === 'progress').lastIndexOf(true);
    expect(checkGroupRestarts(r.trace.filter((_, i) => i !== lastStart)).length).toBe(1);
  });

  it('checkNoOrphans, checkPermanentAlive and checkRestartTypes flag what they should', () => {
    const r = run(fixed, [{ afterMs: 0, target: 'w0.2.1', reason: 'crash' }, { afterMs: 0, target: 'w0.1', reason: 'normal' }]);
    expect(checkSupervision(r.trace)).toEqual([]);
    const exitsOf = (name: string) => {
      const pid = String(r.trace.find((e) => e.kind === 'register' && e.name === name)!.pid);
      return r.trace.findIndex((e) => e.kind === 'exit' && String(e.pid) === pid);
    };
    // Without the exit of a temporary child: it looks alive; fine for a temporary, not for a permanent.
    expect(checkPermanentAlive(r.trace.filter((_, i) => i !== exitsOf('w0.2.1')))).toEqual([]);
    const sup = run(fixed, [{ afterMs: 0, target: 's0.2', reason: 'kill' }]);
    const withoutChildExit = sup.trace.filter((e, i) => !(e.kind === 'exit' && i === sup.trace.findIndex((x) => x.kind === 'exit')));
    expect(checkNoOrphans(withoutChildExit).length + checkPermanentAlive(withoutChildExit).length).toBeGreaterThan(0);
    // A transient restarted after its normal exit, or a temporary restarted at all, is flagged.
    const startOf = (id: string) => r.trace.find((e) => e.kind === 'report' && (e.report as { started?: { id: string } }).started?.id === id)!;
    const again = (id: string): TraceEvent => {
      const e = startOf(id) as Extract<TraceEvent, { kind: 'report' }>;
      const started = (e.report as { started: object }).started;
      return { ...e, report: { ...(e.report as object), started: { ...started, pid: '<0.999.0>' } } };
    };
    expect(checkRestartTypes([...r.trace, again('w0.1')]).map((v) => v.invariant)).toEqual(['restartTypes']);
    expect(checkRestartTypes([...r.trace, again('w0.2.1')]).map((v) => v.invariant)).toEqual(['restartTypes']);
  });
});

describe('fault plans reach supervised children by path', () => {
  it('a path selector [sup, child, grandchild] kills the process the supervisors list; the tree recovers', () => {
    const r = Simulation.create({ seed: 3, faults: [{ atMs: 10, kind: 'kill', target: { by: 'path', path: ['s0', 's0.2', 'w0.2.2'] } }] })
      .run(runKillPlan(fixed, []));
    expect(r.outcome, r.detail).toBe('ok');
    const killed = r.trace.find((e) => e.kind === 'exit' && e.reason === 'killed');
    const w = r.trace.find((e) => e.kind === 'register' && e.name === 'w0.2.2');
    expect(killed && String(killed.kind === 'exit' ? killed.pid : '')).toBe(w && String(w.kind === 'register' ? w.pid : ''));
    expect(checkSupervision(r.trace)).toEqual([]);
    const restarted = r.trace.filter((e) => e.kind === 'register' && e.name === 'w0.2.2').length;
    expect(restarted).toBe(2);
  });
});

describe('determinism', () => {
  it('a supervision tree under a kill plan replays to the same trace for each seed, and from its token', () => {
    const plan: KillStep[] = [{ afterMs: 5, target: 'w0.2.0', reason: 'crash' }, { afterMs: 20, target: 's0.2', reason: 'kill' }, { afterMs: 30, target: 'w0.1', reason: 'shutdown' }];
    const report = checkDeterminism(runKillPlan(fixed, plan), { seeds: 4 });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    const r = run(fixed, plan, 9);
    const again = Simulation.replay(r.token, runKillPlan(fixed, plan));
    expect(again.outcome).toBe(r.outcome);
    expect(again.traceHash).toBe(r.traceHash);
  });
});

describe('checkers on simple_one_for_one and auto_shutdown supervisors', () => {
  it('dynamic children killed and restarted, and a supervisor that shut itself down, pass every checker', () => {
    const r = Simulation.create({ seed: 5 }).run(function* () {
      processFlag('trap_exit', true);
      const worker = function* (): Generator<unknown, unknown, unknown> { yield* receive(() => false); return 'normal'; };
      const startW = () => ['ok', spawnLink(worker)];
      yield* Supervisor.startLink('dyn', { init: () => ['ok', [{ strategy: 'simple_one_for_one', intensity: 10 }, [{ id: 't', start: [startW, []] }]]] as never }, undefined);
      const kids: Pid[] = [];
      for (let i = 0; i < 4; i++) kids.push(((yield* Supervisor.startChild('dyn', [])) as [string, Pid])[1]);
      exit(kids[1]!, 'kill');
      exit(kids[3]!, 'crash');
      const sig = { id: 's', start: [startW, []], restart: 'transient', significant: true };
      const [, auto] = (yield* Supervisor.startLink({ init: () => ['ok', [{ auto_shutdown: 'any_significant' }, [sig]]] as never }, undefined)) as [string, Pid];
      const [[, s]] = (yield* Supervisor.whichChildren(auto)) as unknown as [unknown, Pid][];
      exit(s!, 'crash'); // abnormal: restarted
      yield* timer.sleep(10);
      const [[, s2]] = (yield* Supervisor.whichChildren(auto)) as unknown as [unknown, Pid][];
      exit(s2!, 'shutdown'); // clean exit of a significant child: the supervisor shuts down
      yield* timer.sleep(1000);
      return (yield* Supervisor.countChildren('dyn'))[1];
    });
    expect(r.outcome, r.detail).toBe('ok');
    expect(r.value).toEqual(['active', 4]);
    expect(checkSupervision(r.trace)).toEqual([]);
  });
});
