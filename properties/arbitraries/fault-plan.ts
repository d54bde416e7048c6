/**
 * `faultPlan(options)`: a fast-check arbitrary of fault plans. Plans shrink toward fewer
 * faults, earlier triggers, shorter hangs, and `kill` (the first kind); a generated hang or
 * slowness is bounded unless `forever` is allowed. Generated partitions and heals are
 * `random`, so they never heal an explicit partition.
 */
import fc from 'fast-check';
import type { Term } from '../../src/index.js';
import { PROCESS_FAULT_KINDS, type Fault, type NetworkFault, type ProcessFault, type Selector, type Trigger } from '../../sim/index.js';

type ProcessKind = ProcessFault['kind'];

/** What plans to generate. Every field has a default. */
export interface FaultPlanOptions {
  /** Registered names faults may target (with `{ by: 'any' }` always possible). */
  names?: readonly string[];
  /** Supervisor child paths faults may target. */
  paths?: readonly (readonly string[])[];
  /** Target only these selectors' kinds; default: names, paths and `any`. */
  any?: boolean;
  /** Process fault kinds (default all five). */
  kinds?: readonly ProcessKind[];
  /** At most this many faults (default 3); at least `minFaults` (default 0). */
  maxFaults?: number;
  minFaults?: number;
  /** Time triggers fall in [0, horizonMs] (default 1,000). */
  horizonMs?: number;
  /** When set, some triggers are steps in [1, steps]. */
  steps?: number;
  /** Exit reasons to choose from (default `shutdown`, `crash`, `['shutdown', 'fault']`). */
  reasons?: readonly Term[];
  /** Longest generated hang / slowness / timer delay (default horizonMs / 2). */
  maxDurationMs?: number;
  /** Also generate hangs and slowness without end (healed by the liveness phase). */
  forever?: boolean;
  /** Also generate network faults between these nodes (needs ≥ 2 nodes). */
  nodes?: readonly string[];
}

function selector(o: FaultPlanOptions): fc.Arbitrary<Selector> {
  const options: fc.Arbitrary<Selector>[] = [];
  if (o.names?.length) options.push(fc.constantFrom(...o.names).map((name) => ({ by: 'name' as const, name })));
  if (o.paths?.length) options.push(fc.constantFrom(...o.paths).map((path) => ({ by: 'path' as const, path: [...path] })));
  if (o.any !== false || options.length === 0) options.push(fc.constant({ by: 'any' as const }));
  return fc.oneof(...options);
}

function trigger(o: FaultPlanOptions): fc.Arbitrary<Trigger> {
  const ms = fc.integer({ min: 0, max: o.horizonMs ?? 1000 }).map((atMs) => ({ atMs }));
  if (o.steps === undefined) return ms;
  return fc.oneof(ms, fc.integer({ min: 1, max: o.steps }).map((atStep) => ({ atStep })));
}

function duration(o: FaultPlanOptions, forever: boolean): fc.Arbitrary<number | undefined> {
  const max = Math.max(1, o.maxDurationMs ?? Math.floor((o.horizonMs ?? 1000) / 2));
  const d = fc.integer({ min: 1, max });
  return forever ? fc.oneof({ arbitrary: d, weight: 4 }, { arbitrary: fc.constant(undefined), weight: 1 }) : d;
}

const withFor = <T extends object>(x: T, forMs: number | undefined): T => (forMs === undefined ? x : { ...x, forMs });

function processFault(o: FaultPlanOptions): fc.Arbitrary<ProcessFault> {
  const kinds = o.kinds ?? PROCESS_FAULT_KINDS;
  const reasons = o.reasons ?? ['shutdown', 'crash', ['shutdown', 'fault']];
  const max = Math.max(1, o.maxDurationMs ?? Math.floor((o.horizonMs ?? 1000) / 2));
  const forever = o.forever ?? false;
  const byKind: Record<ProcessKind, fc.Arbitrary<ProcessFault>> = {
    kill: fc.tuple(selector(o), trigger(o)).map(([target, t]) => ({ kind: 'kill', target, ...t })),
    exit: fc.tuple(selector(o), trigger(o), fc.constantFrom(...reasons)).map(([target, t, reason]) => ({ kind: 'exit', target, reason, ...t })),
    hang: fc.tuple(selector(o), trigger(o), duration(o, forever)).map(([target, t, d]) => withFor({ kind: 'hang' as const, target, ...t }, d)),
    slow: fc.tuple(selector(o), trigger(o), fc.integer({ min: 1, max: 50 }), duration(o, forever))
      .map(([target, t, extraMs, d]) => withFor({ kind: 'slow' as const, target, extraMs, ...t }, d)),
    lateTimer: fc.tuple(selector(o), trigger(o), fc.integer({ min: 1, max })).map(([target, t, delayMs]) => ({ kind: 'lateTimer', target, delayMs, ...t })),
  };
  return fc.oneof(...kinds.map((k) => byKind[k]));
}

function networkFault(o: FaultPlanOptions, nodes: readonly string[]): fc.Arbitrary<NetworkFault> {
  const node = fc.constantFrom(...nodes);
  const pair = fc.tuple(node, node).filter(([a, b]) => a !== b);
  const t = trigger(o);
  return fc.oneof(
    fc.tuple(pair, t, fc.boolean()).map(([[a, b], tr, oneWay]) => ({ kind: 'partition' as const, from: [a], to: [b], oneWay, origin: 'random' as const, ...tr })),
    fc.tuple(pair, t).map(([[a, b], tr]) => ({ kind: 'heal' as const, from: [a], to: [b], origin: 'random' as const, ...tr })),
    fc.tuple(node, t).map(([n, tr]) => ({ kind: 'nodeCrash' as const, node: n, ...tr })),
    fc.tuple(node, t).map(([n, tr]) => ({ kind: 'nodeRestart' as const, node: n, ...tr })),
    fc.tuple(pair, t, fc.integer({ min: 1, max: 500 })).map(([[a, b], tr, delayMs]) => ({ kind: 'linkDelay' as const, from: a, to: b, delayMs, ...tr })),
    fc.tuple(pair, t, fc.double({ min: 0, max: 1, noNaN: true })).map(([[a, b], tr, probability]) => ({ kind: 'linkLoss' as const, from: a, to: b, probability, ...tr })),
    fc.tuple(node, t, fc.integer({ min: -5000, max: 5000 })).map(([n, tr, skewMs]) => ({ kind: 'clockSkew' as const, node: n, skewMs, ...tr })),
  );
}

/**
 * An arbitrary of fault plans.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(faultPlan({ names: ['db', 'cache'], maxFaults: 5 }), (plan) => {
 *   const r = Simulation.create({ seed: 1, faults: plan }).run(main);
 *   return r.outcome === 'ok';
 * }));
 * ```
 */
export function faultPlan(options: FaultPlanOptions = {}): fc.Arbitrary<Fault[]> {
  const one: fc.Arbitrary<Fault> = options.nodes !== undefined && options.nodes.length >= 2
    ? fc.oneof(processFault(options), networkFault(options, options.nodes))
    : processFault(options);
  return fc.array(one, { minLength: options.minFaults ?? 0, maxLength: options.maxFaults ?? 3 });
}
