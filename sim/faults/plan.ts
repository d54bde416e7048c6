/**
 * Fault plans are data: a serialisable list of faults, each with a target and a trigger, that
 * fast-check can generate and shrink, a token can carry, and a trace can print.
 *
 * Process faults act on one node's processes now: `kill` (untrappable, reason `killed`),
 * `exit` (the process exits with the given reason, as if its code had called `exit(R)`),
 * `hang` (not scheduled, takes no messages until it wakes; exit signals still reach it),
 * `slow` (each of its steps costs extra virtual time), `lateTimer` (its pending timers fire
 * later). Network faults (partition, heal, node crash/restart, link delay/loss, clock skew)
 * are modelled and validated here and become real with the Distribution layer; on a one-node
 * simulation the injector rejects them (clock skew of the simulated node itself excepted).
 */
import { BadArgumentError, formatTerm, type Term } from '../../src/index.js';

/** Which process a fault hits. */
export type Selector =
  /** The process registered under `name` when the fault fires. */
  | { by: 'name'; name: string }
  /** A supervisor child path: a registered supervisor, then child ids (`['top', 'db_sup', 'conn_3']`). */
  | { by: 'path'; path: string[] }
  /** A live process (not the main one) chosen by the strategy: a recorded decision. */
  | { by: 'any' };

/** When a fault fires: at a virtual time (ms) or at the start of a step. */
export type Trigger = { atMs: number } | { atStep: number };

/** Faults on one process. */
export type ProcessFault = Trigger &
  (
    | { kind: 'kill'; target: Selector }
    | { kind: 'exit'; target: Selector; reason: Term }
    /** Stops taking messages for `forMs` (forever when absent, until the liveness phase heals it). */
    | { kind: 'hang'; target: Selector; forMs?: number }
    /** Each step costs `extraMs` more virtual time, for `forMs` (or until healed). */
    | { kind: 'slow'; target: Selector; extraMs: number; forMs?: number }
    /** The timers pending for the process fire `delayMs` later. */
    | { kind: 'lateTimer'; target: Selector; delayMs: number }
  );

/** Who made a partition: a test (`explicit`) or a random fault generator (`random`). */
export type PartitionOrigin = 'explicit' | 'random';

/** Faults between nodes (made real by the Distribution layer). */
export type NetworkFault = Trigger &
  (
    /** Cuts `from → to` (and `to → from` unless `oneWay`). */
    | { kind: 'partition'; from: string[]; to: string[]; oneWay?: boolean; origin?: PartitionOrigin }
    /** Heals partitions between the groups; a `random` heal leaves explicit partitions alone. */
    | { kind: 'heal'; from: string[]; to: string[]; origin?: PartitionOrigin }
    | { kind: 'nodeCrash'; node: string }
    | { kind: 'nodeRestart'; node: string }
    | { kind: 'linkDelay'; from: string; to: string; delayMs: number }
    /** Each message on the link is lost with `probability`. */
    | { kind: 'linkLoss'; from: string; to: string; probability: number }
    /** Moves the node's system clock by `skewMs`. */
    | { kind: 'clockSkew'; node: string; skewMs: number }
  );

export type Fault = ProcessFault | NetworkFault;
export type FaultKind = Fault['kind'];
/** A fault plan: faults in any order (the injector orders them by trigger). */
export type FaultPlan = Fault[];

/**
 * The kinds of {@link ProcessFault}.
 *
 * @example `faultPlan({ names: ['db'], kinds: PROCESS_FAULT_KINDS.filter((k) => k !== 'hang') })`
 */
export const PROCESS_FAULT_KINDS = ['kill', 'exit', 'hang', 'slow', 'lateTimer'] as const;
/**
 * The kinds of {@link NetworkFault}.
 *
 * @example `for (const kind of NETWORK_FAULT_KINDS) console.log(kind); // 'partition', 'heal', 'nodeCrash', …`
 */
