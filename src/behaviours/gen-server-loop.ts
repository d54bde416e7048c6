/**
 * The gen_server engine: `init` with the start handshake, then the receive loop.
 *
 * The loop takes one message at a time: `['$gen_call', from, req]` → `handleCall`,
 * `['$gen_cast', msg]` → `handleCast`, `['system', from, req]` → sys (in every state, also
 * while suspended), `['EXIT', parent, R]` → terminate (GS-15), anything else → `handleInfo`.
 * Callback results go through the one interpreter (gen-server-results.ts).
 */
import { ctx } from '../core/context.js';
import { ReceiveEffect, TIMEOUT, type Op } from '../core/effects.js';
import { classify, ErlangError, exceptionToReason, ExitException, isCleanReason } from '../core/errors.js';
import type { Pid } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import { isGeneratorFunction, type Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import { reply, type From } from './gen.js';
import type { Action, DebugOpt, GenServerModule, ServerStatus } from './gen-server-types.js';
import {
  caught, Crash, errorReport, exitRaising, formattedState, interpret, isAction, runCallback, Stop, waitTimeout, type ResultTarget,
} from './gen-server-results.js';
import { registerName, unregisterName, type ServerName } from './names.js';
import { initAck, nackAndRaise } from './proc-lib.js';
import { debugEvent, debugFromOptions, handleSystem, isSystemMsg, type Debug, type SystemServer } from './sys-handler.js';

type Mod = GenServerModule<unknown, unknown, unknown, unknown, unknown>;
type Callback = (...a: unknown[]) => unknown;

const ANY = new ReceiveEffect(null, Infinity, undefined);
const SYSTEM_ONLY = new ReceiveEffect(isSystemMsg, Infinity, undefined);

/** One running server: the loop's arguments, in one record. */
export class Server implements ResultTarget, SystemServer {
  state: unknown = undefined;
  action: Action | undefined = undefined;
  suspended = false;
  debug: Debug | null = null;
  hibernated = false;
  /** `hibernateAfter` as given at start, unchecked: an invalid one raises when the server waits (GS-20). */
  hibernateAfter: unknown = 'infinity';
  /** GS-19: an event timeout's deadline (virtual ms) and message, or -1. */
  deadline = -1;
  deadlineMsg: unknown = undefined;
  lastMsg: unknown = undefined;
  genCall = false;
  genCast = false;
  genInfo = false;
  private current!: Mod;

  constructor(
    mod: Mod,
    readonly name: ServerName | undefined,
    readonly parent: Pid,
    readonly proc: Proc,
    readonly rt: Runtime,
  ) {
    this.mod = mod;
  }

  /** The callback module; `sys.changeCode` may switch it (UPG-2). */
  get mod(): Mod {
    return this.current;
  }

  set mod(m: Mod) {
    this.current = m;
    this.genCall = isGeneratorFunction(m.handleCall);
    this.genCast = isGeneratorFunction(m.handleCast);
    this.genInfo = isGeneratorFunction(m.handleInfo);
  }

  /** With sys debugging on, each reply is an `['out', reply, from, state]` event (OTP's `{out, Reply, From, State}`). */
  get onReply(): ((from: From, reply: unknown) => void) | null {
    return this.debug === null ? null : (from, r) => debugEvent(this, ['out', r, from, this.state]);
  }

  readonly genModule = 'gen_server';

  get moduleName(): string {
    return this.mod.name ?? 'gen_server';
  }

  /** The state as `formatStatus` shows it (GS-27: see {@link formattedState}). */
  formatState(extra: Partial<ServerStatus<unknown>>): unknown {
    const fs = this.mod.formatStatus;
    if (fs === undefined) return this.state;
    return formattedState(this.moduleName, { state: this.state, log: this.debug?.log?.events ?? [], ...extra }, (st) => fs.call(this.mod, st));
  }

  /** What an internal behaviour built on gen_server (the supervisor) adds to `getStatus`. */
  statusSections(): Term[] {
    const f = (this.mod as { statusSections?: (state: unknown) => Term[] }).statusSections;
    return f === undefined ? [] : f(this.state);
  }

  *terminate(stop: Stop): Op<never> {
    return yield* terminate(this, stop);
  }
}

/**
 * The child's body for `start*` (gen:init_it): register the name (REG-4), run `init`, ack or
 * fail the start (GS-1..4), then loop.
 * @internal
 */
export function* initIt(
  mod: Mod, args: unknown, name: ServerName | undefined, linkedParent: Pid | undefined, debug?: readonly DebugOpt[], hibernateAfter?: unknown,
): Op<unknown> {
  const p = ctx.proc!;
  const rt = ctx.rt!;
  if (name !== undefined) {
    const r = registerName(rt, p, name);
    if (r !== true) return nackAndRaise(['error', ['already_started', r]], new ExitException('normal'));
  }
  const srv = new Server(mod, name, linkedParent ?? p.pid, p, rt);
  srv.debug = debugFromOptions(srv, debug);
  if (hibernateAfter !== undefined) srv.hibernateAfter = hibernateAfter;
  let res: unknown;
  if (typeof mod.init !== 'function') res = new Crash(new ErlangError('undef'));
  else res = yield* runCallback(mod, mod.init as Callback, isGeneratorFunction(mod.init), [args]);
  // The name goes before the starter hears of a failure, so a retry finds it free (GS-4).
  if (res instanceof Crash) {
    unregisterName(rt, name);
    const c = classify(res.exception);
    return nackAndRaise(['error', c.class === 'exit' ? c.reason : exceptionToReason(res.exception)], res.exception);
  }
  if (Array.isArray(res) && res[0] === 'ok' && (res.length === 2 || (res.length === 3 && isAction(res[2])))) {
    srv.state = res[1];
    srv.action = res.length === 3 ? (res[2] as Action) : undefined;
    initAck(['ok', p.pid]);
    return yield* enter(srv);
  }
  unregisterName(rt, name);
  if (res === 'ignore') return nackAndRaise('ignore', new ExitException('normal'));
  if (Array.isArray(res) && res.length === 2 && res[0] === 'stop') return nackAndRaise(['error', res[1]], new ExitException(res[1]));
  if (Array.isArray(res) && res.length === 2 && res[0] === 'error') return nackAndRaise(['error', res[1]], new ExitException('normal'));
  return nackAndRaise(['error', ['bad_return_value', res]], new ExitException(['bad_return_value', res]));
}

/**
 * Runs the loop as the process's own iterator: the runtime resumes it directly from its first
 * receive on, instead of through this frame and proc_lib's. Crash reports then come from
 * {@link terminate}.
 * @internal
 */
export function* enter(srv: Server): Op<never> {
  const it = new Loop(srv);
  const first = it.wait();
  srv.proc.gen = it;
  srv.proc.native = false;
  yield first.value;
  throw new Error('unreachable: the loop replaced this generator');
}

/**
 * The server loop (GS-10..21), as the iterator the runtime drives: each `next(msg)` handles one
 * message and returns the next receive. It is written by hand rather than as a generator
 * function because resuming a generator costs more than handling a cast: a message whose
 * callback is a plain function is handled in `next` itself, and only what must block (a
 * generator callback, a system message, `terminate`) runs as a generator, which `next` drives
 * until it finishes. The server never returns: it exits through {@link terminate}, whose
 * exception leaves `next` as it would leave a generator.
 */
class Loop {
  private sub: Op<void> | null = null;

  constructor(private readonly srv: Server) {}

  next(input: unknown): IteratorResult<unknown, never> {
    const sub = this.sub;
    if (sub !== null) {
      const r = sub.next(input);
      if (!r.done) return r;
      this.sub = null;
    } else {
      const g = dispatch(this.srv, input);
      if (g !== null) {
        const r = this.start(g);
        if (r !== null) return r;
      }
    }
    return this.wait();
  }

  /** Applies the pending action (GS-18..21) and returns the receive that waits for the next message. */
  wait(): IteratorResult<unknown, never> {
    const srv = this.srv;
    for (;;) {
      const a = srv.action;
      if (a !== undefined && typeof a !== 'number' && a !== 'infinity' && a !== 'hibernate') {
        srv.action = undefined;
        if (a[0] === 'continue') {
          // GS-21: before any queued message. OTP's loop handles {continue, C} as its message: the
          // last one an error report names.
          srv.lastMsg = a;
          const g = callback(srv, Cb.Continue, srv.mod.handleContinue as Callback | undefined, isGeneratorFunction(srv.mod.handleContinue), a[1], undefined);
          const r = g === null ? null : this.start(g);
          if (r !== null) return r;
          continue;
        }
        // GS-19: ['timeout' | 'hibernate', T, Msg]
        if (a[0] === 'hibernate') srv.hibernated = true;
        srv.deadline = srv.rt.host.clock.now() + (a[1] as number);
        srv.deadlineMsg = a[2];
      }
      const eff = nextReceive(srv);
      if (eff !== null) {
        // The effect is its own iterator result (effects.ts), so what the runtime reads from
        // a step is a ReceiveEffect whoever yielded it: one shape at its hot call site.
        eff.value = eff;
        eff.done = false;
        return eff as unknown as IteratorResult<unknown, never>;
      }
      const g = dispatch(srv, TIMEOUT);
      const r = g === null ? null : this.start(g);
      if (r !== null) return r;
    }
  }

  /** Starts blocking work; its first yield, or null when it finished at once. */
  private start(g: Op<void>): IteratorResult<unknown, never> | null {
    const r = g.next();
    if (r.done) return null;
    this.sub = g;
    return r;
  }
}

/**
 * The receive effect for the pending action; `null` when an event timeout is due now. As OTP's
 * `receive … after T`, a timeout above 2^32-1 ms, or an invalid `hibernateAfter` (used only
 * when there is no timeout), raises here: the server exits with it at once.
 */
function nextReceive(srv: Server): ReceiveEffect | null {
  if (srv.suspended) return SYSTEM_ONLY;
  const a = srv.action;
  if (a === undefined || a === 'infinity') {
    if (srv.deadline >= 0) return deadlineReceive(srv);
    if (srv.hibernateAfter !== 'infinity') waitTimeout(srv.proc, srv.hibernateAfter);
    return ANY;
  }
  if (a === 'hibernate') {
    srv.hibernated = true;
    return ANY;
  }
  if (typeof a === 'number') return new ReceiveEffect(null, waitTimeout(srv.proc, a), undefined);
  return null;
}

function deadlineReceive(srv: Server): ReceiveEffect | null {
  const left = srv.deadline - srv.rt.host.clock.now();
  return left <= 0 ? null : new ReceiveEffect(null, left, undefined);
}

/**
 * Handles one message (or {@link TIMEOUT}: an event timeout): `['$gen_call', from, req]` →
 * `handleCall`, `['$gen_cast', msg]` → `handleCast`, `['system', from, req]` → sys (also while
 * suspended), `['EXIT', parent, R]` → terminate (GS-15), anything else → `handleInfo`.
 * Returns what is left to run as a generator, or null when all is done.
 */
function dispatch(srv: Server, msg: unknown): Op<void> | null {
  if (Array.isArray(msg)) {
    // Tags compared as strings only (a tag may be any term; see isWhole in mailbox.ts).
    const tag = typeof msg[0] === 'string' ? (msg[0] as string) : '';
    if (tag === 'system' && msg.length === 3) return handleSystem(srv, msg[1] as From, msg[2]);
    srv.lastMsg = msg;
    // GS-15: as OTP's decode_msg, the parent's 'EXIT' is matched before the debug hooks see it,
    // trapping or not (a server started unlinked is its own parent).
    if (tag === 'EXIT' && msg.length === 3 && msg[1] === srv.parent) return terminate(srv, new Stop(msg[2]));
    if (srv.debug !== null) debugEvent(srv, ['in', msg]);
    if (tag === '$gen_call' && msg.length === 3) {
      srv.deadline = -1;
      return callback(srv, Cb.Call, srv.mod.handleCall as Callback | undefined, srv.genCall, msg[2], msg[1] as From);
    }
    if (tag === '$gen_cast' && msg.length === 2) {
      srv.deadline = -1;
      return callback(srv, Cb.Cast, srv.mod.handleCast as Callback | undefined, srv.genCast, msg[1], undefined);
    }
  } else if (typeof msg === 'symbol' && msg === TIMEOUT) { // (a symbol test first: see isWhole in mailbox.ts)
    const m = srv.deadline >= 0 ? srv.deadlineMsg : 'timeout';
    srv.deadline = -1;
    srv.action = undefined;
    srv.lastMsg = m;
    if (srv.debug !== null) debugEvent(srv, ['in', m]); // a message like any other (SYS-7, SYS-8)
    return info(srv, m);
  } else {
    srv.lastMsg = msg;
    if (srv.debug !== null) debugEvent(srv, ['in', msg]);
  }
  srv.deadline = -1;
  return info(srv, msg);
}

function info(srv: Server, msg: unknown): Op<void> | null {
  const hi = srv.mod.handleInfo;
  if (hi === undefined) {
    // GS-14: logged and dropped.
    const tr = srv.rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'log', node: srv.rt.node, pid: srv.proc.pid, text: `gen_server ${srv.moduleName}: undefined handleInfo, dropped a message` });
    return null;
  }
  return callback(srv, Cb.Info, hi as Callback, srv.genInfo, msg, undefined);
}

