/**
 * What a run produces: its outcome, the main process's value and exit reason, the decisions,
 * the trace, statistics, and the replay token. Costly parts (token, hash, decision objects)
 * are computed on first access.
 */
import type { Term, TraceEvent } from '../src/index.js';
import type { DeadlockReport } from './detect/deadlock.js';
import type { LivenessReport } from './detect/liveness.js';
import type { FiredFault } from './faults/injector.js';
import type { Decision, DecisionLog } from './strategy/decisions.js';
import type { TraceDivergence } from './strategy/replay.js';
import { formatTimeline, formatTrace, traceHash } from './trace/format.js';
import { encodeToken, type TokenHeader } from './trace/token.js';
import { hashString } from '../src/index.js';

/** How a run ended. */
export type Outcome =
  | 'ok'
  | 'crashed'
  | 'deadlock'
  | 'stepLimit'
  | 'timeLimit'
  | 'nonDeterminism'
  | 'harnessError'
  | 'invariantViolated'
  | 'livenessViolated';

export interface SimStats {
  steps: number;
  decisions: number;
  spawned: number;
  exited: number;
  messages: number;
  virtualTimeMs: number;
  timersFired: number;
}

export interface ResultInit {
  outcome: Outcome;
  value: unknown;
  exit: Term;
  header: TokenHeader;
  log: DecisionLog;
  /** The trace's source (the recorder); its events are built when first read. */
  trace: { readonly events: TraceEvent[] };
  traced: boolean;
  stats: SimStats;
  deadlock?: DeadlockReport;
  divergence?: TraceDivergence;
  error?: unknown;
  detail?: string;
  liveness?: LivenessReport;
  faults?: FiredFault[];
}

/**
 * The result of `sim.run(main)`.
 *
 * @example
 * ```ts
 * const result = Simulation.create({ seed: 7 }).run(main);
 * expect(result.outcome, result.timeline()).toBe('ok');
 * Simulation.replay(result.token, main).traceHash === result.traceHash; // true
 * ```
 */
export class SimResult<T = unknown> {
  readonly outcome: Outcome;
  /** What the main process returned (undefined unless it returned). */
  readonly value: T | undefined;
  /** The main process's exit reason; `undefined` if it had not ended. */
  readonly exit: Term;
  readonly seed: string;
  readonly stats: SimStats;
  /** Set when the outcome is `deadlock`. */
  readonly deadlock?: DeadlockReport;
  /** Set when a replay diverged from its recording. */
  readonly divergence?: TraceDivergence;
  /** The error behind a `harnessError` or `nonDeterminism` outcome. */
  readonly error?: unknown;
  /** One line on why the run ended as it did. */
  readonly detail: string;
  /** Set when the run had a liveness phase. */
  readonly liveness?: LivenessReport;
  /** The faults that fired, in order (set when the run had a fault plan). */
  readonly faults?: readonly FiredFault[];
  private readonly init: ResultInit;
  private cachedHash: string | undefined;
  private cachedToken: string | undefined;

  constructor(init: ResultInit) {
    this.init = init;
    this.outcome = init.outcome;
    this.value = init.value as T | undefined;
    this.exit = init.exit;
    this.seed = init.header.seed;
    this.stats = init.stats;
    if (init.deadlock) this.deadlock = init.deadlock;
    if (init.divergence) this.divergence = init.divergence;
    if (init.error !== undefined) this.error = init.error;
    this.detail = init.detail ?? init.outcome;
    if (init.liveness) this.liveness = init.liveness;
    if (init.faults) this.faults = init.faults;
  }

  /** The trace events, in order (built from the recorder's columns on first read). */
  get trace(): readonly TraceEvent[] {
    return this.init.trace.events;
  }

  /** Every decision of the run (an answer to a question with more than one option). */
  get decisions(): Decision[] {
    return this.init.log.toArray();
  }

  /**
   * The trace hash: over the printed events when the trace was recorded, else over the
   * decisions, the step count and the outcome.
   */
  get traceHash(): string {
    if (this.cachedHash === undefined) {
      this.cachedHash = this.init.traced
        ? traceHash(this.trace)
        : hashString(`${this.init.log.data.join(',')}|${this.stats.steps}|${this.outcome}`);
    }
    return this.cachedHash;
  }

  /** The token that replays this run: `Simulation.replay(token, main)` or `npx dfsweo replay <token>`. */
  get token(): string {
    if (this.cachedToken === undefined) {
      const header: TokenHeader = { ...this.init.header, outcome: this.outcome };
      if (this.init.traced) header.traceHash = this.traceHash;
      this.cachedToken = encodeToken(header, this.init.log.data);
    }
    return this.cachedToken;
  }

  /** The trace as text, one line per event. */
  formatTrace(): string {
    return formatTrace(this.trace);
  }

  /** The last `n` events as a per-process timeline. */
  timeline(n = 40): string {
    // Names come from the whole trace: a process registered before the window still shows its name.
    const names = new Map<string, string>();
    for (const e of this.trace) if (e.kind === 'register') names.set(String(e.pid), e.name);
    return formatTimeline(this.trace.slice(-n), { names });
  }
}