export const NETWORK_FAULT_KINDS = ['partition', 'heal', 'nodeCrash', 'nodeRestart', 'linkDelay', 'linkLoss', 'clockSkew'] as const;

/**
 * True for a fault on one process (`kill`, `exit`, `hang`, `slow`, `lateTimer`), false for a network fault.
 *
 * @example `const onProcesses = plan.filter(isProcessFault)`
 */
export function isProcessFault(f: Fault): f is ProcessFault {
  return (PROCESS_FAULT_KINDS as readonly string[]).includes(f.kind);
}

/**
 * The selector as text: `'db'`, `top/db_sup/conn_3`, `a live process`.
 *
 * @example `formatSelector({ by: 'path', path: ['top', 'db_sup', 'conn_3'] }) // 'top/db_sup/conn_3'`
 */
export function formatSelector(s: Selector): string {
  switch (s.by) {
    case 'name':
      return `'${s.name}'`;
    case 'path':
      return s.path.join('/');
    case 'any':
      return 'a live process';
  }
}

export function formatTrigger(f: Trigger): string {
  return 'atMs' in f ? `at ${f.atMs}ms` : `at step ${f.atStep}`;
}

const forText = (ms: number | undefined): string => (ms === undefined ? ' until healed' : ` for ${ms}ms`);
const nodes = (xs: string[]): string => (xs.length === 1 ? xs[0]! : `{${xs.join(', ')}}`);

/**
 * A fault as one readable line, e.g. `hang 'db' for 500ms at 1200ms`.
 *
 * @example `formatFault({ kind: 'kill', target: { by: 'name', name: 'db' }, atMs: 100 }) // "kill 'db' at 100ms"`
 */
export function formatFault(f: Fault): string {
  return `${describe(f)} ${formatTrigger(f)}`;
}

function describe(f: Fault): string {
  switch (f.kind) {
    case 'kill':
      return `kill ${formatSelector(f.target)}`;
    case 'exit':
      return `exit ${formatSelector(f.target)} with ${formatTerm(f.reason, 4)}`;
    case 'hang':
      return `hang ${formatSelector(f.target)}${forText(f.forMs)}`;
    case 'slow':
      return `slow ${formatSelector(f.target)} by ${f.extraMs}ms a step${forText(f.forMs)}`;
    case 'lateTimer':
      return `delay the timers of ${formatSelector(f.target)} by ${f.delayMs}ms`;
    case 'partition':
      return `partition ${nodes(f.from)} ${f.oneWay ? '→' : '↔'} ${nodes(f.to)}${f.origin === 'random' ? ' (random)' : ''}`;
    case 'heal':
      return `heal ${nodes(f.from)} ↔ ${nodes(f.to)}${f.origin === 'random' ? ' (random)' : ''}`;
    case 'nodeCrash':
      return `crash node ${f.node}`;
    case 'nodeRestart':
      return `restart node ${f.node}`;
    case 'linkDelay':
      return `delay ${f.from} → ${f.to} by ${f.delayMs}ms`;
    case 'linkLoss':
      return `lose ${Math.round(f.probability * 100)}% of ${f.from} → ${f.to}`;
    case 'clockSkew':
      return `skew the clock of ${f.node} by ${f.skewMs}ms`;
  }
}

/**
 * The plan as text, one fault a line (`(no faults)` when empty).
 *
 * @example
 * ```ts
 * formatPlan([{ kind: 'kill', target: { by: 'name', name: 'db' }, atMs: 100 }, { kind: 'hang', target: { by: 'any' }, forMs: 500, atStep: 40 }]);
 * // "1. kill 'db' at 100ms\n2. hang a live process for 500ms at step 40"
 * ```
 */
export function formatPlan(plan: readonly Fault[]): string {
  return plan.length === 0 ? '(no faults)' : plan.map((f, i) => `${i + 1}. ${formatFault(f)}`).join('\n');
}
