/**
 * The fault injector: applies a plan to one simulated node. Time-triggered faults are clock
 * timers (so the clock jumps to them like to any timer, and same-instant ties are strategy
 * decisions); step-triggered ones fire at the start of their step. Each fault appears in the
 * trace as a `fault` event naming the process it hit.
 *
 * The simulation calls it at three points (and nowhere else): `beforeStep`, `afterStep` (a
 * slowed process's step costs extra time) and `healAll` (the liveness phase). A hung process
 * is kept out of the run queue through the scheduler's gate; an exit signal that dooms it
 * still gets through, so it dies as a stuck BEAM process would.
 */
import { BadArgumentError, Status, type Proc, type Runtime, type Term } from '../../src/index.js';
import type { TimerHandle } from '../../src/index.js';
import type { VirtualClock } from '../clock.js';
import type { SimScheduler } from '../scheduler.js';
import type { Recorder } from '../trace/recorder.js';
import { formatFault, isProcessFault, type Fault, type ProcessFault } from './plan.js';
import { resolveSelector } from './selector.js';

/**
 * What the injector needs from the simulation (the simulation itself: no adapter object or
 * closures to build per run).
 */
export interface InjectorHost {
  readonly runtime: Runtime;
  readonly clock: VirtualClock;
  readonly scheduler: SimScheduler;
  readonly recorder: Recorder;
  /** The main process (never chosen as "a live process"). */
  readonly mainProc: Proc | null;
  /** A recorded strategy decision among `n` options. */
  chooseOther(n: number): number;
}

/** A fault as it fired: where, when, and on which process. */
export interface FiredFault {
  fault: Fault;
  step: number;
  timeMs: number;
  /** The process hit, printed; undefined when the target did not exist (the fault was skipped). */
  pid: string | undefined;
}

const STEP_ORDER = (a: Fault, b: Fault): number => (a as { atStep: number }).atStep - (b as { atStep: number }).atStep;

export class FaultInjector {
  /** Faults that fired, in order. */
  readonly fired: FiredFault[] = [];
  private readonly stepFaults: Fault[];
  private nextStepFault = 0;
  private readonly timers: TimerHandle[] = [];
  private readonly hung = new Map<Proc, TimerHandle | null>();
  private readonly slow = new Map<Proc, number>();
  private skewMs = 0;
  private healed = false;

  /** `plan` has been checked by the caller (`validatePlan`; the simulation does it once). */
  constructor(
    private readonly host: InjectorHost,
    readonly plan: readonly Fault[],
  ) {
    let stepFaults: Fault[] | null = null;
    for (let i = 0; i < plan.length; i++) {
      const f = plan[i]!;
      rejectUnsupported(f, i, host.runtime.node);
      if ('atMs' in f) this.timers.push(host.clock.schedule(f.atMs, fireFault, '#fault', [this, f]));
      else (stepFaults ??= []).push(f);
    }
    this.stepFaults = stepFaults === null ? NONE : stepFaults.sort(STEP_ORDER);
  }

  /** Keeps hung processes out of the run queue (set only while some process hangs; made on the first hang). */
  private gate: ((p: unknown) => boolean) | null = null;

  private setHung(p: Proc, t: TimerHandle | null): void {
    this.hung.set(p, t);
    this.host.scheduler.gate = this.gate ??= gateOf(this.hung);
  }

  private clearHung(p: Proc): void {
    this.hung.delete(p);
    if (this.hung.size === 0) this.host.scheduler.gate = null;
  }

  /** Number of processes hung right now. */
  get hangs(): number {
    return this.hung.size;
  }

  /** Start of a step: step-triggered faults; a hung process doomed meanwhile is released to die. */
  beforeStep(step: number): void {
    const sf = this.stepFaults;
    while (this.nextStepFault < sf.length && (sf[this.nextStepFault] as { atStep: number }).atStep <= step) {
      this.fire(sf[this.nextStepFault++]!);
    }
    if (this.hung.size !== 0) this.hung.forEach(this.release, this); // forEach: no [key, value] pair per entry
  }

  /** A hung process doomed meanwhile is queued to die; a dead one is forgotten. */
  private release(t: TimerHandle | null, p: Proc): void {
    if (p.status === Status.Exiting && p.runSlot === -1) this.host.scheduler.ready(p);
    else if (p.status === Status.Dead) {
      if (t !== null) this.host.clock.cancel(t);
      this.clearHung(p);
    }
  }

  /** After `p` stepped: a slowed process costs extra virtual time; true when time moved. */
  afterStep(p: Proc): boolean {
    if (this.slow.size === 0) return false;
    const extra = this.slow.get(p);
    if (extra === undefined) return false;
    this.host.clock.nowMs += extra;
    return true;
  }

