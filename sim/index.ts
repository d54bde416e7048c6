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
