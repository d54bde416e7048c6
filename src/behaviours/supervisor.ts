/**
 * supervisor: the API (SUP). The supervisor itself is a set of gen_server callbacks
 * (supervisor-server.ts), so `sys` works on it as on any server.
 *
 * A child's `start` is OTP's `{M, F, A}` written `[module, 'fn', args]` or `[fn, args]`; the
 * function may be plain or a generator function and returns `['ok', pid]`, `['ok', pid,
 * info]`, `'ignore'` or `['error', e]` (see supervisor-spec.ts).
 *
 * @example
 * ```ts
 * const Tree = {
 *   name: 'tree',
 *   init: () => ['ok', [{ strategy: 'one_for_one', intensity: 3, period: 5 },
 *     [{ id: 'counter', start: [GenServer, 'startLink', [Counter, 0, { name: 'counter' }]] }]]] as const,
 * };
 * const r = yield* Supervisor.startLink({ local: 'top' }, Tree, undefined);
 * const kids = yield* Supervisor.whichChildren('top'); // [['counter', <0.7.0>, 'worker', [GenServer]]]
 * ```
 */
import { ctx } from '../core/context.js';
import type { Op } from '../core/effects.js';
import { badarg } from '../core/guard.js';
import type { Pid } from '../core/pid.js';
import type { Term } from '../core/term.js';
import * as GenServer from './gen-server.js';
import type { StartResult } from './gen-server-types.js';
import type { ServerName, ServerRef } from './names.js';
import { supervisorServer, type SupervisorModule } from './supervisor-server.js';
import { assertStartSpec, checkStartSpec, type AutoShutdown, type ChildSpec, type FullChildSpec } from './supervisor-spec.js';

export type { SupervisorModule, SupInitResult } from './supervisor-server.js';
export type {
  AutoShutdown, ChildSpec, ChildStart, ChildType, Flags, FullChildSpec, RestartType, Shutdown, StartArgs, StartFunction,
  Strategy, SupFlags,
} from './supervisor-spec.js';
export { SupervisorSpecError } from './supervisor-spec.js';
export type { Offender, SupName } from './supervisor-report.js';

/** What `startChild` gives back (SUP-13, SUP-18). */
export type StartChildResult = readonly ['ok', Pid | 'undefined'] | readonly ['ok', Pid, unknown] | readonly ['error', Term];

function isModule(x: unknown): x is SupervisorModule {
  return typeof x === 'object' && x !== null && typeof (x as SupervisorModule).init === 'function';
}

/**
 * Starts a supervisor linked to the caller (SUP-1): traps exits, calls `module.init(args)`,
 * starts the children left to right, and returns `['ok', pid]` once all have started,
 * `'ignore'`, or `['error', R]` (SUP-2, SUP-5). With a name (`'top'` or `{ local: 'top' }`,
 * `{ global }`, `{ via, name }`) the supervisor is registered before `init`.
 *
 * @example `const r = yield* Supervisor.startLink('top', Tree, undefined); // ['ok', pid]`
 */
export function startLink<A>(module: SupervisorModule<A>, args: A): Op<StartResult<Pid>>;
export function startLink<A>(name: ServerName | string, module: SupervisorModule<A>, args: A): Op<StartResult<Pid>>;
export function* startLink(a: unknown, b: unknown, c?: unknown): Op<StartResult<Pid>> {
  const named = !isModule(a);
  const name = named ? (a as ServerName | string) : undefined;
  const module = named ? b : a;
  const args = named ? c : b;
  if (!isModule(module)) return badarg('Supervisor.startLink', 'module', module, 'an object with an init function');
  const opts = name === undefined ? {} : { name };
  return (yield* GenServer.startLink(supervisorServer as never, [name, module, args], opts)) as StartResult<Pid>;
}

function* call(sup: ServerRef, req: unknown): Op<unknown> {
  return yield* GenServer.call(sup as never, req as never, 'infinity');
}

/**
 * Adds a child (SUP-18) — or, on a `simple_one_for_one` supervisor, starts one with these
 * extra arguments appended to the template's (SUP-13).
 *
 * @example
 * ```ts
 * const r = yield* Supervisor.startChild('top', { id: 'cache', start: [GenServer, 'startLink', [Cache, []]] }); // ['ok', pid]
 * const w = yield* Supervisor.startChild('pool', ['conn-1']); // simple_one_for_one: template args ++ ['conn-1']
 * ```
 */
export function* startChild(sup: ServerRef, specOrExtraArgs: ChildSpec | readonly unknown[]): Op<StartChildResult> {
  return (yield* call(sup, ['start_child', specOrExtraArgs])) as StartChildResult;
}

