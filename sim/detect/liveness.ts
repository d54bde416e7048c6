/**
 * The liveness phase (after TigerBeetle's VOPR): the faulted phase runs until `healAtMs`, or
 * until the run would end (main returned, or nothing can run); then every fault is healed
 * and a user predicate must hold within `deadlineMs` of virtual time. If it does, the run is
 * `ok`; if the deadline passes, or nothing can run any more, first, the outcome is
 * `livenessViolated` with the predicate's last value.
 *
 * The predicate runs between steps with the simulated node as the current one, so it may call
 * `whereis`, `processInfo`, `isProcessAlive`, ETS reads; it holds when it returns `true`.
 */
import { BadArgumentError, ctx, formatTerm, type Runtime, type TimerHandle } from '../../src/index.js';
import type { VirtualClock } from '../clock.js';
import type { Outcome } from '../result.js';

/** How the liveness phase is set up. */
export interface LivenessOptions {
  /** Holds when it returns `true`; any other value (the last one is reported) does not. */
  predicate: () => unknown;
  /** Virtual ms after the heal within which the predicate must hold. */
  deadlineMs: number;
  /** Ends the faulted phase at this virtual time (default: when the run would otherwise end). */
  healAtMs?: number;
}

/** What the liveness phase found. */
export interface LivenessReport {
  /** Virtual time of the heal (undefined if the run ended before it). */
  healedAtMs: number | undefined;
  deadlineMs: number;
  held: boolean;
  /** Virtual time at which the predicate first held. */
  heldAtMs?: number;
  /** The predicate's last value. */
  lastValue: unknown;
}

/** What the phase needs from the simulation. */
export interface LivenessHost {
  readonly runtime: Runtime;
  readonly clock: VirtualClock;
  /** Ends every fault. */
  heal(): void;
}

export interface Verdict {
  outcome: Outcome;
  detail: string;
}

export function validateLiveness(l: unknown): asserts l is LivenessOptions {
  const fail = (arg: string, v: unknown, e: string): never => {
    throw new BadArgumentError('Simulation.create', `liveness.${arg}`, v, e);
  };
  if (typeof l !== 'object' || l === null) fail('', l, 'an object { predicate, deadlineMs, healAtMs? }');
  const o = l as Record<string, unknown>;
  if (typeof o.predicate !== 'function') fail('predicate', o.predicate, 'a function');
  if (!(Number.isInteger(o.deadlineMs) && (o.deadlineMs as number) > 0)) fail('deadlineMs', o.deadlineMs, 'a positive integer (virtual ms)');
  if (o.healAtMs !== undefined && !(Number.isInteger(o.healAtMs) && (o.healAtMs as number) >= 0)) fail('healAtMs', o.healAtMs, 'an integer ≥ 0 (virtual ms)');
}

export class LivenessPhase {
  private state: 'faulted' | 'checking' | 'done' = 'faulted';
  private healedAtMs: number | undefined;
  private deadlineAt = Infinity;
  private deadlineTimer: TimerHandle | null = null;
  private lastValue: unknown = undefined;
  private heldAtMs: number | undefined;
  private pastDeadline = false;

  constructor(
    private readonly host: LivenessHost,
    private readonly opts: LivenessOptions,
  ) {
    if (opts.healAtMs !== undefined) host.clock.schedule(opts.healAtMs, () => this.begin(), '#liveness');
  }

  /** Main returned normally: in the faulted phase this starts the check; the run goes on either way. */
  mainReturned(): boolean {
    if (this.state === 'done') return false;
    if (this.state === 'faulted') this.begin();
    return true;
  }

  /** Nothing can run: start the check (`continue`), or give the verdict; null once done. */
  onQuiescent(): Verdict | 'continue' | null {
    if (this.state === 'faulted') {
      this.begin();
      return 'continue';
    }
    if (this.state === 'done') return null;
    return this.evaluate() ?? this.violated('nothing can run any more');
  }

  /** After each step while checking: the verdict once the predicate holds or the deadline passed. */
  afterStep(): Verdict | null {
    if (this.state !== 'checking') return null;
    const v = this.evaluate();
    if (v !== null) return v;
    return this.pastDeadline ? this.violated(`the deadline (${this.opts.deadlineMs}ms after the heal) passed`) : null;
  }

  report(): LivenessReport {
    const r: LivenessReport = { healedAtMs: this.healedAtMs, deadlineMs: this.opts.deadlineMs, held: this.heldAtMs !== undefined, lastValue: this.lastValue };
    if (this.heldAtMs !== undefined) r.heldAtMs = this.heldAtMs;
    return r;
  }

  private begin(): void {
    if (this.state !== 'faulted') return;
    this.state = 'checking';
    this.host.heal();
    this.healedAtMs = this.host.clock.nowMs;
    this.deadlineAt = this.healedAtMs + this.opts.deadlineMs;
    this.deadlineTimer = this.host.clock.schedule(this.deadlineAt, () => {
      this.pastDeadline = true;
    }, '#liveness');
  }

  private evaluate(): Verdict | null {
    const saved = ctx.rt;
    const savedProc = ctx.proc;
    ctx.rt = this.host.runtime;
    ctx.proc = null;
    try {
      this.lastValue = this.opts.predicate();
    } catch (e) {
      this.lastValue = { predicateThrew: (e as Error)?.message ?? String(e) };
    } finally {
      ctx.rt = saved;
      ctx.proc = savedProc;
    }
    if (this.lastValue !== true) return null;
    this.state = 'done';
    this.heldAtMs = this.host.clock.nowMs;
    if (this.deadlineTimer !== null) this.host.clock.cancel(this.deadlineTimer);
    return { outcome: 'ok', detail: `liveness: the predicate held at ${this.heldAtMs}ms, ${this.heldAtMs - this.healedAtMs!}ms after the heal` };
  }

  private violated(why: string): Verdict {
    this.state = 'done';
    return { outcome: 'livenessViolated', detail: `liveness violated: ${why}; the predicate's last value was ${formatTerm(this.lastValue, 4)}` };
  }
}
