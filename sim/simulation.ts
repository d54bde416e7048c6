/**
 * The simulation: one runtime node on a virtual clock, driven one step at a time.
 *
 * `step()` does exactly one thing: fire the timers that are due, or run one process to its
 * next `yield*` (the strategy picks which), or, when nothing can run, move the clock to the
 * next timer; when there is no timer either, the run is over (main done: `ok`; else
 * `deadlock`). `run()` only loops over `step()`.
 */
import {
  BadArgumentError, ctx, gen, isGeneratorFunction, Runtime, type Proc, type ProcessBody, type Term,
} from '../src/index.js';
import { VirtualClock, type SimTimer } from './clock.js';
import { deadlockReport } from './detect/deadlock.js';
import { LeakGuard, NonDeterministicCall } from './detect/leak-guard.js';
import { Random } from './random.js';
import { SimResult, type Outcome } from './result.js';
import { SimScheduler } from './scheduler.js';
import { DecisionLog } from './strategy/decisions.js';
import { PctStrategy } from './strategy/pct.js';
import { RandomStrategy } from './strategy/random.js';
import { ReplayStrategy, TraceDivergence } from './strategy/replay.js';
import { divergenceOf, optionsOf, tokenExtra } from './replay-run.js';
import { DecisionKind, FifoStrategy, type Strategy } from './strategy/strategy.js';
import { Recorder } from './trace/recorder.js';
import { decodeToken, type TokenHeader } from './trace/token.js';
import { FaultInjector } from './faults/injector.js';
import { validatePlan } from './faults/validate.js';
import { LivenessPhase, validateLiveness, type LivenessOptions } from './detect/liveness.js';
import { PerturbedStrategy } from './strategy/perturb.js';
import { check, isLimit, type SimulationOptions } from './options.js';

export type { SimulationOptions };

/**
 * A deterministic world for one run.
 *
 * @example
 * ```ts
 * const result = Simulation.create({ seed: 7 }).run(function* () {
 *   const pid = spawn(function* () { const [from, n] = (yield* receive()) as [Pid, number]; send(from, n + 1); });
 *   send(pid, [self(), 41]);
 *   return yield* receive();
 * });
 * result.outcome; // 'ok'
 * result.value;   // 42
 * ```
 */
export class Simulation {
  readonly runtime: Runtime;
  readonly clock: VirtualClock;
  readonly scheduler = new SimScheduler();
  readonly recorder: Recorder;
  readonly strategy: Strategy;
  readonly log = new DecisionLog();
  readonly header: TokenHeader;
  private readonly guard: LeakGuard | null;
  private stepNo = 0;
  private timersFired = 0;
  private main: Proc | null = null;
  private ended: Outcome | null = null;
  private mainExit: Term = undefined;
  private mainValue: unknown = undefined;
  private error: unknown = undefined;
  private divergence: TraceDivergence | undefined;
  private detail: string | undefined;
  private deadlock: ReturnType<typeof deadlockReport> | undefined;
  private readonly callCycleDeadlocks: boolean;
  /** The batch of due timers `fireDue` works on (reused). */
  private readonly due: SimTimer[] = [];
  /** The fault injector, when the run has a fault plan. */
  readonly faults: FaultInjector | null = null;
  /** The liveness phase, when the run has one. */
  readonly liveness: LivenessPhase | null = null;
  /** Whether steps need {@link Simulation.afterStep}: faults, step costs or a liveness phase. */
  private readonly extraChecks: boolean;

