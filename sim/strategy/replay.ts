/**
 * Replay that verifies (after Coyote's replaying strategy): answers each question with the
 * recorded decision, after checking that the question is the same one (same step, same kind,
 * same number of options). A mismatch throws {@link TraceDivergence} instead of silently
 * running a different schedule.
 */
import type { Schedulable } from '../../src/index.js';
import { DECISION_KIND_NAMES, type DecisionKind, type Strategy } from './strategy.js';
import type { Decision } from './decisions.js';

/**
 * Where and how a replay stopped matching the recording.
 *
 * @example
 * ```ts
 * const again = Simulation.replay(result.token, changedMain);
 * again.outcome;    // 'nonDeterminism'
 * again.divergence; // TraceDivergence { step, expected, actual }
 * ```
 */
export class TraceDivergence extends Error {
  override name = 'TraceDivergence';
  constructor(
    /** The step at which the replay diverged. */
    readonly step: number,
    /** What the recording says happened there. */
    readonly expected: string,
    /** What the replay met instead. */
    readonly actual: string,
  ) {
    super(`replay diverged at step ${step}: expected ${expected}, got ${actual}`);
  }
}

function describe(d: { step: number; kind: string; options: number } | undefined): string {
  return d === undefined ? 'no further decision (the recorded run had ended)' : `a ${d.kind} choice among ${d.options} at step ${d.step}`;
}

export class ReplayStrategy implements Strategy {
  readonly name = 'replay';
  private next = 0;

  constructor(private readonly decisions: readonly number[]) {}

  /** Decisions consumed so far. */
  get consumed(): number {
    return this.next;
  }

  /** Recorded decisions. */
  get recorded(): number {
    return this.decisions.length >> 2;
  }

  expectedAt(i: number): Decision | undefined {
    const d = this.decisions;
    const j = i << 2;
    if (j >= d.length) return undefined;
    return { step: d[j]!, kind: DECISION_KIND_NAMES[d[j + 1]!]!, options: d[j + 2]!, choice: d[j + 3]! };
  }

  pickProcess(_q: readonly Schedulable[], _o: number, n: number, step: number): number {
    return this.choose(0 as DecisionKind, n, step);
  }

  choose(kind: DecisionKind, n: number, step: number): number {
    const exp = this.expectedAt(this.next);
    if (exp === undefined || exp.step !== step || exp.kind !== DECISION_KIND_NAMES[kind] || exp.options !== n) {
      throw new TraceDivergence(step, describe(exp), describe({ step, kind: DECISION_KIND_NAMES[kind]!, options: n }));
    }
    this.next++;
    return exp.choice;
  }
}
