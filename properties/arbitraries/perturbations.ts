/**
 * Schedule perturbations: a shrinkable list of decision overrides layered on the seed's
 * schedule (sim/strategy/perturb.ts). Shrinking removes overrides and moves the rest toward
 * earlier decisions and the first option, so a failure's interleaving shrinks with its plan.
 */
import fc from 'fast-check';
import type { Perturbation } from '../../sim/index.js';

export interface PerturbationOptions {
  /** At most this many overrides (default 4). */
  maxLength?: number;
  /** Overrides fall on decisions [0, decisions) (default 200). */
  decisions?: number;
  /** Choices in [0, maxChoice] (taken modulo the options at that decision; default 7). */
  maxChoice?: number;
}

/**
 * An arbitrary of schedule perturbations.
 *
 * @example `Simulation.create({ seed, perturb: fc.sample(perturbations(), 1)[0] })`
 */
export function perturbations(options: PerturbationOptions = {}): fc.Arbitrary<Perturbation[]> {
  const p = fc.record({
    at: fc.nat({ max: Math.max(0, (options.decisions ?? 200) - 1) }),
    choice: fc.nat({ max: options.maxChoice ?? 7 }),
  });
  return fc.array(p, { maxLength: options.maxLength ?? 4 });
}
