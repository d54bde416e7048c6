/**
 * Supervision trees and kill plans as data, their fast-check arbitraries, and the processes
 * that run them: `supTree()` generates trees (depth up to 4, mixed strategies, restart types,
 * shutdown kinds, workers slow to stop), `killPlan(tree)` plans of kills and exits over the
 * tree's registered names, and `runKillPlan(tree, plan)` is a main process that starts the
 * tree, carries out the plan on the virtual clock, then waits for quiescence, so the
 * supervision invariants can be checked over the trace.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(supTree().chain((t) => fc.tuple(fc.constant(t), killPlan(t))), ([tree, plan]) => {
 *   const r = Simulation.create({ seed: 1 }).run(runKillPlan(tree, plan));
 *   expect(checkSupervision(r.trace)).toEqual([]);
 * }));
 * ```
 */
import fc from 'fast-check';
import {
  Supervisor, exit, exitException, processFlag, receive, register, self, send, spawnLink, timer, whereis,
  type Pid, type ProcessBody,
} from '../../src/index.js';

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
export type Restart = 'permanent' | 'transient' | 'temporary';
export type Shutdown = 'brutal_kill' | 'infinity' | number;

/**
 * A worker: registered under `id`; `slowStopMs` > 0 makes it trap exits and take that long to
 * stop; `failEvery` > 0 makes every `failEvery`-th start after the first return
 * `['error', 'flaky']` (a failed restart, retried by the supervisor, SUP-22).
 */
export interface WorkerNode {
  kind: 'worker';
  id: string;
  restart: Restart;
  shutdown: Shutdown;
  slowStopMs: number;
  failEvery?: number;
}

/** A supervisor: registered under `id`, with its flags and children in start order. */
export interface SupNode {
  kind: 'supervisor';
  id: string;
  restart: Restart;
  shutdown: Shutdown;
  strategy: Strategy;
  intensity: number;
  period: number;
  children: TreeNode[];
}

export type TreeNode = WorkerNode | SupNode;

/** One step of a kill plan: after `afterMs`, make `target` exit `reason` (`kill` for supervisors). */
export interface KillStep {
  afterMs: number;
  target: string;
  reason: 'kill' | 'crash' | 'normal' | 'shutdown';
}

/** Options of {@link supTree}. */
export interface SupTreeOptions {
  /** Deepest level of supervisors (root is 1; default and maximum 4). */
  maxDepth?: number;
  /** Children per supervisor (default 4). */
  maxChildren?: number;
  /** Largest intensity (default 3). */
  maxIntensity?: number;
}

const restartArb = fc.constantFrom<Restart>('permanent', 'transient', 'temporary');

const failEveryArb = fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.constantFrom(2, 3), weight: 1 });

function workerArb(): fc.Arbitrary<Omit<WorkerNode, 'id'>> {
  return fc.oneof(
    fc.record({ kind: fc.constant('worker' as const), restart: restartArb, shutdown: fc.constantFrom<Shutdown>('brutal_kill', 'infinity', 100, 1000), slowStopMs: fc.constant(0), failEvery: failEveryArb }),
    // Slow to stop: its shutdown is a timeout, so the supervisor may have to kill it.
    fc.record({ kind: fc.constant('worker' as const), restart: restartArb, shutdown: fc.constantFrom<Shutdown>(50, 500), slowStopMs: fc.constantFrom(10, 200, 2000) }),
  );
}

type Shape = Omit<WorkerNode, 'id'> | (Omit<SupNode, 'id' | 'children'> & { children: Shape[] });

function shapeArb(depth: number, o: Required<SupTreeOptions>): fc.Arbitrary<Shape> {
  const child: fc.Arbitrary<Shape> = depth >= o.maxDepth ? workerArb() : fc.oneof({ arbitrary: workerArb(), weight: 3 }, { arbitrary: fc.constant(null).chain(() => shapeArb(depth + 1, o)), weight: 1 });
  return fc.record({
    kind: fc.constant('supervisor' as const),
    restart: depth === 1 ? fc.constant<Restart>('permanent') : restartArb,
    shutdown: fc.constantFrom<Shutdown>('infinity', 'infinity', 'brutal_kill', 5000),
    strategy: fc.constantFrom<Strategy>('one_for_one', 'one_for_all', 'rest_for_one'),
    intensity: fc.nat(o.maxIntensity),
    period: fc.integer({ min: 1, max: 5 }),
    children: fc.array(child, { minLength: 1, maxLength: o.maxChildren }),
  });
}

function named(s: Shape, path: string): TreeNode {
  if (s.kind === 'worker') return { ...s, id: `w${path}` };
  return { ...s, id: `s${path}`, children: s.children.map((c, i) => named(c, `${path}.${i}`)) };
}

/**
 * Supervision trees: a root supervisor with workers and nested supervisors, ids unique.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(supTree({ maxDepth: 2 }), (tree) => {
 *   const r = Simulation.create({ seed: 1 }).run(runKillPlan(tree, []));
 *   expect(checkSupervision(r.trace)).toEqual([]);
 * }));
 * ```
 */
