/**
 * PCT, probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): each process gets a
 * random priority when first seen; the highest-priority runnable process always steps; at
 * `depth - 1` change points, chosen uniformly among the first `stepsEstimate` steps, the
 * process that is about to step drops below every other. A bug of depth d is found with
 * probability at least 1/(n·k^(d-1)) per run.
 */
import type { Schedulable } from '../../src/index.js';
import type { Random } from '../random.js';
import type { Strategy } from './strategy.js';

/**
 * The PCT strategy: random priorities per process, lowered at `depth - 1` random change points.
 *
 * @example `Simulation.create({ seed: 7, strategy: { name: 'pct', depth: 3, stepsEstimate: 5_000 } }).run(main)`
 */
export class PctStrategy implements Strategy {
  readonly name = 'pct';
  private readonly priorities = new WeakMap<Schedulable, number>();
  private readonly changePoints: number[];
  private lowered = 0;

  constructor(
    private readonly rng: Random,
    readonly depth = 3,
    readonly stepsEstimate = 10_000,
  ) {
    const points = new Set<number>();
    while (points.size < Math.max(0, depth - 1) && points.size < stepsEstimate) points.add(1 + rng.int(stepsEstimate));
    this.changePoints = [...points].sort((a, b) => a - b);
  }

  private priority(p: Schedulable): number {
    let pr = this.priorities.get(p);
    if (pr === undefined) {
      pr = this.depth + this.rng.next(); // above every change-point priority
      this.priorities.set(p, pr);
    }
    return pr;
  }

  pickProcess(queue: readonly Schedulable[], offset: number, n: number, step: number): number {
    let best = 0;
    let bestPr = -Infinity;
    for (let i = 0; i < n; i++) {
      const pr = this.priority(queue[offset + i]!);
      if (pr > bestPr) {
        bestPr = pr;
        best = i;
      }
    }
    while (this.lowered < this.changePoints.length && this.changePoints[this.lowered]! <= step) {
      this.lowered++;
      this.priorities.set(queue[offset + best]!, this.depth - this.lowered);
      return this.pickProcess(queue, offset, n, step);
    }
    return best;
  }

  choose(_kind: unknown, n: number): number {
    return this.rng.int(n);
  }
}
