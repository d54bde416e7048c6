/**
 * The gen_server engine: `init` with the start handshake, then the receive loop.
 *
 * The loop takes one message at a time: `['$gen_call', from, req]` → `handleCall`,
 * `['$gen_cast', msg]` → `handleCast`, `['system', from, req]` → sys (in every state, also
 * while suspended), `['EXIT', parent, R]` while trapping → terminate (GS-15), anything else →
 * `handleInfo`. Callback results go through the one interpreter (gen-server-results.ts).
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
import { caught, Crash, interpret, isAction, Stop, type ResultTarget } from './gen-server-results.js';
import { registerName, unregisterName, type ServerName } from './names.js';
import { crashReport, initAck, nackAndRaise } from './proc-lib.js';
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

  /** With sys debugging on, each reply is an `['out', reply, to, state]` event. */
  get onReply(): ((from: From, reply: unknown) => void) | null {
    return this.debug === null ? null : (from, r) => debugEvent(this, ['out', r, from[0], this.state]);
  }

  readonly genModule = 'gen_server';

  get moduleName(): string {
    return this.mod.name ?? 'gen_server';
  }

  /** The state as `formatStatus` shows it (GS-27). */
  formatState(extra: Partial<ServerStatus<unknown>>): unknown {
    const fs = this.mod.formatStatus;
    if (fs === undefined) return this.state;
    try {
      return fs.call(this.mod, { state: this.state, log: this.debug?.log?.events ?? [], ...extra }).state;
    } catch {
      return 'format_status callback crashed'; // GS-27: a placeholder replaces the state.
    }
  }

  *terminate(stop: Stop): Op<never> {
    return yield* terminate(this, stop);
  }
}

/** Runs a callback, plain or generator, catching its exceptions (GS-12). */
function* run(srv: Server, fn: Callback | undefined, isGen: boolean, args: unknown[]): Op<unknown> {
  if (fn === undefined) return new Crash(new ErlangError('undef'));
  try {
    return isGen ? yield* (fn.apply(srv.mod, args) as Generator<unknown, unknown, unknown>) : fn.apply(srv.mod, args);
  } catch (e) {
    return caught(e);
  }
}

/**
 * The child's body for `start*` (gen:init_it): register the name (REG-4), run `init`, ack or
 * fail the start (GS-1..4), then loop.
 * @internal
 */
