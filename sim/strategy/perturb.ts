/**
 * Schedule perturbations: a list of decision overrides layered on a strategy. The n-th
 * decision of the run (counting only questions with more than one option, as the decision log
 * does) answers `choice mod options` instead of what the strategy said. The strategy is still
 * asked, so its random stream stays aligned and the rest of the schedule is the seed's own:
 * removing an override (shrinking) changes the run only from that decision on.
 */
import type { Schedulable } from '../../src/index.js';
import type { DecisionKind, Strategy } from './strategy.js';

/** Override decision number `at` (0-based) with `choice` (taken modulo the options). */
export interface Perturbation {
  at: number;
  choice: number;
}

/**
 * A strategy with {@link Perturbation}s layered on: what the `perturb` option of `Simulation.create` runs.
 *
 * @example `Simulation.create({ seed: 11, perturb: [{ at: 0, choice: 1 }] }).run(main) // decision 0 takes option 1`
 */
export class PerturbedStrategy implements Strategy {
  readonly name: string;
  private readonly overrides = new Map<number, number>();
  private n = 0;
  /** Overrides that changed an answer. */
  applied = 0;

  constructor(
    private readonly inner: Strategy,
    perturbations: readonly Perturbation[],
  ) {
    this.name = inner.name;
    for (const p of perturbations) if (!this.overrides.has(p.at)) this.overrides.set(p.at, p.choice);
  }

  private answer(base: number, options: number): number {
    const o = this.overrides.get(this.n++);
    if (o === undefined) return base;
    const c = o % options;
    if (c !== base) this.applied++;
    return c;
  }

  pickProcess(queue: readonly Schedulable[], offset: number, n: number, step: number): number {
    return this.answer(this.inner.pickProcess(queue, offset, n, step), n);
  }

  choose(kind: DecisionKind, n: number, step: number): number {
    return this.answer(this.inner.choose(kind, n, step), n);
  }
}
