/**
 * The one funnel for nondeterminism. Every choice the simulator makes (which process steps,
 * which of several same-instant timers fires first, whether a fault fires, …) is a question
 * put to the strategy; every answer with more than one option is recorded as a decision.
 */
import type { Schedulable } from '../../src/index.js';

/**
 * What a decision chose between (`result.decisions` names it: `'process'`, `'timer'`, `'other'`).
 *
 * @example `strategy.choose(DecisionKind.Timer, 2, step) // which of two timers due now fires first`
 */
export const DecisionKind = {
  /** Which runnable process steps next. */
  Process: 0,
  /** Which of several timers due at the same instant fires next. */
  Timer: 1,
  /** Any other choice (fault odds, a perturbation, user entropy). */
  Other: 2,
} as const;
// An object, not a `const enum`: a const enum has no value in the emitted JavaScript, so a user's
// code compiled file by file (esbuild, vitest, tsx) would import undefined.
export type DecisionKind = (typeof DecisionKind)[keyof typeof DecisionKind];

export const DECISION_KIND_NAMES = ['process', 'timer', 'other'] as const;

/** A scheduling strategy: answers the simulator's questions. */
export interface Strategy {
  /** `fifo`, `random`, `pct`, `replay`, … */
  readonly name: string;
  /**
   * Which of `n` runnable processes (`queue[offset] … queue[offset + n - 1]`, oldest first
   * under FIFO) steps next; returns an index in `[0, n)`. Called only when `n > 1`.
   */
  pickProcess(queue: readonly Schedulable[], offset: number, n: number, step: number): number;
  /** Any other choice among `n > 1` options; returns an index in `[0, n)`. */
  choose(kind: DecisionKind, n: number, step: number): number;
}

/** The strategies `Simulation.create({ strategy })` takes by name. */
export type StrategyName = 'fifo' | 'random' | 'pct';

/**
 * Always the oldest runnable process and the first option: a plain round-robin.
 *
 * @example `Simulation.create({ strategy: 'fifo' }).run(main) // every run of main makes the same choices`
 */
export class FifoStrategy implements Strategy {
  readonly name = 'fifo';
  pickProcess(): number {
    return 0;
  }
  choose(): number {
    return 0;
  }
}
