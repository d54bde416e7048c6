/**
 * One runtime node: its processes, registry and aliases, and the rules of signal delivery.
 *
 * The host's loop calls {@link Runtime.step} on the process its scheduler picked; the runtime
 * resumes the generator, reads the effect it yields (see effects.ts) and reports readiness back
 * through `host.scheduler.ready`. Signals between local processes are received at once, in
 * send order (MSG-2): a message lands in the mailbox, an exit signal is acted on (converted to
 * an `'EXIT'` message, ignored, or made pending); a pending fatal signal kills the process the
 * next time the scheduler picks it, so *when* a victim dies is an interleaving choice too.
 */
import type { Host } from '../host.js';
import { ctx } from './context.js';
import { ReceiveEffect, TIMEOUT, YIELD } from './effects.js';
import { classify, exceptionToReason, ProcessExiting } from './errors.js';
import { dropAliases, removeAlias, unlinkHeld, unlinkOn, type Alias } from './monitor-records.js';
import { isWhole, WHOLE } from './mailbox.js';
import { Pid, Ref } from './pid.js';
import { ProcTable } from './proc-table.js';
import { PRIORITIES, Proc, Status, type Matcher, type SpawnOptions } from './process.js';
import type { Term } from './term.js';

/** Called for each process that dies, before its links and monitors fire (PROC-7). */
export type ExitHook = (p: Proc, reason: Term) => void;

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
/** `%GeneratorPrototype%.next`: one known function for every generator (see {@link Proc.native}). */
const generatorNext = (GeneratorFunction.prototype as { prototype: Generator }).prototype.next;

/**
 * True when `fn` is a generator function (`function*`).
 *
 * @internal Exported for dfsweo's own layers (sim/ and properties/ check a main or scenario
 * body with it); users hand bodies to `spawn`, which checks them itself.
 */
export function isGeneratorFunction(fn: unknown): fn is (...args: never[]) => Generator {
  return typeof fn === 'function' && fn instanceof GeneratorFunction;
}

function safeMatch(m: Matcher, msg: unknown): boolean {
  try {
    return m(msg) === true;
  } catch {
    return false; // A guard that raises fails (as in Erlang).
  }
}

/** @internal A runtime node. */
export class Runtime {
  /** Live and exiting processes, in spawn order. */
  readonly procs = new ProcTable();
  readonly names = new Map<string, Proc>();
  /** Hooks run when a process dies (ETS ownership, behaviours). */
  readonly exitHooks: ExitHook[] = [];
  /** Per-node state of modules layered on the kernel (ETS tables, timers, …). */
  readonly ext = new Map<string, unknown>();
  /** Called after a process has died, with its reason and, on return, its value. */
  onExit: ((p: Proc, reason: Term, value: unknown) => void) | null = null;
  /** Strict mode (MSG-5): every message is copied at send, so sender-side mutation is invisible. */
  get copyMessages(): boolean {
    return this.copying;
  }

  set copyMessages(on: boolean) {
    this.copying = on;
    this.plainSends = !on && !this.tracer.enabled;
  }

  private copying = false;
  /** True when sends are neither traced nor copied (the fast path of a send: signals.ts). */
  plainSends: boolean;
  private pidSerial = 0;
  private refSerial = 0;
  readonly stats = { spawned: 0, exited: 0, messages: 0 };

  /** The host's tracer and scheduler (read on every step and delivery). */
  readonly tracer: Host['tracer'];
  readonly scheduler: Host['scheduler'];

  constructor(
    readonly host: Host,
    readonly node = 'nonode@nohost',
    readonly nodeIndex = 0,
  ) {
    this.tracer = host.tracer;
    this.scheduler = host.scheduler;
    this.plainSends = !host.tracer.enabled;
  }

  makeRef(): Ref {
    return new Ref(this.node, this.nodeIndex, ++this.refSerial);
  }

  /** @internal The serial of a new ref made by a subclass of Ref (timer refs). */
  nextRefSerial(): number {
    return ++this.refSerial;
  }

  /** The active alias on a local ref (aliases live on their ref: monitor-records.ts). */
  aliasOf(ref: Ref): Alias | undefined {
    return ref.node === this.node ? (Ref.aliasOf(ref) as Alias | undefined) : undefined;
  }