  private constructor(opts: SimulationOptions, strategy?: Strategy) {
    const seed = opts.seed ?? 0;
    check(typeof seed === 'number' || typeof seed === 'string', 'seed', seed, 'a number or a string');
    const stepsMax = opts.stepsMax ?? 10_000_000;
    const timeMaxMs = opts.timeMaxMs ?? 3_600_000;
    const stepCostMs = opts.stepCostMs ?? 0;
    check(isLimit(stepsMax), 'stepsMax', stepsMax, 'a positive integer');
    check(isLimit(timeMaxMs), 'timeMaxMs', timeMaxMs, 'a positive integer');
    check(typeof stepCostMs === 'number' && stepCostMs >= 0 && Number.isFinite(stepCostMs), 'stepCostMs', stepCostMs, 'a finite number ≥ 0');
    const s = typeof opts.strategy === 'string' ? { name: opts.strategy } : (opts.strategy ?? { name: 'random' as const });
    check(['fifo', 'random', 'pct'].includes((s as { name: string }).name), 'strategy', opts.strategy, "'fifo', 'random' or 'pct'");
    const pct = s as { name: string; depth?: number; stepsEstimate?: number };
    if (pct.depth !== undefined) check(Number.isInteger(pct.depth) && pct.depth >= 1, 'strategy.depth', pct.depth, 'an integer ≥ 1');
    if (pct.stepsEstimate !== undefined) check(isLimit(pct.stepsEstimate), 'strategy.stepsEstimate', pct.stepsEstimate, 'a positive integer');
    this.header = { seed: String(seed), strategy: { ...pct }, stepCostMs, stepsMax, timeMaxMs };
    const random = new Random(String(seed));
    this.strategy = strategy ??
      (s.name === 'fifo' ? new FifoStrategy()
        : s.name === 'pct' ? new PctStrategy(random.fork('pct'), pct.depth, pct.stepsEstimate)
          : new RandomStrategy(random.fork('schedule')));
    if (opts.perturb !== undefined && opts.perturb.length !== 0 && strategy === undefined) this.strategy = new PerturbedStrategy(this.strategy, opts.perturb);
    const extra = tokenExtra(opts);
    if (extra !== undefined) this.header.extra = extra;
    this.clock = new VirtualClock();
    this.recorder = new Recorder(opts.trace ?? true);
    this.runtime = new Runtime(
      { clock: this.clock, scheduler: this.scheduler, tracer: this.recorder, entropy: random.fork('entropy') },
      opts.node ?? 'nonode@nohost',
      0,
    );
    // Bound, not an arrow: an object whose field holds a closure leading back to it survives V8's
    // young collections (see publishChildren in supervisor-server.ts); every Simulation did.
    this.runtime.onExit = this.mainExited.bind(this);
    this.guard = (opts.leakGuard ?? true) ? new LeakGuard() : null;
    check(opts.callCycles === undefined || opts.callCycles === 'deadlock' || opts.callCycles === 'timeout', 'callCycles', opts.callCycles, "'deadlock' or 'timeout'");
    this.callCycleDeadlocks = opts.callCycles !== 'timeout';
    check(opts.copyMessages === undefined || typeof opts.copyMessages === 'boolean', 'copyMessages', opts.copyMessages, 'a boolean');
    this.runtime.copyMessages = opts.copyMessages === true;
    if (opts.faults !== undefined) validatePlan(opts.faults);
    if (opts.faults !== undefined && opts.faults.length !== 0) { // an empty plan is no plan (the token carries none)
      this.faults = new FaultInjector(this, opts.faults);
    }
    if (opts.liveness !== undefined) {
      validateLiveness(opts.liveness);
      this.liveness = new LivenessPhase({ runtime: this.runtime, clock: this.clock, heal: () => this.faults?.healAll() }, opts.liveness);
    }
    this.extraChecks = this.faults !== null || this.liveness !== null || this.header.stepCostMs !== 0;
  }

  private mainExited(p: Proc, reason: Term, value: unknown): void {
    if (p !== this.main) return;
    this.mainExit = reason;
    this.mainValue = value;
    if (reason === 'normal' && this.liveness?.mainReturned()) return;
    this.ended = reason === 'normal' ? 'ok' : 'crashed';
    this.detail = reason === 'normal' ? 'main returned' : 'main process exited abnormally';
  }

  /** A new simulation; options are validated (a typed error names a bad one). */
  static create(opts: SimulationOptions = {}): Simulation {
    if (typeof opts !== 'object' || opts === null) throw new BadArgumentError('Simulation.create', 'options', opts, 'an options object');
    return new Simulation(opts);
  }

  /**
   * Re-runs the run a token describes, checking every decision against the recording; a
   * mismatch ends the run as `nonDeterminism` with `result.divergence` set.
   */
  static replay<T>(token: string, main: ProcessBody, ...args: unknown[]): SimResult<T> {
    return Simulation.replayWith<T>(token, { main, args });
  }

  /** {@link Simulation.replay} with what a token cannot carry: the liveness predicate. */
  static replayWith<T>(token: string, run: { main: ProcessBody; args?: unknown[]; liveness?: LivenessOptions }): SimResult<T> {
    const { header, decisions } = decodeToken(token);
    const replay = new ReplayStrategy(decisions);
    const sim = new Simulation(optionsOf(header, run.liveness), replay);
    (sim.header as TokenHeader).strategy = header.strategy;
    if (header.extra !== undefined) (sim.header as TokenHeader).extra = header.extra;
    const result = sim.run<T>(run.main, ...(run.args ?? []));
    const div = result.outcome === 'nonDeterminism' ? undefined : divergenceOf(replay, header, result);
    return div === undefined ? result : sim.finish('nonDeterminism', { divergence: div, detail: div.message });
  }

