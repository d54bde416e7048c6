/** Uniformly random choices from the run's seed. */
import type { Random } from '../random.js';
import type { Strategy } from './strategy.js';

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
