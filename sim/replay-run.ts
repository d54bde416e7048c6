/**
 * What a replay token carries of a run's options, both ways, and how a replayed run is checked
 * against the token: every recorded decision consumed, then the same trace hash and outcome.
 *
 * The token's header has the seed, strategy and limits; the options that change a run's
 * behaviour beyond those (a fault plan, perturbations, call cycles as timeouts, strict copies, the
 * node's name, no leak guard) go into `extra`, and come back out of it when the token is replayed.
 */
import type { SimResult } from './result.js';
import type { LivenessOptions } from './detect/liveness.js';
import type { FaultPlan } from './faults/plan.js';
import type { SimulationOptions } from './options.js';
import { TraceDivergence, type ReplayStrategy } from './strategy/replay.js';
import type { TokenHeader } from './trace/token.js';

/** The options of `opts` that a token keeps in `extra` (undefined when there are none). */
export function tokenExtra(opts: SimulationOptions): Record<string, unknown> | undefined {
  const extra = {
    ...(opts.extra as object | undefined),
    ...(opts.faults?.length ? { faults: opts.faults } : {}),
    ...(opts.perturb?.length ? { perturb: opts.perturb } : {}),
    ...(opts.callCycles === 'timeout' ? { callCycles: 'timeout' } : {}),
    ...(opts.copyMessages ? { copyMessages: true } : {}),
    ...(opts.node !== undefined && opts.node !== 'nonode@nohost' ? { node: opts.node } : {}),
    ...(opts.leakGuard === false ? { leakGuard: false } : {}),
  };
  return Object.keys(extra).length !== 0 ? extra : undefined;
}

/**
 * The options that rebuild a token's run. Perturbations are not among them: the replay's own
 * strategy answers every choice from the recording. The liveness predicate is code, which a
 * token cannot carry: the caller passes it again.
 */
export function optionsOf(header: TokenHeader, liveness: LivenessOptions | undefined): SimulationOptions {
  const extra = (header.extra ?? {}) as { faults?: FaultPlan; callCycles?: string; copyMessages?: boolean; node?: unknown; leakGuard?: boolean };
  return {
    seed: header.seed, strategy: header.strategy as SimulationOptions['strategy'], stepsMax: header.stepsMax, timeMaxMs: header.timeMaxMs, stepCostMs: header.stepCostMs,
    ...(extra.faults !== undefined ? { faults: extra.faults } : {}),
    ...(liveness !== undefined ? { liveness } : {}),
    ...(extra.callCycles === 'timeout' ? { callCycles: 'timeout' as const } : {}),
    ...(extra.copyMessages ? { copyMessages: true } : {}),
    ...(typeof extra.node === 'string' ? { node: extra.node } : {}),
    ...(extra.leakGuard === false ? { leakGuard: false } : {}),
  };
}

/** Where a replayed run that ended by itself left the token's recording, if it did. */
export function divergenceOf(replay: ReplayStrategy, header: TokenHeader, result: SimResult<unknown>): TraceDivergence | undefined {
  if (replay.consumed < replay.recorded) {
    const d = replay.expectedAt(replay.consumed)!;
    return new TraceDivergence(d.step, `a ${d.kind} choice among ${d.options} at step ${d.step}`, `the run ended (${result.outcome}) at step ${result.stats.steps}`);
  }
  if (header.traceHash !== undefined && result.traceHash !== header.traceHash) {
    return new TraceDivergence(result.stats.steps, `trace hash ${header.traceHash}`, `trace hash ${result.traceHash}`);
  }
  if (header.outcome !== undefined && header.outcome !== result.outcome) {
    return new TraceDivergence(result.stats.steps, `outcome ${header.outcome}`, `outcome ${result.outcome}`);
  }
  return undefined;
}