  /** The live-or-exiting process of a local pid. */
  lookup(pid: Pid): Proc | undefined {
    return pid.node === this.node ? (Pid.procOf(pid) as Proc | undefined) : undefined;
  }

  /**
   * Creates a process; it becomes runnable at once (PROC-1). `fn` is checked by the caller;
   * `label` names the process in traces instead of `fn` (see {@link Proc.label}).
   */
  spawnProc(fn: (...a: never[]) => Generator, args: readonly unknown[], parent: Proc | null, opts: SpawnOptions | null, label?: string): Proc {
    const pid = new Pid(this.node, this.nodeIndex, ++this.pidSerial);
    const prio = opts?.priority === undefined ? 1 : PRIORITIES.indexOf(opts.priority);
    const gen = (fn as (...a: unknown[]) => Generator).apply(undefined, args as unknown[]);
    const p = new Proc(pid, gen as Generator<unknown, unknown, unknown>, fn, parent?.pid, prio);
    if (opts !== null) p.options = opts;
    if (label !== undefined) p.label = label;
    this.procs.add(p);
    Pid.cacheProc(pid, p); // lookup without hashing
    this.stats.spawned++;
    const tr = this.tracer;
    if (tr.enabled) {
      tr.emit({ kind: 'spawn', node: this.node, pid, parent: parent?.pid, fn: p.fnName, link: !!opts?.link, monitor: !!opts?.monitor });
    }
    this.scheduler.ready(p);
    return p;
  }

  /**
   * Runs one step of `p`: to its next `yield*`, its return, or its death. Host loop only; the
   * host sets `ctx.rt` to this runtime around its steps (one store per batch, not per step).
   *
   * Kept small: V8 inlines it into the host's loop only within a budget of inlined bytecode, and
   * the send a process makes must fit in its own. The common case is here (resumed with the
   * message its receive matched; blocks in a receive with no timeout); what is rare (a receive
   * timeout, its timer, a traced receive, a death, a `yieldNow`) is out of line.
   */
  step(p: Proc): void {
    if (p.status === Status.Exiting) {
      this.terminate(p, p.exitReason, undefined);
      return;
    }
    let input = p.resume;
    p.resume = undefined;
    if (p.matchIndex >= 0 && p.recvTimer === null && !p.timedOut && !this.tracer.enabled) {
      input = p.mailbox.removeAt(p.matchIndex); // woken by a message: the common case
      p.matchIndex = -1;
    } else if (p.matchIndex >= 0 || p.timedOut || p.recvTimer !== null) {
      input = this.wake(p, input);
    }
    p.status = Status.Running;
    p.reductions++;
    ctx.proc = p;
    let r: IteratorResult<unknown, unknown>;
    try {
      const g = p.gen!;
      r = p.native ? generatorNext.call(g, input) : g.next(input);
    } catch (e) {
      ctx.proc = null;
      this.crash(p, e);
      return;
    }
    ctx.proc = null;
    if ((p.status as Status) !== Status.Running || r.done === true) {
      this.finish(p, r);
      return;
    }
    const eff = r.value;
    if (eff instanceof ReceiveEffect && eff.after === Infinity && p.mailbox.length === 0) {
      // The common case: a receive with no timeout and nothing queued blocks.
      p.status = Status.Waiting;
      p.matcher = eff.matcher;
      p.waitingFor = eff.waitingFor;
      return;
    }
    this.handleEffect(p, eff);
  }

  /** After a step that ended `p`: by a fatal signal it received during the step, or by returning. */
  private finish(p: Proc, r: IteratorResult<unknown, unknown>): void {
    if (p.status === Status.Exiting) this.terminate(p, p.exitReason, undefined);
    else this.terminate(p, 'normal', r.value);
  }

  /**
   * What a step resumes a process with when its receive had a timer, timed out, or is traced:
   * the matched message, or {@link TIMEOUT} when the timeout fired first (RCV-4).
   */
  private wake(p: Proc, input: unknown): unknown {
    if (p.matchIndex >= 0) {
      input = p.timedOut ? this.timeoutInput(p) : this.takeMessage(p, p.matchIndex);
      p.matchIndex = -1;
    } else if (p.timedOut) {
      input = this.timeoutInput(p);
    }
    if (p.recvTimer !== null) {
      this.host.clock.cancel(p.recvTimer);
      p.recvTimer = null;
    }
    return input;
  }