/** Which callback a message goes to. */
const enum Cb {
  Call,
  Cast,
  Info,
  Continue,
}

/**
 * Calls a plain callback as a method of its module (`this` is the module): a method call
 * compiles to a direct call where the module is known, `fn.call(mod, …)` to a generic one.
 */
function invoke(mod: Mod, kind: Cb, msg: unknown, from: From | undefined, state: unknown): unknown {
  const m = mod as unknown as Record<'handleCall' | 'handleCast' | 'handleInfo' | 'handleContinue', Callback>;
  switch (kind) {
    case Cb.Call:
      return m.handleCall(msg, from, state);
    case Cb.Cast:
      return m.handleCast(msg, state);
    case Cb.Info:
      return m.handleInfo(msg, state);
    default:
      return m.handleContinue(msg, state);
  }
}

/**
 * Runs callback `kind` (`fn`, the module's function for it) on `msg` and the state and applies
 * its result (GS-10..12): a plain function here and now, a generator function as the returned
 * generator. `from` is set for `handleCall` only, which takes `(req, from, state)`; the others
 * take `(msg, state)`.
 */
function callback(srv: Server, kind: Cb, fn: Callback | undefined, isGen: boolean, msg: unknown, from: From | undefined): Op<void> | null {
  if (isGen) return callbackGen(srv, kind, fn!, msg, from);
  let res: unknown;
  if (fn === undefined) res = new Crash(new ErlangError('undef'));
  else {
    try {
      res = invoke(srv.mod, kind, msg, from, srv.state);
    } catch (e) {
      res = caught(e);
    }
  }
  return apply(srv, res, kind, msg, from);
}

