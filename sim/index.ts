/**
 * dfsweo/sim: the deterministic simulator. Runs a system on one thread under a virtual
 * clock, choosing every interleaving from a seed, and returns a result with a replay token.
 *
 * @packageDocumentation
 */
export { Simulation, type SimulationOptions } from './simulation.js';
export { SimResult, type Outcome, type SimStats } from './result.js';
export { checkDeterminism, type DeterminismReport } from './detect/determinism.js';
export { deadlockReport, type DeadlockReport, type BlockedProcess } from './detect/deadlock.js';
export { NonDeterministicCall } from './detect/leak-guard.js';
export { TraceDivergence } from './strategy/replay.js';
export { DecisionKind, FifoStrategy, type Strategy, type StrategyName } from './strategy/strategy.js';
export { RandomStrategy } from './strategy/random.js';
export { PctStrategy } from './strategy/pct.js';
export type { Decision } from './strategy/decisions.js';
export { Random } from './random.js';
export { VirtualClock } from './clock.js';
export { formatEvent, formatLine, formatTrace, formatTimeline, traceHash } from './trace/format.js';
export { encodeToken, decodeToken, TokenError, TOKEN_VERSION, type TokenHeader } from './trace/token.js';
export {
  formatFault, formatPlan, formatSelector, isProcessFault, PROCESS_FAULT_KINDS, NETWORK_FAULT_KINDS,
  type Fault, type FaultPlan, type FaultKind, type ProcessFault, type NetworkFault, type Selector, type Trigger, type PartitionOrigin,
} from './faults/plan.js';
export { validatePlan } from './faults/validate.js';
export { LinkTable, type LinkState } from './faults/network.js';
export { registerChildrenOf, resolvePath, type ChildrenOf } from './faults/selector.js';
export type { FiredFault } from './faults/injector.js';
export type { LivenessOptions, LivenessReport } from './detect/liveness.js';
export { PerturbedStrategy, type Perturbation } from './strategy/perturb.js';