export function supTree(opts: SupTreeOptions = {}): fc.Arbitrary<SupNode> {
  const o = { maxDepth: Math.min(4, opts.maxDepth ?? 4), maxChildren: opts.maxChildren ?? 4, maxIntensity: opts.maxIntensity ?? 3 };
  return shapeArb(1, o).map((s) => named(s, '0') as SupNode);
}

/**
 * Every node of a tree, root first.
 *
 * @example `faultPlan({ names: nodesOf(tree).map((n) => n.id), maxFaults: 5 })`
 */
export function nodesOf(t: TreeNode): TreeNode[] {
  return t.kind === 'worker' ? [t] : [t, ...t.children.flatMap(nodesOf)];
}

/**
 * Kill plans over a tree's nodes (the root excluded): shrink toward fewer, earlier, `kill` steps.
 *
 * @example `supTree().chain((t) => fc.tuple(fc.constant(t), killPlan(t, { maxSteps: 4, horizonMs: 1000 })))`
 */
export function killPlan(tree: SupNode, opts: { maxSteps?: number; horizonMs?: number } = {}): fc.Arbitrary<KillStep[]> {
  const targets = nodesOf(tree).slice(1);
  if (targets.length === 0) return fc.constant([]);
  const step = fc.record({
    afterMs: fc.integer({ min: 0, max: opts.horizonMs ?? 3000 }),
    target: fc.constantFrom(...targets),
    reason: fc.constantFrom<KillStep['reason']>('kill', 'crash', 'normal', 'shutdown'),
  }).map(({ afterMs, target, reason }) => ({ afterMs, target: target.id, reason: target.kind === 'supervisor' ? 'kill' as const : reason }));
  return fc.array(step, { maxLength: opts.maxSteps ?? 8 });
}

function* treeWorker(id: string, slowStopMs: number): Generator<unknown, unknown, unknown> {
  if (slowStopMs > 0) processFlag('trap_exit', true);
  register(id, self());
  for (;;) {
    const m = yield* receive();
    if (Array.isArray(m) && m[0] === 'stop') return m[1] === 'normal' ? 'normal' : exitException(m[1]);
    if (Array.isArray(m) && m[0] === 'EXIT') {
      // Slow to stop: takes its time on `shutdown`, dies at once on anything else (its parent killed).
      if (m[2] === 'shutdown') yield* timer.sleep(slowStopMs);
      exitException(m[2]);
    }
  }
}

/** Starts per worker id, for `failEvery` (one map per run). */
type StartCounts = Map<string, number>;

function startTreeWorker(id: string, slowStopMs: number, failEvery: number, counts: StartCounts): unknown {
  const n = (counts.get(id) ?? 0) + 1;
  counts.set(id, n);
  if (failEvery > 0 && n > 1 && n % failEvery === 0) return ['error', 'flaky'];
  return ['ok', spawnLink(treeWorker, id, slowStopMs)];
}

/**
 * The supervisor callback module of a tree node (`counts`: start counts of this run).
 *
 * @example `const res = yield* Supervisor.startLink(tree.id, treeModule(tree), undefined);`
 */
export function treeModule(node: SupNode, counts: StartCounts = new Map()): Supervisor.SupervisorModule {
  return {
    name: node.id,
    init: () => ['ok', [
      { strategy: node.strategy, intensity: node.intensity, period: node.period },
      node.children.map((c) => ({
        id: c.id, restart: c.restart, shutdown: c.shutdown, type: c.kind,
        start: c.kind === 'worker' ? [startTreeWorker, [c.id, c.slowStopMs, c.failEvery ?? 0, counts]] : [Supervisor.startLink, [c.id, treeModule(c, counts), undefined]],
      })),
    ]] as Supervisor.SupInitResult,
  };
}

/**
 * How long {@link runKillPlan} waits after the last step for the tree to settle (virtual ms).
 *
 * @example `Simulation.create({ seed }).run(runKillPlan(tree, plan)).stats.virtualTimeMs >= SETTLE_MS // true`
 */
export const SETTLE_MS = 60_000;

/**
 * A main process: starts the tree (trapping exits, so the root's death does not end it),
 * carries out the plan, waits {@link SETTLE_MS}, and returns the root's start result.
 *
 * @example `const r = Simulation.create({ seed }).run(runKillPlan(tree, [{ afterMs: 100, target: 'w0.0', reason: 'crash' }]))`
 */
export function runKillPlan(tree: SupNode, plan: readonly KillStep[]): ProcessBody {
  return function* killPlanMain(): Generator<unknown, unknown, unknown> {
    processFlag('trap_exit', true);
    const res = yield* Supervisor.startLink(tree.id, treeModule(tree, new Map()), undefined);
    for (const st of plan) {
      yield* timer.sleep(st.afterMs);
      const pid = whereis(st.target);
      if (pid === 'undefined') continue;
      if (st.reason === 'kill') exit(pid as Pid, 'kill');
      else send(pid as Pid, ['stop', st.reason]);
    }
    yield* timer.sleep(SETTLE_MS);
    return res;
  };
}