  private timeoutInput(p: Proc): unknown {
    p.timedOut = false;
    const tr = this.tracer;
    if (tr.enabled) tr.emit({ kind: 'receiveTimeout', node: this.node, pid: p.pid });
    return TIMEOUT;
  }

  private takeMessage(p: Proc, i: number): unknown {
    const msg = p.mailbox.removeAt(i);
    const tr = this.tracer;
    if (tr.enabled) tr.receive(this.node, p.pid, msg);
    return msg;
  }

  /**
   * Acts on what a step yielded. The common case, a receive that finds nothing and has no
   * timeout, is handled here and kept small (this is inlined into the host's loop); the rest is
   * in {@link Runtime.receiveNow} and {@link Runtime.badEffect}.
   */
  private handleEffect(p: Proc, eff: unknown): void {
    if (eff instanceof ReceiveEffect) {
      if (!this.receiveNow(p, eff)) return;
    } else if (eff !== YIELD) {
      this.badEffect(p, eff);
      return;
    }
    p.status = Status.Runnable;
    this.scheduler.ready(p);
  }

  /** A receive with messages queued or an `after`: takes a message (true), times out (true), or blocks (false). */
  private receiveNow(p: Proc, eff: ReceiveEffect): boolean {
    const m = eff.matcher;
    const mb = p.mailbox;
    const i = mb.length === 0 ? -1 : m === null ? 0 : mb.find((x) => safeMatch(m, x));
    if (i >= 0) {
      p.resume = this.takeMessage(p, i);
    } else if (eff.after === 0) {
      p.resume = this.timeoutInput(p);
    } else {
      p.status = Status.Waiting;
      p.matcher = m;
      p.waitingFor = eff.waitingFor;
      if (eff.after !== Infinity) {
        p.recvTimer = this.host.clock.schedule(this.host.clock.now() + eff.after, this.onRecvTimeout, p.pid, p);
      }
      return false;
    }
    return true;
  }

  /** `yield x` instead of `yield* op()`: a programming error, reported as one. */
  private badEffect(p: Proc, eff: unknown): void {
    this.crash(p, new TypeError(`a process yielded ${String(eff)}; blocking operations are written 'yield* op(...)'`));
  }

  /** The receive-timeout callback: one per node (the clock passes it the process). */
  private readonly onRecvTimeout = (p: Proc): void => this.recvTimeout(p);

  private recvTimeout(p: Proc): void {
    p.recvTimer = null;
    if (p.status === Status.Waiting) {
      p.timedOut = true;
      p.matcher = null;
      p.status = Status.Runnable;
      this.scheduler.ready(p);
    } else if (p.status === Status.Runnable && p.matchIndex >= 0) {
      p.timedOut = true;
    }
  }

  /**
   * Puts a message in `q`'s mailbox and wakes `q` if its receive accepts it. With `second`, the
   * message is the two-tuple `[msg, second]`, queued unbuilt (see mailbox.ts).
   */
  deliver(q: Proc, msg: unknown, second: unknown = WHOLE): void {
    if (q.status === Status.Dead) return;
    const mb = q.mailbox;
    mb.push(msg, second);
    if (q.status === Status.Waiting && (q.matcher === null || safeMatch(q.matcher, isWhole(second) ? msg : mb.newest()))) {
      q.matchIndex = mb.length - 1;
      q.matcher = null;
      q.waitingFor = undefined;
      q.status = Status.Runnable;
      this.scheduler.ready(q);
    }
  }

