/**
 * A scenario: a system to run under the simulator together with what may go wrong (generated
 * fault plans, schedule perturbations) and what must hold (outcomes, invariants, a check, a
 * liveness predicate). `simProperty` runs one in vitest; `dfsweo check` runs the scenarios a
 * module exports; `dfsweo replay` finds one by the name in a token's `extra`.
 */
import fc from 'fast-check';
import { BadArgumentError, formatTerm, isGeneratorFunction, type ProcessBody } from '../src/index.js';
import {
  Simulation, type Fault, type LivenessOptions, type Outcome, type Perturbation, type SimResult, type SimulationOptions,
} from '../sim/index.js';
import { faultPlan, type FaultPlanOptions } from './arbitraries/fault-plan.js';
import { perturbations, type PerturbationOptions } from './arbitraries/perturbations.js';
import { checkInvariants, kernelInvariants } from './invariants/all.js';
import { formatViolations, type Invariant, type Violation } from './invariants/violation.js';

/** The strategies a case may run under (`portfolio` in the CLI rotates them by run). */
export type CaseStrategy = 'random' | 'pct' | 'fifo';

export interface Scenario {
  /** Its name: the key under which a module exports it and a token names it. */
  name: string;
  /** The main process. */
  main: ProcessBody;
  args?: unknown[];
  /** Simulation options other than seed, strategy, faults, perturbations and liveness. */
  options?: Omit<SimulationOptions, 'seed' | 'strategy' | 'faults' | 'perturb' | 'liveness' | 'extra'>;
  /** Generate fault plans with these options (default: no faults). */
  faults?: FaultPlanOptions | false;
  /** Generate schedule perturbations (default: on with default options). */
  perturb?: PerturbationOptions | false;
  /** A liveness phase after the faulted one. */
  liveness?: LivenessOptions;
  /** Trace invariants that must hold (default: the kernel's links, monitors, pair order, messages). */
  invariants?: readonly Invariant[] | false;
  /** Acceptable outcomes (default `['ok']`). */
  outcomes?: readonly Outcome[];
  /** A final check on the result: failing when it throws, returns false, or returns a string. */
  check?: (result: SimResult) => unknown;
}

/** One generated case. */
export interface CaseInput {
  seed: number;
  strategy: CaseStrategy;
  faults: Fault[];
  perturb: Perturbation[];
}

/** A case's result and, if it failed, why. */
export interface CaseOutcome {
  result: SimResult;
  failure: string | undefined;
  violations: Violation[];
}

/**
 * Validates a scenario (a typed error names a bad field) and returns it.
 *
 * @example `export const echo = defineScenario({ name: 'echo', main: function* () { … }, faults: { names: ['srv'] } })`
 */
export function defineScenario(s: Scenario): Scenario {
  const bad = (arg: string, v: unknown, e: string): never => {
    throw new BadArgumentError('defineScenario', arg, v, e);
  };
  if (typeof s !== 'object' || s === null) bad('scenario', s, 'an object');
  if (typeof s.name !== 'string' || s.name.length === 0) bad('name', s.name, 'a non-empty string');
  if (!isGeneratorFunction(s.main)) bad('main', s.main, 'a generator function (function*)');
  if (s.check !== undefined && typeof s.check !== 'function') bad('check', s.check, 'a function');
  return s;
}

/**
 * True for an object that looks like a scenario (for module scanning).
 *
 * @example `const scenarios = Object.values(await import('./cache.scenarios.js')).filter(isScenario)`
 */
export function isScenario(x: unknown): x is Scenario {
  return typeof x === 'object' && x !== null && typeof (x as Scenario).name === 'string' && isGeneratorFunction((x as Scenario).main);
}

/** Built arbitraries per scenario, strategy, and the fault and perturbation options they were built from. */
const built = new WeakMap<Scenario, Map<CaseStrategy, { faults: unknown; perturb: unknown; arb: fc.Arbitrary<CaseInput> }>>();

