/** The kernel invariants together, and a runner over any list of them. */
import type { TraceEvent } from '../../src/index.js';
import { checkLinks } from './links.js';
import { checkMessages } from './messages.js';
import { checkMonitors } from './monitors.js';
import { checkPairOrder } from './order.js';
import { runPasses, type Pass, type PassInvariant } from './pass.js';
import type { Invariant, Violation } from './violation.js';

/**
 * Links, monitors, per-pair order and message accounting.
 *
 * @example `checkInvariants(result.trace, [kernelInvariants.links, kernelInvariants.messages])`
 */
export const kernelInvariants: Readonly<Record<string, Invariant>> = {
  links: checkLinks,
  monitors: checkMonitors,
  pairOrder: checkPairOrder,
  messages: checkMessages,
};

const isPassInvariant = (inv: Invariant): inv is PassInvariant => typeof (inv as Partial<PassInvariant>).pass === 'function';

/**
 * Runs invariants over a trace; returns every violation found, invariant by invariant in the
 * order given. The kernel checkers (and any made with `passInvariant`) read the trace together,
 * in one pass.
 *
 * @example `expect(checkInvariants(result.trace)).toEqual([])`
 */
export function checkInvariants(trace: readonly TraceEvent[], invariants: readonly Invariant[] = Object.values(kernelInvariants)): Violation[] {
  const passes: Pass[] = [];
  const at: number[] = []; // where each pass's violations go among the invariants
  invariants.forEach((inv, i) => {
    if (isPassInvariant(inv)) {
      passes.push(inv.pass());
      at.push(i);
    }
  });
  const found: Violation[][] = invariants.map((inv) => (isPassInvariant(inv) ? [] : inv(trace)));
  runPasses(trace, passes).forEach((vs, k) => (found[at[k]!] = vs));
  return found.flat();
}
