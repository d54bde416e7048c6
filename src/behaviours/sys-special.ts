/**
 * Special processes: a process written by hand (no gen_server) that still speaks the system
 * protocol, so `sys.getState`, `sys.suspend`, `sys.trace`, `sys.terminate`, … work on it — the
 * book's chapter on special processes, and OTP's `sys:handle_system_msg/6`,
 * `sys:debug_options/1` and `sys:handle_debug/4`.
 *
 * One difference from OTP, because JavaScript has no tail calls: where `handle_system_msg`
 * ends by calling `Mod:system_continue(Parent, Debug, Misc)`, {@link handleSystemMsg} returns
 * `[debug, misc]` and the process's own loop goes on with them. A suspended process stays
 * inside `handleSystemMsg`, serving only system messages, until it is resumed (SYS-2).
 */
import { ctx } from '../core/context.js';
import { receive, type Op } from '../core/effects.js';
import { classify, ErlangError, ExitException } from '../core/errors.js';
import { currentProc } from '../core/guard.js';
import type { Pid } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import { isGeneratorFunction, type Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import { reply, type From } from './gen.js';
import type { Stop } from './gen-server-results.js';
import type { DebugOpt } from './gen-server-types.js';
import { catchResult, debugEvent, debugFromOptions, handleSystem, isSystemMsg, type Debug, type SystemServer } from './sys-handler.js';

/** A special process's debug record (OTP's `Debug`): from {@link debugOptions}, threaded through its loop. */
export type SysDebug = Debug | null;

/** The callbacks `handleSystemMsg` calls (OTP's `system_*` functions of the module). */
export interface SpecialModule<Misc = unknown> {
  /** Shown in `getStatus` (`['module', name]`) and in trace lines. */
  readonly name?: string;
  /** Cleans up and exits `reason` (`system_terminate/4`); if it returns, the process exits `reason`. */
  systemTerminate(reason: Term, parent: Pid, debug: SysDebug, misc: Misc): unknown;
  /** `system_code_change/4`: `['ok', newMisc]`; only while suspended (SYS-5). */
  systemCodeChange?(misc: Misc, module: unknown, oldVsn: Term, extra: Term): unknown;
  /** `system_get_state/1`: `['ok', state]`; without it the state is `misc`. */
  systemGetState?(misc: Misc): unknown;
  /** `system_replace_state/2`: `['ok', newState, newMisc]`; without it `fn` replaces `misc`. */
  systemReplaceState?(fn: (s: unknown) => unknown, misc: Misc): unknown;
  /** `format_status/2` with `'normal'`: what `getStatus` shows in place of `misc`. */
  formatStatus?(opt: 'normal', status: [Term[], 'running' | 'suspended', Pid, Term[], Misc]): Term;
}

/** The adapter through which the shared system-request code (sys-handler.ts) serves a special process. */
class Special<Misc> implements SystemServer {
  suspended = false;
  readonly genModule: string;
  readonly moduleName: string;
  readonly proc: Proc;
  readonly rt: Runtime;

  constructor(
    public mod: SpecialModule<Misc>,
    readonly parent: Pid,
    public debug: SysDebug,
    public state: Misc,
    readonly format: ((event: unknown, extra: unknown) => string) | null = null,
  ) {
    this.proc = ctx.proc!;
    this.rt = ctx.rt!;
    this.moduleName = this.genModule = mod.name ?? (this.proc.fnName);
  }

  formatState(): unknown {
    return this.state;
  }

  /** `sys:handle_debug(Debug, FormFunc, Extra, Event)` gives installed functions `Extra`. */
  debugExtra(): unknown {
    return this.state;
  }

  formatEvent(ev: unknown): string | undefined {
    return this.format === null ? undefined : this.format(ev, this.state);
  }

  statusMisc(pdict: Term[], dbg: Term[]): Term {
    const fs = this.mod.formatStatus;
    const sysState = this.suspended ? 'suspended' : 'running';
    return fs === undefined ? (this.state as Term) : fs.call(this.mod, 'normal', [pdict, sysState, this.parent, dbg, this.state]);
  }

  *terminate(stop: Stop): Op<never> {
    const t = this.mod.systemTerminate;
    const r = t.call(this.mod, stop.reason, this.parent, this.debug, this.state);
    if (isGeneratorFunction(t)) yield* (r as Op<unknown>);
    throw new ExitException(stop.reason);
  }
}

/**
 * Serves the system request `req` from `from` (the parts of a `['system', from, req]` message)
 * for a special process (`sys:handle_system_msg/6`). Returns `[debug, misc]` to go on with.
 *
 * @example
 * ```ts
 * const m = yield* receive();
 * if (Array.isArray(m) && m[0] === 'system') [debug, misc] = yield* sys.handleSystemMsg(m[2], m[1], parent, Mutex, debug, misc);
 * ```
 */
export function* handleSystemMsg<Misc>(req: unknown, from: From, parent: Pid, mod: SpecialModule<Misc>, debug: SysDebug, misc: Misc): Op<[SysDebug, Misc]> {
  currentProc('sys.handleSystemMsg');
  const srv = new Special(mod, parent, debug, misc);
  yield* serve(srv, from, req);
  while (srv.suspended) {
    const m = (yield* receive(isSystemMsg)) as [string, From, unknown];
    yield* serve(srv, m[1], m[2]);
  }
  return [srv.debug, srv.state];
}

function* serve<Misc>(srv: Special<Misc>, from: From, req: unknown): Op<void> {
  const mod = srv.mod;
  if (req === 'get_state' && mod.systemGetState !== undefined) {
    const r = callback(mod, 'system_get_state', 2, () => mod.systemGetState!(srv.state));
    return void reply(from, r instanceof Failed ? r.reply : (r as unknown[])[1]);
  }
  if (Array.isArray(req) && req[0] === 'replace_state' && mod.systemReplaceState !== undefined) {
    const r = callback(mod, 'system_replace_state', 3, () => mod.systemReplaceState!(req[1] as (s: unknown) => unknown, srv.state));
    if (r instanceof Failed) return void reply(from, r.reply);
    srv.state = (r as unknown[])[2] as Misc;
    return void reply(from, (r as unknown[])[1]);
  }
  if (Array.isArray(req) && req[0] === 'replace_state') {
    // sys:do_replace_state without system_replace_state: the fun replaces Misc, and a failure
    // names the fun itself: {error, {callback_failed, StateFun, {Class, Reason}}}.
    const fn = req[1] as (s: unknown) => unknown;
    try {
      srv.state = fn(srv.state) as Misc;
      return void reply(from, srv.state);
    } catch (e) {
      const c = classify(e);
      return void reply(from, ['error', ['callback_failed', fn as unknown as Term, [c.class, c.reason]]]);
    }
  }
  if (Array.isArray(req) && req[0] === 'change_code' && srv.suspended) {
    const [, module, oldVsn, extra] = req;
    // Without the callback, calling it raises undef, which sys's catch turns into ['EXIT', ['undef', Stack]].
    const r = catchValue(() => (mod.systemCodeChange === undefined ? raiseUndef() : mod.systemCodeChange(srv.state, module, oldVsn as Term, extra as Term)));
    if (Array.isArray(r) && r[0] === 'ok' && r.length === 2) {
      srv.state = r[1] as Misc;
      return void reply(from, 'ok');
    }
    return void reply(from, ['error', r]); // sys: case catch Mod:system_code_change(...) of {ok, NMisc} -> ...; Else -> {error, Else}
  }
  yield* handleSystem(srv, from, req);
}

/** A failed `system_*` callback: the reply `['error', ['callback_failed', [Mod, fn], [Class, Reason]]]` (SYS-4). */
class Failed {
  constructor(readonly reply: Term) {}
}

/**
 * Runs a `system_*` callback that must return `['ok', …]` of `size` elements: a crash, or any
 * other value (a badmatch in sys), is a {@link Failed}, as sys's try/catch makes it.
 */
function callback(mod: SpecialModule<never>, fn: string, size: number, f: () => unknown): unknown {
  let failure: [string, Term];
  try {
    const r = f();
    if (Array.isArray(r) && r.length === size && r[0] === 'ok') return r;
    failure = ['error', ['badmatch', r as Term]];
  } catch (e) {
    const c = classify(e);
    failure = [c.class, c.reason];
  }
  return new Failed(['error', ['callback_failed', [mod.name ?? 'anonymous', fn], failure]]);
}

/** Erlang's `catch Expr` around `f()` (see {@link catchResult}). */
function raiseUndef(): never {
  throw new ErlangError('undef');
}

function catchValue(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return catchResult(e);
  }
}