  /**
   * An exit signal from `from` reaches `q` (EXIT-1..7, LINK-4/5). `link` tells a link signal
   * (the peer died) from an `exit/2` signal.
   */
  exitSignal(q: Proc, from: Pid, reason: Term, link: boolean): void {
    if (!q.alive) return; // EXIT-7: the first fatal signal decides.
    let effect: 'exit' | 'message' | 'ignored';
    if (!link && reason === 'kill') {
      effect = 'exit';
      this.doom(q, 'killed');
    } else if (q.trapExit) {
      effect = 'message';
      this.deliver(q, ['EXIT', from, reason]);
    } else if (reason === 'normal' && (link || from !== q.pid)) {
      effect = 'ignored';
    } else {
      effect = 'exit';
      this.doom(q, reason);
    }
    const tr = this.tracer;
    if (tr.enabled) tr.emit({ kind: 'exitSignal', node: this.node, pid: q.pid, from, reason, link, effect });
  }

  /** Makes a fatal exit pending on `q`; it dies when next scheduled. */
  private doom(q: Proc, reason: Term): void {
    const was = q.status;
    q.status = Status.Exiting;
    q.exitReason = reason;
    if (was === Status.Waiting) this.scheduler.ready(q);
  }

  /** Ends `p` after its body threw `e` (PROC-2); reports uncaught errors and throws. */
  crash(p: Proc, e: unknown): void {
    if (e instanceof ProcessExiting || p.status === Status.Exiting) {
      this.terminate(p, p.status === Status.Exiting ? p.exitReason : (e as ProcessExiting).reason, undefined);
      return;
    }
    const reason = exceptionToReason(e);
    const cls = classify(e).class;
    const tr = this.tracer;
    if (cls !== 'exit' && tr.enabled) tr.emit({ kind: 'crashReport', node: this.node, pid: p.pid, reason, class: cls });
    this.terminate(p, reason, undefined);
  }

  /**
   * Ends `p` with `reason`: first its visible resources go (name, timers, aliases, ETS
   * through the exit hooks), then its link signals and DOWN messages are sent (PROC-7, MSG-6).
   */
  terminate(p: Proc, reason: Term, value: unknown): void {
    if (p.status === Status.Dead) return;
    p.status = Status.Dead;
    p.gen = null;
    p.matcher = null;
    const clock = this.host.clock;
    if (p.recvTimer !== null) clock.cancel(p.recvTimer);
    if (p.timers !== null) for (const t of p.timers) clock.cancel(t);
    for (let t = p.ownedTimers; t !== null; ) t = t.ownerDied();
    p.ownedTimers = null;
    const tr = this.tracer;
    if (p.name !== undefined) {
      this.names.delete(p.name);
      if (tr.enabled) tr.emit({ kind: 'unregister', node: this.node, pid: p.pid, name: p.name });
    }
    if (p.aliases !== null) dropAliases(p);
    for (let i = 0; i < this.exitHooks.length; i++) this.exitHooks[i]!(p, reason);
    if (tr.enabled) tr.emit({ kind: 'exit', node: this.node, pid: p.pid, reason });
    this.procs.remove(p);
    Pid.cacheProc(p.pid, undefined);
    this.stats.exited++;
    if (p.links !== null) {
      for (const peer of p.links) {
        const q = this.lookup(peer);
        if (q === undefined) continue;
        q.links!.delete(p.pid);
        this.exitSignal(q, p.pid, reason, true);
      }
    }
    for (let mon = p.monitoredBy; mon !== null; mon = mon.nextOn) {
      const o = mon.origin;
      if (o.status === Status.Dead) continue; // p monitoring itself
      unlinkHeld(mon);
      Ref.cacheMonitor(mon.ref, undefined);
      // A monitor's alias ends with its DOWN, unless it was made explicit_unalias (MON-6).
      const al = Ref.aliasOf(mon.ref) as Alias | undefined;
      if (al !== undefined && al.mode !== 'explicit_unalias') removeAlias(mon.ref);
      if (tr.enabled) tr.emit({ kind: 'down', node: this.node, pid: o.pid, ref: mon.ref, object: mon.object, reason });
      this.deliver(o, [mon.tag, mon.ref, 'process', mon.object, reason]);
    }
    for (let mon = p.monitors; mon !== null; mon = mon.nextHeld) {
      if (mon.target !== p) unlinkOn(mon);
      Ref.cacheMonitor(mon.ref, undefined);
    }
    p.monitors = p.monitorsTail = p.monitoredBy = p.monitoredByTail = null;
    this.onExit?.(p, reason, value);
  }
}
