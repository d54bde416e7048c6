/**
 * The one interpreter of gen_server callback results (GS-10, GS-11, GS-12, GS-18..21).
 *
 * Every callback result passes through {@link interpret}: it updates the server's state and
 * pending action, sends a `reply`, or returns a {@link Stop} saying why and how the server
 * ends. An exception in a callback arrives as a {@link Crash} (`throw(V)` has already been
 * turned into the result `V`). Anything malformed stops the server with `['bad_return_value', V]`.
 */
import { timeoutMs, type Op } from '../core/effects.js';
import { classify, ErlangError, exceptionToReason, ExitException, ThrownValue } from '../core/errors.js';
import type { Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import { reply, type From } from './gen.js';
import type { Action } from './gen-server-types.js';
import { crashReport } from './proc-lib.js';

/**
 * The server ends: run `terminate(reason)`, then (for `['stop', R, Reply, S]`) reply, then exit.
 * @internal The gen_server engine's and the sys handler's record; users return `['stop', reason, state]`.
 */
export class Stop {
  constructor(
    readonly reason: Term,
    /** The exception that caused it, re-raised with its class after `terminate`. */
    readonly exception: unknown = undefined,
    readonly from: From | undefined = undefined,
    readonly reply: unknown = undefined,
  ) {}
}

/**
 * A callback raised (class error or exit).
 * @internal Made by {@link caught}, read by {@link interpret}: the engine's plumbing.
 */
export class Crash {
  constructor(readonly exception: unknown) {}
}

/**
 * What a callback produced: its result, or a crash. `throw(V)` counts as returning `V` (GS-12).
 * @internal The gen_server engine's and the supervisor's wrapper around a callback's exception.
 */
export function caught(e: unknown): unknown {
  if (e instanceof ThrownValue) return e.reason;
  return new Crash(e);
}

/**
 * Runs callback `fn` of `mod` (as its method), plain or generator, catching its exceptions
 * (GS-12); a missing one is a {@link Crash} with `undef`.
 * @internal
 */
export function* runCallback(mod: object, fn: ((...a: unknown[]) => unknown) | undefined, isGen: boolean, args: unknown[]): Op<unknown> {
  if (fn === undefined) return new Crash(new ErlangError('undef'));
  try {
    return isGen ? yield* (fn.apply(mod, args) as Generator<unknown, unknown, unknown>) : fn.apply(mod, args);
  } catch (e) {
    return caught(e);
  }
}

/** The state the interpreter works on. */
export interface ResultTarget {
  state: unknown;
  action: Action | undefined;
  /** Called with each reply sent and each new state, when sys debugging is on. */
  onReply: ((from: From, reply: unknown) => void) | null;
}

/**
 * True for an action a callback may return (GS-18..21). As OTP's guards, a timeout is any
 * integer >= 0: one above 2^32-1 is accepted here and raises `timeout_value` when the server
 * waits with it (GS-10).
 *
 * @example `gen.isAction(['continue', 'load']) // true; gen.isAction(-1) is false`
 */
export function isAction(a: unknown): a is Action {
  if (typeof a === 'number') return Number.isInteger(a) && a >= 0;
  if (a === 'infinity' || a === 'hibernate') return true;
  if (!Array.isArray(a)) return false;
  if (a.length === 2) return a[0] === 'continue';
  return a.length === 3 && (a[0] === 'timeout' || a[0] === 'hibernate') && typeof a[1] === 'number' && Number.isInteger(a[1]) && a[1] >= 0;
}

/**
 * Applies a callback result to `srv`: `null` means go on; a {@link Stop} means terminate.
 * `from` is set for `handleCall` results only (the only ones that may reply).
 * @internal The gen_server loop's result interpreter; it mutates the server and sends its
 * replies, and its target type (`ResultTarget`) is not exported.
 */
export function interpret(srv: ResultTarget, res: unknown, from: From | undefined): Stop | null {
  // Results are arrays; the crash check comes second, as a generic `instanceof` costs more
  // than the whole interpretation of a plain result.
  if (Array.isArray(res)) {
    const n = res.length;
    switch (res[0]) {
      case 'noreply':
        if (n === 2 || (n === 3 && isAction(res[2]))) {
          srv.state = res[1];
          srv.action = n === 3 ? (res[2] as Action) : undefined;
          return null;
        }
        break;
      case 'reply':
        if (from !== undefined && (n === 3 || (n === 4 && isAction(res[3])))) {
          srv.state = res[2];
          srv.action = n === 4 ? (res[3] as Action) : undefined;
          reply(from, res[1]);
          if (srv.onReply !== null) srv.onReply(from, res[1]);
          return null;
        }
        break;
      case 'stop':
        if (n === 3) {
          srv.state = res[2];
          return new Stop(res[1]);
        }
        if (n === 4 && from !== undefined) {
          srv.state = res[3];
          return new Stop(res[1], undefined, from, res[2]);
        }
        break;
    }
  } else if (res instanceof Crash) {
    const e = res.exception;
    return new Stop(classify(e).class === 'exit' ? classify(e).reason : exceptionToReason(e), e);
  }
  return new Stop(['bad_return_value', res]);
}

/**
 * The state `formatStatus` shows (GS-27), as OTP 25's `gen:format_status/4`: the `state` of its
 * result, or a placeholder naming the module when it raises, returns no map (object), or returns
 * one without every key of the `status` it was given.
 */
export function formattedState(moduleName: string, status: { state: unknown }, format: (status: never) => unknown): unknown {
  let out: unknown;
  try {
    out = format(status as never);
  } catch {
    return `${moduleName}:format_status/1 crashed`;
  }
  if (typeof out !== 'object' || out === null || Array.isArray(out)) return `${moduleName}:format_status/1 did not return a map`;
  for (const k of Object.keys(status)) if (!(k in out)) return `${moduleName}:format_status/1 returned a map with unknown keys`;
  return (out as { state: unknown }).state;
}

/**
 * Ends the running server's process with exception `e` from outside proc_lib's frame (the loop
 * runs as the process's own iterator): proc_lib's crash report (PLIB-5), then class exit with
 * the full reason, as `proc_lib:exit_p` does.
 * @internal
 */
export function exitRaising(p: Proc, e: unknown): never {
  crashReport(p, e);
  throw new ExitException(exceptionToReason(e)); // class exit: no second, emulator-level report
}

/**
 * `t` as the timeout of the receive the server is about to wait in; as OTP's `receive … after T`
 * with a `T` that is no integer in 0..2^32-1, an invalid one raises `timeout_value` there, so
 * the server exits `['timeout_value', Stacktrace]` without `terminate/2` or an error report,
 * as OTP's loop raises outside its `try` (GS-10, GS-20).
 * @internal
 */
export function waitTimeout(p: Proc, t: unknown): number {
  try {
    return timeoutMs(t as number);
  } catch (e) {
    return exitRaising(p, e);
  }
}

/** What the "Generic server terminating" report reads of a server. */
export interface ReportingServer {
  readonly rt: Runtime;
  readonly proc: Proc;
  readonly lastMsg: unknown;
  formatState(extra: object): unknown;
}

/**
 * The error report of a server ending with an unclean reason (GS-17): last message, state as
 * `formatStatus` shows it, reason, and the client of a call.
 * @internal
 */
export function errorReport(srv: ReportingServer, reason: Term): void {
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
