/**
 * `simProperty`: a scenario as a fast-check property, for vitest (in the style of
 * `@fast-check/vitest`). Each run draws a seed, a fault plan and schedule perturbations; a
 * failure is shrunk (plan and perturbations together) and thrown as a {@link SimPropertyFailure}
 * whose message has the outcome, the shrunk plan, the seed, the token, the replay command and
 * the last events as a per-process timeline.
 */
import fc from 'fast-check';
import { formatPlan, formatTimeline } from '../sim/index.js';
import { caseInput, runCase, type CaseInput, type CaseOutcome, type CaseStrategy, type Scenario } from './scenario.js';

export interface SimPropertyParams {
  /** Runs (default 50). */
  numRuns?: number;
  /** fast-check's seed (default: fast-check's own, printed on failure). */
  seed?: number;
  strategy?: CaseStrategy;
  /** The module that exports the scenario (as `dfsweo` is run from here): the token names it, so `dfsweo replay <token>` finds it. */
  module?: string;
  /** Events in the failure's timeline (default 40). */
  lastEvents?: number;
}

/** What a failing property found. */
export interface PropertyFailureInfo {
  scenario: string;
  input: CaseInput;
  outcome: CaseOutcome;
  numRuns: number;
  numShrinks: number;
  fcSeed: number;
}

/**
 * The error `simProperty` throws: the message is the whole report; `info` has the parts.
 *
 * @example
 * ```ts
 * try { simProperty(s); } catch (e) {
 *   if (e instanceof SimPropertyFailure) e.info.outcome.result.token; // the shrunk failing run's token
 * }
 * ```
 */
export class SimPropertyFailure extends Error {
  override name = 'SimPropertyFailure';
  constructor(readonly info: PropertyFailureInfo, message: string) {
    super(message);
  }
}

/**
 * The replay command for a token.
 *
 * @example `replayCommand(result.token) // 'npx dfsweo replay dfs1.… --module <file that exports the scenario>'`
 */
export function replayCommand(token: string, module?: string): string {
  return `npx dfsweo replay ${token}${module ? '' : ' --module <file that exports the scenario>'}`;
}

/**
 * The failure report, as `simProperty` and `dfsweo check` print it.
 *
 * @example `if (info !== undefined) console.error(formatFailure(info, 'test/cache.scenarios.ts', 20))`
 */
export function formatFailure(info: PropertyFailureInfo, module?: string, lastEvents = 40): string {
  const r = info.outcome.result;
  const lines = [
    `property '${info.scenario}' failed after ${info.numRuns} run(s), shrunk ${info.numShrinks} time(s)`,
    // An outcome that is not accepted is the failure itself: said once.
    ...(info.outcome.failure?.startsWith(`outcome ${r.outcome} `) ? [] : [`failure: ${info.outcome.failure}`]),
    `outcome: ${r.outcome} (${r.detail})`,
    `fault plan (shrunk):`,
    ...formatPlan(info.input.faults).split('\n').map((l) => `  ${l}`),
    `perturbations: ${info.input.perturb.length === 0 ? 'none' : info.input.perturb.map((p) => `decision ${p.at} → option ${p.choice}`).join(', ')}`,
    `seed: ${info.input.seed} (strategy ${info.input.strategy}; fast-check seed ${info.fcSeed})`,
    `token: ${r.token}`,
    `replay: ${replayCommand(r.token, module)}`,
  ];
  if (r.trace.length !== 0) lines.push(`last events:`, formatTimeline(r.trace.slice(-lastEvents)));
  return lines.join('\n');
}

/**
 * Runs a fast-check property over one case; returns the failure (shrunk) or undefined.
 * `numRuns: 1` with a seed is one reproducible run, as `dfsweo check` uses it.
 *
 * @example
 * ```ts
 * const info = checkScenario(s, { numRuns: 100, seed: 1 });
 * if (info !== undefined) throw new Error(formatFailure(info));
 * ```
 */
export function checkScenario(s: Scenario, params: SimPropertyParams = {}): PropertyFailureInfo | undefined {
  const arb = caseInput(s, params.strategy);
  if (params.numRuns === 1 && params.seed !== undefined) {
    // One reproducible run (what `dfsweo check` does per seed): fc.sample draws the very case
    // fc.check would draw from this seed, without building a runner (about 40% of the cost of
    // drawing it); fc.check below is only needed to shrink a failure.
    const input = fc.sample(arb, { seed: params.seed, numRuns: 1 })[0]!;
    if (runCase(s, input, params.module).failure === undefined) return undefined;
  }
  const prop = fc.property(arb, (input) => runCase(s, input, params.module).failure === undefined);
  const details = fc.check(prop, { numRuns: params.numRuns ?? 50, ...(params.seed !== undefined ? { seed: params.seed } : {}) });
  if (!details.failed || details.counterexample === null) {
    if (details.failed) throw new Error(`simProperty '${s.name}': fast-check failed without a counterexample: ${String(details.errorInstance ?? '')}`);
    return undefined;
  }
  const input = details.counterexample[0];
  return { scenario: s.name, input, outcome: runCase(s, input, params.module), numRuns: details.numRuns, numShrinks: details.numShrinks, fcSeed: details.seed };
}

/**
 * Checks a scenario under generated faults and perturbations; throws a readable
 * {@link SimPropertyFailure} on the first (shrunk) failure.
 *
 * @example
 * ```ts
 * it('the cache survives crashes', () => simProperty(cacheScenario, { numRuns: 100, module: 'test/cache.scenarios.ts' }));
 * ```
 */
export function simProperty(s: Scenario, params: SimPropertyParams = {}): void {
  const info = checkScenario(s, params);
  if (info !== undefined) throw new SimPropertyFailure(info, formatFailure(info, params.module, params.lastEvents));
}