function* callbackGen(srv: Server, kind: Cb, fn: Callback, msg: unknown, from: From | undefined): Op<void> {
  const res = yield* runCallback(srv.mod, fn, true, from === undefined ? [msg, srv.state] : [msg, from, srv.state]);
  const g = apply(srv, res, kind, msg, from);
  if (g !== null) yield* g;
}

/**
 * After a callback: go on (null), or the generator that terminates the server. After
 * `handleContinue`, whatever its result, OTP logs `['continue', c]` first (SYS-7).
 */
function apply(srv: Server, res: unknown, kind: Cb, msg: unknown, from: From | undefined): Op<never> | null {
  if (kind === Cb.Continue && srv.debug !== null) debugEvent(srv, ['continue', msg]);
  const stop = interpret(srv, res, from);
  if (stop !== null) return terminate(srv, stop);
  // A reply was logged as its 'out' event; only a noreply result is a 'noreply' event (as in OTP).
  if (srv.debug !== null && !(Array.isArray(res) && res[0] === 'reply')) debugEvent(srv, ['noreply', srv.state]);
  return null;
}

/**
 * Ends the server: `terminate/2` (optional; an exception in it replaces the reason, GS-16),
 * the error report for an unclean reason (GS-17), the deferred reply of `['stop', R, Reply, S]`,
 * then the exit — re-raising the original exception so its class is kept.
 * @internal
 */
export function* terminate(srv: Server, stop: Stop): Op<never> {
  let reason = stop.reason;
  let exc = stop.exception;
  const t = srv.mod.terminate as Callback | undefined;
  if (t !== undefined) {
    try {
      if (isGeneratorFunction(t)) yield* ((t as Callback).call(srv.mod, reason, srv.state) as Generator<unknown, unknown, unknown>);
      else t.call(srv.mod, reason, srv.state);
    } catch (e) {
      const c = classify(e);
      if (c.class !== 'throw') {
        exc = e;
        reason = c.class === 'exit' ? c.reason : exceptionToReason(e);
      }
    }
  }
  if (!isCleanReason(reason)) errorReport(srv, reason);
  if (stop.from !== undefined) reply(stop.from, stop.reply);
  const e = exc !== undefined && classify(exc).class === 'error' ? exc : new ExitException(reason);
  return exitRaising(srv.proc, e); // PLIB-5: proc_lib's frame is no longer on the stack.
}