  /** Spawns the main process; `run` calls it, `step` needs it first. */
  start(main: ProcessBody, ...args: unknown[]): Proc {
    if (this.main !== null) throw new BadArgumentError('Simulation.start', 'main', main, 'given once per simulation');
    if (!isGeneratorFunction(main)) throw new BadArgumentError('Simulation.run', 'main', main, 'a generator function (function*)');
    this.main = this.runtime.spawnProc(main as never, args, null, null);
    return this.main;
  }

  /** Runs `main` to the end: spawns it, steps until an outcome, returns the result. */
  run<T = unknown>(main: ProcessBody, ...args: unknown[]): SimResult<T> {
    this.start(main, ...args);
    this.guard?.install();
    try {
      this.steps(Infinity);
    } finally {
      this.guard?.uninstall();
    }
    return this.result<T>();
  }

  /** Takes one step; returns false once the run has an outcome. */
  step(): boolean {
    this.guard?.install();
    try {
      return this.steps(1);
    } finally {
      this.guard?.uninstall();
    }
  }

  /** Runs `fn` with this simulation's node as the current one (for `whereis`, `processInfo`, ETS, … from test code). */
  inspect<R>(fn: () => R): R {
    const saved = ctx.rt;
    ctx.rt = this.runtime;
    try {
      return fn();
    } finally {
      ctx.rt = saved;
    }
  }

  /** @internal The main process, once started (the fault injector's host interface). */
  get mainProc(): Proc | null {
    return this.main;
  }

  /** @internal A recorded choice among `n` other options (a fault's "a live process"). */
  chooseOther(n: number): number {
    const i = this.strategy.choose(DecisionKind.Other, n, this.stepNo);
    this.log.record(this.stepNo, DecisionKind.Other, n, i);
    return i;
  }

  /** The outcome so far (null while running). */
  get outcome(): Outcome | null {
    return this.ended;
  }

  /**
   * Takes up to `max` steps inside one guard (one try, one context set-up: a loop per step of
   * those cost the ring benchmark about a tenth of its time); false once there is an outcome.
   *
   * The step itself is written in the loop, not called: V8 inlines callees into a function only
   * up to a budget of their total size, and the function's own body does not count. So the loop
   * holds what every step does, the runtime's step is inlined into it (a step loop one call away
   * from the runtime's step cost pingpong a sixth of its time), and what only some runs need is
   * out of line: faults, step costs and the liveness phase in {@link Simulation.afterStep}, an
   * instant with nothing runnable in {@link Simulation.idle}.
   */
  private steps(max: number): boolean {
    if (this.ended !== null) return false;
    if (this.main === null) throw new BadArgumentError('Simulation.step', 'main', undefined, 'started first with sim.start(main)');
    const rec = this.recorder;
    const clock = this.clock;
    const scheduler = this.scheduler;
    const runtime = this.runtime;
    // A simulation run from inside a process (of another simulation) gives that process its
    // context back when it returns.
    const outerRt = ctx.rt;
    const outerProc = ctx.proc;
    ctx.rt = runtime;
    try {
      for (let k = 0; k < max; k++) {
        if (this.stepNo >= this.header.stepsMax) return this.stop('stepLimit', `${this.stepNo} steps taken`);
        rec.step = ++this.stepNo;
        rec.time = clock.nowMs;
        if (this.faults !== null) this.faults.beforeStep(this.stepNo);
        if (clock.live !== 0 && clock.nextTime() <= clock.nowMs) this.fireDue();
        const q = scheduler.current();
        if (q === null) {
          if (!this.idle()) return false;
          continue;
        }
        const n = q.length;
        let i = 0;
        if (n > 1) {
          i = this.strategy.pickProcess(q.items, q.head, n, this.stepNo);
          this.log.record(this.stepNo, DecisionKind.Process, n, i);
        }
        const p = q.take(i) as Proc;
        runtime.step(p);
        if (this.extraChecks) {
          if (!this.afterStep(p)) return false;
        } else if (this.guard !== null && this.guard.violation !== null) {
          return this.stopLeak();
        } else if (this.ended !== null) {
          return false;
        }
      }
      return this.ended === null;
    } catch (e) {
      if (e instanceof TraceDivergence) {
        this.divergence = e;
        return this.stop('nonDeterminism', e.message, e);
      }
      return this.stop('harnessError', `the simulator failed: ${(e as Error)?.message ?? String(e)}`, e);
    } finally {
      ctx.rt = outerRt;
      ctx.proc = outerProc;
    }
  }