  /** Ends every fault (hangs, slowness, skew) and drops those not yet fired: the liveness phase. */
  healAll(): void {
    if (this.healed) return;
    this.healed = true;
    this.nextStepFault = this.stepFaults.length;
    for (const t of this.timers) this.host.clock.cancel(t);
    for (const p of [...this.hung.keys()]) this.unhang(p);
    this.slow.clear();
    this.host.clock.systemOffsetMs -= this.skewMs;
    this.skewMs = 0;
    this.event(undefined, 'heal all faults (liveness phase)');
  }

  /** @internal Fires fault `f` now (a time-triggered fault's timer, or `beforeStep`). */
  fire(f: Fault): void {
    if (this.healed) return;
    const rt = this.host.runtime;
    if (!isProcessFault(f)) {
      // Only a clock skew of this node passes the constructor's check on a one-node simulation.
      const skew = (f as { skewMs: number }).skewMs;
      this.host.clock.systemOffsetMs += skew;
      this.skewMs += skew;
      this.record(f, undefined, '');
      return;
    }
    const p = resolveSelector(rt, f.target, this.host);
    if (p === undefined) {
      this.record(f, undefined, ' (no such live process: skipped)');
      return;
    }
    this.record(f, p, '');
    this.apply(f, p);
  }

  private apply(f: ProcessFault, p: Proc): void {
    switch (f.kind) {
      case 'kill':
        return this.doom(p, 'killed');
      case 'exit':
        return this.doom(p, f.reason);
      case 'hang':
        return this.hang(p, f.forMs);
      case 'slow': {
        this.slow.set(p, f.extraMs);
        if (f.forMs !== undefined) this.later(f.forMs, () => this.slow.delete(p));
        return;
      }
      case 'lateTimer': {
        const targets = new Set([String(p.pid)]);
        if (p.name !== undefined) targets.add(p.name);
        this.host.clock.postpone(targets, f.delayMs);
        return;
      }
    }
  }

  /** The process exits with `reason` the next time it is scheduled (untrappable). */
  private doom(p: Proc, reason: Term): void {
    if (!p.alive) return;
    p.status = Status.Exiting;
    p.exitReason = reason;
    this.host.scheduler.ready(p);
  }

  private hang(p: Proc, forMs: number | undefined): void {
    const prev = this.hung.get(p);
    if (prev) this.host.clock.cancel(prev);
    this.host.scheduler.remove(p);
    this.setHung(p, forMs === undefined ? null : this.later(forMs, () => this.unhang(p)));
  }

  private unhang(p: Proc): void {
    const t = this.hung.get(p);
    if (t === undefined) return;
    if (t !== null) this.host.clock.cancel(t);
    this.clearHung(p);
    if ((p.status === Status.Runnable || p.status === Status.Exiting) && p.runSlot === -1) this.host.scheduler.ready(p);
    if (p.alive && this.host.recorder.enabled) this.event(p, `wake ${p.pid} (hang over)`);
  }

  private later(ms: number, fn: () => void): TimerHandle {
    const t = this.host.clock.schedule(this.host.clock.nowMs + ms, fn, '#fault');
    this.timers.push(t);
    return t;
  }

  /** Notes a fired fault; its text (the fault, then `note`) is built only when tracing. */
  private record(f: Fault, p: Proc | undefined, note: string): void {
    this.fired.push({ fault: f, step: this.host.recorder.step, timeMs: this.host.clock.nowMs, pid: p === undefined ? undefined : String(p.pid) });
    if (this.host.recorder.enabled) this.event(p, formatFault(f) + note);
  }

  private event(p: Proc | undefined, text: string): void {
    const rec = this.host.recorder;
    if (rec.enabled) rec.emit({ kind: 'fault', node: this.host.runtime.node, pid: p?.pid, fault: text });
  }
}

const NONE: Fault[] = [];

/** A time-triggered fault's timer callback (one module function: no closure per fault). */
function fireFault(arg: never): void {
  const [injector, f] = arg as [FaultInjector, Fault];
  injector.fire(f);
}

/** The scheduler's gate while processes hang: a hung one is queued only to die. */
function gateOf(hung: ReadonlyMap<Proc, unknown>): (p: unknown) => boolean {
  return (p) => !hung.has(p as Proc) || (p as Proc).status === Status.Exiting;
}

/** Network faults need more than one node; on one node only a skew of its own clock is real. */
function rejectUnsupported(f: Fault, i: number, node: string): void {
  if (isProcessFault(f)) return;
  if (f.kind === 'clockSkew' && f.node === node) return;
  throw new BadArgumentError(
    'Simulation.create',
    `faults[${i}]`,
    f,
    `a process fault or a clock skew of '${node}': '${f.kind}' is a network fault and this simulation has one node (network faults become real with the Distribution layer)`,
  );
}