export function* initIt(mod: Mod, args: unknown, name: ServerName | undefined, linkedParent: Pid | undefined, debug?: readonly DebugOpt[]): Op<unknown> {
  const p = ctx.proc!;
  const rt = ctx.rt!;
  if (name !== undefined) {
    const r = registerName(rt, p, name);
    if (r !== true) return nackAndRaise(['error', ['already_started', r]], new ExitException('normal'));
  }
  const srv = new Server(mod, name, linkedParent ?? p.pid, p, rt);
  srv.debug = debugFromOptions(srv, debug);
  let res: unknown;
  if (typeof mod.init !== 'function') res = new Crash(new ErlangError('undef'));
  else res = yield* run(srv, mod.init as Callback, isGeneratorFunction(mod.init), [args]);
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
 * Runs the loop as the process's own generator: the runtime resumes it directly from its first
 * receive on, instead of through this frame and proc_lib's (one `next()` per message, not three).
 * Crash reports then come from {@link terminate}.
 * @internal
 */
export function* enter(srv: Server): Op<never> {
  const lg = loop(srv);
  const first = lg.next();
  srv.proc.gen = lg as Generator<unknown, unknown, unknown>;
  yield first.value;
  throw new Error('unreachable: the loop generator replaced this one');
}

/** The receive effect for the pending action; `null` when an event timeout is due now. */
function nextReceive(srv: Server): ReceiveEffect | null {
  if (srv.suspended) return SYSTEM_ONLY;
  const a = srv.action;
  if (a === undefined || a === 'infinity') return srv.deadline < 0 ? ANY : deadlineReceive(srv);
  if (a === 'hibernate') {
    srv.hibernated = true;
    return ANY;
  }
  if (typeof a === 'number') return new ReceiveEffect(null, a, undefined);
  return null;
}

function deadlineReceive(srv: Server): ReceiveEffect | null {
  const left = srv.deadline - srv.rt.host.clock.now();
  return left <= 0 ? null : new ReceiveEffect(null, left, undefined);
}

/** The server loop (GS-10..21). Never returns: the server exits through {@link terminate}. @internal */
export function* loop(srv: Server): Op<never> {
  for (;;) {
    const a = srv.action;
    if (a !== undefined && typeof a !== 'number' && a !== 'infinity' && a !== 'hibernate') {
      srv.action = undefined;
      if (a[0] === 'continue') {
        // GS-21: before any queued message.
        const res = yield* run(srv, srv.mod.handleContinue as Callback | undefined, isGeneratorFunction(srv.mod.handleContinue), [a[1], srv.state]);
        yield* after(srv, interpret(srv, res, undefined));
        continue;
      }
      // GS-19: ['timeout' | 'hibernate', T, Msg]
      if (a[0] === 'hibernate') srv.hibernated = true;
      srv.deadline = srv.rt.host.clock.now() + (a[1] as number);
      srv.deadlineMsg = a[2];
    }
    const eff = nextReceive(srv);
    const msg = eff === null ? TIMEOUT : yield eff;
    if (msg === TIMEOUT) {
      const m = srv.deadline >= 0 ? srv.deadlineMsg : 'timeout';
      srv.deadline = -1;
      srv.action = undefined;
      yield* dispatchInfo(srv, m);
      continue;
    }
    if (Array.isArray(msg)) {
      const tag = msg[0];
      if (tag === 'system' && msg.length === 3) {
        yield* handleSystem(srv, msg[1] as From, msg[2]);
        continue;
      }
      srv.lastMsg = msg;
      if (srv.debug !== null) debugEvent(srv, ['in', msg]);
      if (tag === '$gen_call' && msg.length === 3) {
        srv.deadline = -1;
        const from = msg[1] as From;
        let res: unknown;
        const mod = srv.mod;
        const hc = mod.handleCall;
        if (srv.genCall) res = yield* run(srv, hc as Callback, true, [msg[2], from, srv.state]);
        else if (hc === undefined) res = new Crash(new ErlangError('undef'));
        else {
          try {
            res = hc.call(mod, msg[2], from, srv.state);
          } catch (e) {
            res = caught(e);
          }
        }
        const stop = interpret(srv, res, from);
        if (stop !== null) return yield* terminate(srv, stop);
        if (srv.debug !== null) debugEvent(srv, ['noreply', srv.state]);
        continue;
      }
      if (tag === '$gen_cast' && msg.length === 2) {
        srv.deadline = -1;
        let res: unknown;
        const mod = srv.mod;
        const hc = mod.handleCast;
        if (srv.genCast || hc === undefined) res = yield* run(srv, hc as Callback | undefined, srv.genCast, [msg[1], srv.state]);
        else {
          try {
            res = hc.call(mod, msg[1], srv.state);
          } catch (e) {
            res = caught(e);
          }
        }
        const stop = interpret(srv, res, undefined);
        if (stop !== null) return yield* terminate(srv, stop);
        if (srv.debug !== null) debugEvent(srv, ['noreply', srv.state]);
        continue;
      }
      if (tag === 'EXIT' && msg.length === 3 && msg[1] === srv.parent && srv.proc.trapExit) {
        return yield* terminate(srv, new Stop(msg[2])); // GS-15
      }
    }
    else {
      srv.lastMsg = msg;
      if (srv.debug !== null) debugEvent(srv, ['in', msg]);
    }
    srv.deadline = -1;
    yield* dispatchInfo(srv, msg);
  }
}

function* dispatchInfo(srv: Server, msg: unknown): Op<void> {
  const hi = srv.mod.handleInfo;
  if (hi === undefined) {
    // GS-14: logged and dropped.
    const tr = srv.rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'log', node: srv.rt.node, pid: srv.proc.pid, text: `gen_server ${srv.moduleName}: undefined handleInfo, dropped a message` });
    return;
  }
  const res = yield* run(srv, hi as Callback, srv.genInfo, [msg, srv.state]);
  yield* after(srv, interpret(srv, res, undefined));
}

/** After a callback: go on, or terminate. */
function* after(srv: Server, stop: Stop | null): Op<void> {
  if (stop !== null) yield* terminate(srv, stop);
  if (srv.debug !== null) debugEvent(srv, ['noreply', srv.state]);
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
  crashReport(srv.proc, e); // PLIB-5: proc_lib's frame is no longer on the stack.
  throw new ExitException(exceptionToReason(e)); // class exit: no second, emulator-level report
}

function errorReport(srv: Server, reason: Term): void {
  const tr = srv.rt.host.tracer;
  if (!tr.enabled) return;
  const last = srv.lastMsg;
  const client = Array.isArray(last) && last[0] === '$gen_call' && Array.isArray(last[1]) ? (last[1] as unknown[])[0] : undefined;
  tr.emit({
    kind: 'report', node: srv.rt.node, pid: srv.proc.pid, category: 'error_report',
    report: {
      label: ['gen_server', 'terminate'], name: srv.proc.name ?? srv.proc.pid, lastMessage: last,
      state: srv.formatState({ reason, message: last }), reason, ...(client ? { client } : {}),
    },
  });
}