/**
 * Stops a child; its spec stays unless temporary, and no restart follows (SUP-14, SUP-19).
 * A `simple_one_for_one` supervisor takes the child's pid, any other its id.
 *
 * @example `yield* Supervisor.terminateChild('top', 'cache'); // 'ok', or ['error', 'not_found']`
 */
export function* terminateChild(sup: ServerRef, idOrPid: Term): Op<'ok' | readonly ['error', 'not_found' | 'simple_one_for_one']> {
  return (yield* call(sup, ['terminate_child', idOrPid])) as 'ok' | readonly ['error', 'not_found' | 'simple_one_for_one'];
}

/**
 * Starts a stopped child again (SUP-20); `['error', 'running']` if it is running.
 *
 * @example `const r = yield* Supervisor.restartChild('top', 'cache'); // ['ok', pid]`
 */
export function* restartChild(sup: ServerRef, id: Term): Op<StartChildResult> {
  return (yield* call(sup, ['restart_child', id])) as StartChildResult;
}

/**
 * Removes a stopped child's spec (SUP-20); `['error', 'running']` if it is running.
 *
 * @example
 * ```ts
 * yield* Supervisor.terminateChild('top', 'cache');
 * yield* Supervisor.deleteChild('top', 'cache'); // 'ok'
 * ```
 */
export function* deleteChild(sup: ServerRef, id: Term): Op<'ok' | readonly ['error', Term]> {
  return (yield* call(sup, ['delete_child', id])) as 'ok' | readonly ['error', Term];
}

/**
 * `[id, pid | 'restarting' | 'undefined', type, modules]` per child, most recently started first (SUP-21).
 *
 * @example `for (const [id, pid] of yield* Supervisor.whichChildren('top')) if (pid instanceof Pid) send(pid, 'ping');`
 */
export function* whichChildren(sup: ServerRef): Op<[Term, Pid | 'restarting' | 'undefined', 'worker' | 'supervisor', unknown][]> {
  return (yield* call(sup, 'which_children')) as [Term, Pid | 'restarting' | 'undefined', 'worker' | 'supervisor', unknown][];
}

/**
 * `[['specs', n], ['active', n], ['supervisors', n], ['workers', n]]` (SUP-21).
 *
 * @example `const counts = Object.fromEntries(yield* Supervisor.countChildren('top')); // counts.active`
 */
export function* countChildren(sup: ServerRef): Op<[string, number][]> {
  return (yield* call(sup, 'count_children')) as [string, number][];
}

/**
 * The full spec of a child, defaults filled in, or `['error', 'not_found']` (SUP-21, SUP-27).
 *
 * @example `const r = yield* Supervisor.getChildspec('top', 'cache'); // ['ok', { id: 'cache', restart: 'permanent', shutdown: 5000, … }]`
 */
export function* getChildspec(sup: ServerRef, idOrPid: Term): Op<readonly ['ok', FullChildSpec] | readonly ['error', 'not_found']> {
  return (yield* call(sup, ['get_childspec', idOrPid])) as readonly ['ok', FullChildSpec] | readonly ['error', 'not_found'];
}

/**
 * Stops a supervisor: children first, in reverse start order, then it exits `reason` (SUP-17).
 * Waits until it has exited, as {@link GenServer.stop} does.
 *
 * @example `yield* Supervisor.stop('top'); // 'ok'`
 */
export function* stop(sup: ServerRef, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Op<'ok'> {
  return yield* GenServer.stop(sup, reason, timeout);
}

const AUTO = ['never', 'any_significant', 'all_significant'];

/**
 * Checks child specs (OTP's `check_childspecs/1,2`): `'ok'` or `['error', E]` with OTP's term
 * (`['badarg', X]` for a non-list). From outside a process an invalid spec throws a
 * {@link SupervisorSpecError} naming the field and value instead.
 *
 * @example `Supervisor.checkChildspecs([{ id: 'a', start: [worker, []] }]) // 'ok'`
 */
export function checkChildspecs(specs: unknown, autoShutdown?: AutoShutdown): 'ok' | readonly ['error', Term] {
  if (!Array.isArray(specs)) return ['error', ['badarg', specs]];
  if (autoShutdown !== undefined && !AUTO.includes(autoShutdown)) return ['error', ['badarg', autoShutdown]];
  if (ctx.proc === null) {
    assertStartSpec('Supervisor.checkChildspecs', specs, autoShutdown);
    return 'ok';
  }
  const r = checkStartSpec(specs, autoShutdown);
  return r[0] === 'ok' ? 'ok' : ['error', r[1]];
}