/**
 * The debug record for `options` (`sys:debug_options/1`): `'trace'`, `'log'`, `['log', n]`,
 * `'statistics'`; `null` for none. Call it inside the process.
 *
 * @example `let debug = sys.debugOptions(['log']);`
 */
export function debugOptions(options: readonly DebugOpt[]): SysDebug {
  const p = currentProc('sys.debugOptions');
  return debugFromOptions({ proc: p, rt: ctx.rt! } as SystemServer, options);
}

/**
 * Feeds `event` to the debug record (`sys:handle_debug/4`): logged, counted, traced (printed
 * with `format(event, extra)`), given to installed functions (which get `extra` as their third
 * argument). Returns the record to go on with; with no debugging on it is `null` and this costs a
 * comparison.
 *
 * @example
 * ```ts
 * debug = sys.handleDebug(debug, (ev) => `mutex ${String(ev)}`, 'free', ['in', msg]);
 * ```
 */
export function handleDebug(debug: SysDebug, format: (event: unknown, extra: unknown) => string, extra: unknown, event: unknown): SysDebug {
  if (debug === null) return null;
  const p = currentProc('sys.handleDebug');
  const srv = new Special({ name: p.fnName, systemTerminate: () => undefined }, p.parent ?? p.pid, debug, extra, format);
  debugEvent(srv, event);
  return srv.debug;
}