  /** After a step of `p`, in a run with faults, step costs or a liveness phase. */
  private afterStep(p: Proc): boolean {
    if (this.faults !== null && this.faults.afterStep(p) && this.ended === null && this.clock.nowMs > this.header.timeMaxMs) {
      return this.stop('timeLimit', 'a slowed process took virtual time past timeMaxMs');
    }
    if (this.header.stepCostMs !== 0) {
      this.clock.nowMs += this.header.stepCostMs;
      // Step costs move time too: the limit holds for them as for timer jumps.
      if (this.ended === null && this.clock.nowMs > this.header.timeMaxMs) return this.stop('timeLimit', `step costs took virtual time past timeMaxMs`);
    }
    return this.afterIdle();
  }

  /** A step with nothing runnable: time jumps to the next timer, or the run ends. */
  private idle(): boolean {
    const next = this.clock.nextTime();
    if (next === Infinity) return this.quiesce();
    if (this.callCycleDeadlocks && gen.callCycles(this.runtime).length !== 0) {
      this.deadlock = deadlockReport([this.runtime], 'waiting on each other in calls, nothing runnable');
      return this.stop('deadlock', this.deadlock.text);
    }
    if (next > this.header.timeMaxMs) return this.stop('timeLimit', `next timer at ${next}ms is past timeMaxMs`);
    this.clock.nowMs = next;
    this.recorder.time = next;
    this.fireDue();
    return this.afterIdle();
  }

  /** The checks that end every step: the liveness phase, then the leak guard. */
  private afterIdle(): boolean {
    if (this.liveness !== null && this.ended === null) {
      const v = this.liveness.afterStep();
      if (v !== null) return this.stop(v.outcome, v.detail);
    }
    if (this.guard !== null && this.guard.violation !== null) return this.stopLeak();
    return this.ended === null;
  }

  private stopLeak(): false {
    const call = this.guard!.violation!;
    return this.stop('nonDeterminism', `process code called ${call}`, new NonDeterministicCall(call));
  }

  /**
   * Fires the timers due now, in the order the strategy picks. The batch is taken into one
   * array kept for the whole run (a run fires hundreds of timers; an array per batch was a
   * tenth of what the simulator allocated); firing never re-enters here.
   */
  private fireDue(): void {
    const due = this.due;
    for (let n = this.clock.takeDueInto(this.clock.nowMs, due); n !== 0; n--) {
      let i = 0;
      if (n > 1) {
        i = this.strategy.choose(DecisionKind.Timer, n, this.stepNo);
        this.log.record(this.stepNo, DecisionKind.Timer, n, i);
      }
      const t = due[i]!;
      if (i !== n - 1) due.copyWithin(i, i + 1, n); // what is left keeps its order, as splice did
      due[n - 1] = undefined as never;
      if (t.done) continue;
      this.clock.markFired(t);
      this.timersFired++;
      t.fire();
    }
  }

  private quiesce(): boolean {
    const v = this.liveness?.onQuiescent();
    if (v === 'continue') return true;
    if (v) return this.stop(v.outcome, v.detail);
    if (this.main !== null && this.main.alive) {
      this.deadlock = deadlockReport([this.runtime]);
      return this.stop('deadlock', this.deadlock.text);
    }
    return this.stop('ok', 'quiescent');
  }

  private stop(outcome: Outcome, detail: string, error?: unknown): false {
    this.ended = outcome;
    this.detail = detail;
    if (error !== undefined) this.error = error;
    return false;
  }

  /** @internal Ends the run with `outcome` and returns the result. */
  finish<T>(outcome: Outcome, extra: { divergence?: TraceDivergence; detail?: string; error?: unknown }): SimResult<T> {
    this.ended = outcome;
    if (extra.divergence) this.divergence = extra.divergence;
    if (extra.detail) this.detail = extra.detail;
    if (extra.error !== undefined) this.error = extra.error;
    return this.result<T>();
  }

  /** The result so far (call after `run`, or after `step` returned false). */
  result<T = unknown>(): SimResult<T> {
    const rt = this.runtime;
    return new SimResult<T>({
      outcome: this.ended ?? 'stepLimit',
      value: this.mainValue,
      exit: this.mainExit,
      header: this.header,
      log: this.log,
      trace: this.recorder,
      traced: this.recorder.enabled,
      stats: {
        steps: this.stepNo,
        decisions: this.log.length,
        spawned: rt.stats.spawned,
        exited: rt.stats.exited,
        messages: rt.stats.messages,
        virtualTimeMs: this.clock.nowMs,
        timersFired: this.timersFired,
      },
      ...(this.deadlock ? { deadlock: this.deadlock } : {}),
      ...(this.divergence ? { divergence: this.divergence } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.liveness ? { liveness: this.liveness.report() } : {}),
      ...(this.faults ? { faults: this.faults.fired } : {}),
    });
  }
}
