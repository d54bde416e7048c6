/**
 * The options of `Simulation.create`, and the small checks that validate them (a typed error
 * names a bad one).
 */
import { BadArgumentError } from '../src/index.js';
import type { LivenessOptions } from './detect/liveness.js';
import type { FaultPlan } from './faults/plan.js';
import type { Perturbation } from './strategy/perturb.js';
import type { StrategyName } from './strategy/strategy.js';

/** How a simulation is set up. Every field has a default. */
export interface SimulationOptions {
  /** The seed every choice derives from (default 0). */
  seed?: number | string;
  /** `random` (default), `fifo`, `pct`, or `{ name: 'pct', depth, stepsEstimate }`. */
  strategy?: StrategyName | { name: 'pct'; depth?: number; stepsEstimate?: number } | { name: 'random' | 'fifo' };
  /** Stop with `stepLimit` after this many steps (default 10,000,000). */
  stepsMax?: number;
  /** Stop with `timeLimit` when virtual time would pass this (default one hour). */
  timeMaxMs?: number;
  /** Virtual ms each process step costs (default 0): makes busy processes cause timeouts. */
  stepCostMs?: number;
  /** Record the trace (default true); off for speed. */
  trace?: boolean;
  /** Trap real time, randomness and timers in process code (default true). */
  leakGuard?: boolean;
  /** The node's name (default `'nonode@nohost'`). */
  node?: string;
  /** A fault plan (sim/faults/plan.ts); the token carries it, so replay rebuilds it. */
  faults?: FaultPlan;
  /** A liveness phase after the faulted one (sim/detect/liveness.ts). */
  liveness?: LivenessOptions;
  /** Decision overrides layered on the strategy (schedule perturbations, sim/strategy/perturb.ts). */
  perturb?: Perturbation[];
  /** Data for the token header's `extra` (a scenario name, …) so a replay tool can rebuild the run. */
  extra?: Record<string, unknown>;
  /**
   * Processes blocked in calls on each other in a cycle, nothing runnable: `'deadlock'` (default)
   * ends the run as `deadlock` naming the cycle before the call timeouts fire; `'timeout'` lets
   * the timeouts fire (to test recovery).
   */
  callCycles?: 'deadlock' | 'timeout';
  /** Strict mode (MSG-5): copy every message at send, so a sender's later mutation is invisible (default false). */
  copyMessages?: boolean;
}

export function check(cond: boolean, arg: string, value: unknown, expected: string): void {
  if (!cond) throw new BadArgumentError('Simulation.create', arg, value, expected);
}

export function isLimit(x: unknown): x is number {
  return typeof x === 'number' && (Number.isInteger(x) || x === Infinity) && x > 0;
}
