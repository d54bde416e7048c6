/**
 * The property-testing barrel (`dfsweo/properties`): arbitraries for fault plans, schedule
 * perturbations and command sequences; pure invariant checkers over a trace; scenarios and
 * `simProperty`.
 *
 * @packageDocumentation
 */
export { faultPlan, type FaultPlanOptions } from './arbitraries/fault-plan.js';
export { perturbations, type PerturbationOptions } from './arbitraries/perturbations.js';
export { commandSequence, runAgainstModel, type Command } from './arbitraries/commands.js';
export { checkLinks } from './invariants/links.js';
export { checkMonitors } from './invariants/monitors.js';
export { checkPairOrder } from './invariants/order.js';
export { accountMessages, checkMessages, DEAD_RECEIVER_REASONS, type MessageAccount } from './invariants/messages.js';
export { checkInvariants, kernelInvariants } from './invariants/all.js';
export { formatViolations, type Invariant, type Violation } from './invariants/violation.js';
export { passInvariant, runPasses, type Handlers, type Pass, type PassInvariant } from './invariants/pass.js';
export {
  defineScenario, isScenario, caseInput, caseOptions, runCase, judge, replayScenario,
  type Scenario, type CaseInput, type CaseOutcome, type CaseStrategy,
} from './scenario.js';
export {
  simProperty, checkScenario, formatFailure, replayCommand, SimPropertyFailure,
  type SimPropertyParams, type PropertyFailureInfo,
} from './sim-property.js';
export {
  supTree, killPlan, runKillPlan, treeModule, nodesOf, SETTLE_MS,
  type SupNode, type WorkerNode, type TreeNode, type KillStep, type SupTreeOptions,
} from './arbitraries/sup-tree.js';
export {
  checkSupervision, supervisionInvariants, checkNoOrphans, checkShutdownOrder, checkGroupRestarts, checkRestartTypes,
  checkIntensity, checkPermanentAlive,
} from './invariants/supervisor.js';