/**
 * The arbitrary of cases of a scenario: fault plan and perturbations shrink together; the seed
 * does not shrink. Built once per scenario and strategy (a sweep asks for it once a run; an
 * arbitrary is immutable, so sharing it changes nothing it generates), again if the scenario's
 * `faults` or `perturb` options were replaced.
 *
 * @example `fc.assert(fc.property(caseInput(s, 'pct'), (input) => runCase(s, input).failure === undefined))`
 */
export function caseInput(s: Scenario, strategy: CaseStrategy = 'random'): fc.Arbitrary<CaseInput> {
  let byStrategy = built.get(s);
  if (byStrategy === undefined) built.set(s, (byStrategy = new Map()));
  const hit = byStrategy.get(strategy);
  if (hit !== undefined && hit.faults === s.faults && hit.perturb === s.perturb) return hit.arb;
  const arb = fc.record({
    seed: fc.noShrink(fc.nat({ max: 0x7fffffff })),
    strategy: fc.constant(strategy),
    faults: s.faults ? faultPlan(s.faults) : fc.constant([] as Fault[]),
    perturb: s.perturb === false ? fc.constant([] as Perturbation[]) : perturbations(s.perturb ?? {}),
  });
  byStrategy.set(strategy, { faults: s.faults, perturb: s.perturb, arb });
  return arb;
}

/**
 * The simulation options of a case; `module` (the file exporting the scenario) goes into the token.
 *
 * @example `const result = Simulation.create(caseOptions(s, input)).run(s.main, ...(s.args ?? []))`
 */
export function caseOptions(s: Scenario, input: CaseInput, module?: string): SimulationOptions {
  return {
    ...s.options,
    seed: input.seed,
    strategy: input.strategy,
    faults: input.faults,
    perturb: input.perturb,
    extra: module === undefined ? { scenario: s.name } : { scenario: s.name, module },
    ...(s.liveness ? { liveness: s.liveness } : {}),
  };
}

function checkFailure(s: Scenario, r: SimResult): string | undefined {
  if (s.check === undefined) return undefined;
  try {
    const v = s.check(r);
    if (v === false) return 'the check returned false';
    if (typeof v === 'string') return v;
    return undefined;
  } catch (e) {
    return `the check threw: ${(e as Error)?.message ?? formatTerm(e)}`;
  }
}

/**
 * Runs one case and judges it.
 *
 * @example `const { result, failure, violations } = runCase(s, { seed: 3, strategy: 'random', faults: [], perturb: [] })`
 */
export function runCase(s: Scenario, input: CaseInput, module?: string): CaseOutcome {
  const result = Simulation.create(caseOptions(s, input, module)).run(s.main, ...(s.args ?? []));
  return judge(s, result);
}

/**
 * Judges a result against the scenario's outcomes, invariants and check.
 *
 * @example `judge(s, replayScenario(s, token)).failure // undefined when the run passes`
 */
export function judge(s: Scenario, result: SimResult): CaseOutcome {
  const allowed = s.outcomes ?? ['ok'];
  const traced = s.options?.trace ?? true;
  const violations = s.invariants === false || !traced ? [] : checkInvariants(result.trace, s.invariants ?? Object.values(kernelInvariants));
  let failure: string | undefined;
  if (!allowed.includes(result.outcome)) failure = `outcome ${result.outcome} (${result.detail})`;
  else if (violations.length !== 0) failure = `invariants violated:\n${formatViolations(violations)}`;
  else failure = checkFailure(s, result);
  return { result, failure, violations };
}

/**
 * Replays a token of this scenario (the token carries the plan; the scenario supplies the rest).
 *
 * @example `expect(replayScenario(s, info.outcome.result.token).traceHash).toBe(info.outcome.result.traceHash)`
 */
export function replayScenario(s: Scenario, token: string): SimResult {
  return Simulation.replayWith(token, { main: s.main, args: s.args ?? [], ...(s.liveness ? { liveness: s.liveness } : {}) });
}
