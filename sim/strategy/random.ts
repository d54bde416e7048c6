/** Uniformly random choices from the run's seed. */
import type { Random } from '../random.js';
import type { Strategy } from './strategy.js';

/**
 * The default strategy: every answer uniform over the options, drawn from `rng`.
 *
 * @example
 * ```ts
 * Simulation.create({ seed: 7 }).run(main); // strategy 'random': a RandomStrategy on the seed
 * new RandomStrategy(new Random('7')).choose(DecisionKind.Other, 3); // 0, 1 or 2
 * ```
 */
export class RandomStrategy implements Strategy {
  readonly name = 'random';
  constructor(private readonly rng: Random) {}
  pickProcess(_q: unknown, _o: number, n: number): number {
    return this.rng.int(n);
  }
  choose(_kind: unknown, n: number): number {
    return this.rng.int(n);
  }
}
