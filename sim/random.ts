/**
 * The simulator's only source of randomness: seedrandom's Alea generator (several times
 * faster per draw than its default ARC4), seeded from the run's seed.
 * Each consumer forks its own stream by label, so adding draws in one place does not
 * shift another's.
 */
import seedrandom from 'seedrandom';

/**
 * A seeded stream of uniform floats.
 *
 * @example
 * ```ts
 * const rng = new Random('7');
 * rng.int(6);               // an integer in [0, 6), the same for every Random('7')
 * rng.fork('dice').next();  // a float from an independent stream
 * ```
 */
export class Random {
  /** Built on the first draw: a run forks several streams and most are never drawn from. */
  private rng: seedrandom.PRNG | null = null;
  draws = 0;

  constructor(readonly seed: string) {}

  /** A float in [0, 1). */
  next(): number {
    this.draws++;
    return (this.rng ??= seedrandom.alea(this.seed))();
  }

  /** The same as {@link next}: a Random is also the runtime's `Entropy` port. */
  uniform(): number {
    return this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A new independent stream named `label`. */
  fork(label: string): Random {
    return new Random(`${this.seed}/${label}`);
  }
}
