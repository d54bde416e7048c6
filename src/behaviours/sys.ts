/**
 * sys: the client side of the system-message protocol (SYS), for every process whose loop
 * serves `['system', from, req]` (all behaviours). Each function is a call with label
 * `'system'` (default timeout 5000 ms); a failure exits `[reason, ['sys', fn, args]]` (SYS-1).
 *
 * @example
 * ```ts
 * yield* sys.suspend('counter');
 * const s = yield* sys.getState('counter');
 * yield* sys.resume('counter');
 * ```
 */
import type { Op } from '../core/effects.js';
import { ErlangError } from '../core/errors.js';
import { currentRuntime } from '../core/guard.js';
import type { Term } from '../core/term.js';
import * as gen from './gen.js';
import type { ServerRef } from './names.js';
import { formatDebugEvent, logFiles } from './sys-handler.js';

type T = number | 'infinity';

function* sysCall(fn: string, name: ServerRef, req: unknown, timeout: T | undefined, args: unknown[]): Op<unknown> {
  try {
    return yield* gen.call(`sys.${fn}`, name, 'system', req, timeout ?? 5000, null, 'sys calls');
  } catch (e) {
    return gen.rewrap(e, (reason) => [reason, ['sys', fn, timeout === undefined ? args : [...args, timeout]]]);
  }
}

/**
 * Only system messages are served until {@link resume}; idempotent (SYS-2).
 *
 * @example `yield* sys.suspend('counter'); // calls and casts now wait in its mailbox`
 */
export function* suspend(name: ServerRef, timeout?: T): Op<'ok'> {
  return (yield* sysCall('suspend', name, 'suspend', timeout, [name])) as 'ok';
}

/**
 * Serves ordinary messages again, the queued ones first, in order (SYS-2).
 *
 * @example `yield* sys.resume('counter');`
 */
export function* resume(name: ServerRef, timeout?: T): Op<'ok'> {
  return (yield* sysCall('resume', name, 'resume', timeout, [name])) as 'ok';
}

/**
 * The process's state, also while suspended (SYS-4). As in OTP, a reply `['error', r]` (a failed
 * `system_get_state`, or a state that is such a pair) raises `error(r)`.
 *
 * @example `const n = yield* sys.getState<number>('counter');`
 */
export function* getState<S = unknown>(name: ServerRef, timeout?: T): Op<S> {
  const r = yield* sysCall('get_state', name, 'get_state', timeout, [name]);
  if (isError(r)) throw new ErlangError(r[1]); // sys:get_state: {error, Reason} -> error(Reason), whatever Reason is
  return r as S;
}

/** sys:get_state and sys:replace_state raise `error(Reason)` for any `{error, Reason}` reply, a state that is one included. */
function isError(r: unknown): r is ['error', Term] {
  return Array.isArray(r) && r.length === 2 && r[0] === 'error';
}

/**
 * Replaces the state with `fn(state)` and returns the new state; if `fn` raises, the state is
 * kept and the caller raises error `['callback_failed', [mod, 'system_replace_state'], [class, reason]]` (SYS-4).
 * As in OTP, a new state `['error', r]` is kept but the caller raises `error(r)`.
 *
 * @example `const n = yield* sys.replaceState<number>('counter', (s) => s + 1);`
 */
export function* replaceState<S>(name: ServerRef, fn: (s: S) => S, timeout?: T): Op<S> {
  const r = yield* sysCall('replace_state', name, ['replace_state', fn], timeout, [name, fn]);
  if (isError(r)) throw new ErlangError(r[1]); // sys:replace_state raises error(Reason); the state was replaced
  return r as S;
}

/**
 * `['status', pid, ['module', mod], [pdict, 'running' | 'suspended', parent, debug, misc]]` (SYS-3).
 *
 * @example `const st = yield* sys.getStatus('counter'); // ['status', <0.7.0>, ['module', 'gen_server'], [pdict, 'running', parent, [], misc]]`
 */
export function* getStatus(name: ServerRef, timeout?: T): Op<Term> {
  return yield* sysCall('get_status', name, 'get_status', timeout, [name]);
}

/**
 * Asks a suspended process to change code (SYS-5, UPG-2): `'ok'` or `['error', X]`. `mod` is the
 * new callback module (an object), or a module name to keep the current one.
 *
 * @example
 * ```ts
 * yield* sys.suspend('counter');
 * const r = yield* sys.changeCode('counter', CounterV2, 'v1', []); // runs CounterV2.codeChange('v1', state, [])
 * yield* sys.resume('counter');
 * ```
 */
export function* changeCode(name: ServerRef, mod: object | string, oldVsn: Term, extra: Term, timeout?: T): Op<Term> {
  return yield* sysCall('change_code', name, ['change_code', mod, oldVsn, extra], timeout, [name, mod, oldVsn, extra]);
}

/**
 * Makes the process run its terminate logic and exit `reason` (SYS-6). A plain system call, as
 * `sys:terminate/2,3`: the process answers `'ok'` and then terminates, so the caller does not
 * wait for it to be gone nor learn how its terminate went.
 *
 * @example `yield* sys.terminate('counter', 'shutdown'); // 'ok'`
 */
