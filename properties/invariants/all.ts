/** The kernel invariants together, and a runner over any list of them. */
import type { TraceEvent } from '../../src/index.js';
import { checkLinks } from './links.js';
import { checkMessages } from './messages.js';
import { checkMonitors } from './monitors.js';
import { checkPairOrder } from './order.js';
import type { Invariant, Violation } from './violation.js';

/** Links, monitors, per-pair order and message accounting. */
export const kernelInvariants: Readonly<Record<string, Invariant>> = {
  links: checkLinks,
  monitors: checkMonitors,
  pairOrder: checkPairOrder,
  messages: checkMessages,
};

/**
 * Runs invariants over a trace; returns every violation found.
 *
 * @example `expect(checkInvariants(result.trace)).toEqual([])`
 */
export function checkInvariants(trace: readonly TraceEvent[], invariants: readonly Invariant[] = Object.values(kernelInvariants)): Violation[] {
  return invariants.flatMap((inv) => inv(trace));
}