export function* terminate(name: ServerRef, reason: Term, timeout?: T): Op<'ok'> {
  return (yield* sysCall('terminate', name, ['terminate', reason], timeout, [name, reason])) as 'ok';
}

function* debug(fn: string, name: ServerRef, op: unknown, timeout: T | undefined, args: unknown[]): Op<unknown> {
  return yield* sysCall(fn, name, ['debug', op], timeout, args);
}

/** Log flags: on (10 events), on with `n` events (OTP's `{true, N}`), off, get the events, print them. */
export type LogFlag = boolean | readonly [true, number] | 'get' | 'print';

/**
 * Keeps the last events (SYS-7): `'get'` → `['ok', events]`, oldest first. Turning it on when it
 * is on changes nothing (the first size holds until it is turned off); a flag OTP does not know
 * answers `'unknown_debug'`.
 * @example `yield* sys.log(server, [true, 50])`
 */
export function* log(name: ServerRef, flag: LogFlag, timeout?: T): Op<unknown> {
  return yield* debug('log', name, ['log', flag], timeout, [name, flag]);
}

/**
 * Writes the formatted events to a virtual file (`false` stops); read it with {@link readLogFile}.
 *
 * @example `yield* sys.logToFile('counter', 'counter.log');`
 */
export function* logToFile(name: ServerRef, file: string | false, timeout?: T): Op<unknown> {
  return yield* debug('log_to_file', name, ['log_to_file', file], timeout, [name, file]);
}

/**
 * The lines `logToFile` wrote to `file` on this node.
 *
 * @example `const lines = sys.readLogFile('counter.log'); // ["*DBG* counter got cast 'reset'", …]`
 */
export function readLogFile(file: string): string[] {
  return [...(logFiles(currentRuntime('sys.readLogFile')).get(file) ?? [])];
}

/**
 * Statistics (SYS-8): `'get'` → `['ok', [['start_time', t], ['current_time', t], ['reductions', n],
 * ['messages_in', i], ['messages_out', o]]]`, or `['ok', 'no_statistics']` when off. Turning them
 * on when on changes nothing (the counts go on); another flag answers `'unknown_debug'`, as in OTP.
 *
 * @example
 * ```ts
 * yield* sys.statistics('counter', true);
 * const [, stats] = (yield* sys.statistics('counter', 'get')) as ['ok', [string, number][]];
 * ```
 */
export function* statistics(name: ServerRef, flag: boolean | 'get', timeout?: T): Op<unknown> {
  return yield* debug('statistics', name, ['statistics', flag], timeout, [name, flag]);
}

/**
 * Prints each event as a trace `log` event (SYS-9).
 *
 * @example `yield* sys.trace('counter', true); // then: *DBG* counter got call 'get' from <0.1.0>, …`
 */
export function* trace(name: ServerRef, on: boolean, timeout?: T): Op<unknown> {
  return yield* debug('trace', name, ['trace', on], timeout, [name, on]);
}

/**
 * A debug function: gets its state, the event and the server's name (the name it was started
 * with, else its pid; a special process's `extra`); returns a new state or `'done'` (throwing
 * `'done'` too removes it, throwing X keeps it with state X, raising removes it).
 */
export type DebugFun<St> = (st: St, event: unknown, name: unknown) => St | 'done';

/**
 * Installs a debug function (SYS-10); with an id, installing it twice keeps one.
 *
 * @example `yield* sys.install('counter', ['count', (n: number, _ev: unknown) => n + 1, 0]);`
 */
export function* install<St>(name: ServerRef, f: readonly [DebugFun<St>, St] | readonly [Term, DebugFun<St>, St], timeout?: T): Op<unknown> {
  // sys:install/2,3's clauses take {Func, FuncState} or {FuncId, Func, FuncState}: anything else
  // fails in the caller, as in OTP 25.
  if (!Array.isArray(f) || (f.length !== 2 && f.length !== 3)) throw new ErlangError('function_clause');
  return yield* debug('install', name, ['install', f], timeout, [name, f]);
}

/**
 * Removes an installed debug function by its function or id.
 *
 * @example `yield* sys.remove('counter', 'count');`
 */
export function* remove(name: ServerRef, fnOrId: unknown, timeout?: T): Op<unknown> {
  return yield* debug('remove', name, ['remove', fnOrId], timeout, [name, fnOrId]);
}

/**
 * Turns every debug option off.
 *
 * @example `yield* sys.noDebug('counter');`
 */
export function* noDebug(name: ServerRef, timeout?: T): Op<unknown> {
  return yield* debug('no_debug', name, 'no_debug', timeout, [name]);
}

/**
 * Formats a logged event as `sys:print_log` does.
 *
 * @example `sys.formatEvent('counter', ['in', ['$gen_cast', 'reset']]) // "*DBG* counter got cast 'reset'"`
 */
export function formatEvent(name: string, event: unknown): string {
  return formatDebugEvent(name, event);
}

export { debugOptions, handleDebug, handleSystemMsg, type SpecialModule, type SysDebug } from './sys-special.js';
