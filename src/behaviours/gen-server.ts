/**
 * gen_server: the client API (GS). The engine lives in gen-server-loop.ts.
 *
 * @example
 * ```ts
 * const Counter = GenServer.define<number, 'get' | ['add', number], 'reset', number, number>({
 *   init: (n) => ['ok', n],
 *   handleCall: (req, _from, n) => (req === 'get' ? ['reply', n, n] : ['reply', n + req[1], n + req[1]]),
 *   handleCast: (_msg, _n) => ['noreply', 0],
 * });
 * const r = yield* GenServer.startLink(Counter, 1, { name: 'counter' });
 * if (r !== 'ignore' && r[0] === 'ok') {
 *   const n: number = yield* GenServer.call(r[1], ['add', 2]); // 3
 * }
 * ```
 */
import { ctx } from '../core/context.js';
import { receive, type Op } from '../core/effects.js';
import { ErlangError, ExitException } from '../core/errors.js';
import { badarg, currentProc, currentRuntime } from '../core/guard.js';
import { Pid, type Ref } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import * as gen from './gen.js';
import type { From } from './gen.js';
import { enter, initIt, Server } from './gen-server-loop.js';
import type {
  Action, CallOf, CastOf, GenServerModule, ReplyOf, ServerPid, StartOpts, StartResult, TypedRef,
} from './gen-server-types.js';
import { isAction } from './gen-server-results.js';
import { globalRegistry, isServerName, ownsName, resolve, type ServerName, type ServerRef } from './names.js';
import * as procLib from './proc-lib.js';
import { debugFromOptions } from './sys-handler.js';

export type { From } from './gen.js';

type AnyModule = GenServerModule<any, any, any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Declares a callback module with its types: state `S`, calls `C`, casts `K`, replies `R`,
 * init argument `A`. Returns the module itself; the types flow into `start` and `call`.
 *
 * @example
 * ```ts
 * const Echo = GenServer.define<null, string, never, string>({
 *   init: () => ['ok', null],
 *   handleCall: (req, _from, s) => ['reply', req, s],
 * });
 * ```
 */
export function define<S, C = unknown, K = unknown, R = unknown, A = undefined>(mod: GenServerModule<S, C, K, R, A>): GenServerModule<S, C, K, R, A> {
  if (typeof mod !== 'object' || mod === null || typeof mod.init !== 'function') badarg('GenServer.define', 'module', mod, 'an object with an init function');
  return mod;
}

/**
 * Types a name (or pid) by the module that serves it, so `call` knows its reply type.
 *
 * @example
 * ```ts
 * const counter = GenServer.ref(Counter, 'counter');
 * const n = yield* GenServer.call(counter, 'get'); // n: number
 * ```
 */
export function ref<M extends AnyModule>(_mod: M, r: ServerRef): TypedRef<CallOf<M>, CastOf<M>, ReplyOf<M>> {
  return r as TypedRef<CallOf<M>, CastOf<M>, ReplyOf<M>>;
}

function normalizeName(api: string, name: StartOpts['name']): ServerName | undefined {
  if (name === undefined) return undefined;
  const n = typeof name === 'string' ? { local: name } : name;
  if (!isServerName(n)) return badarg(api, 'options.name', name, '{ local }, { global }, { via, name } or a name');
  return n;
}

function* startWith<S, C, K, R, A>(
  api: string, mode: procLib.Mode, mod: GenServerModule<S, C, K, R, A>, args: A, opts: StartOpts = {},
): Op<[unknown, Pid, Ref | undefined]> {
  const p = currentProc(api);
  if (typeof mod !== 'object' || mod === null) return badarg(api, 'module', mod, 'a callback module');
  if (typeof opts !== 'object' || opts === null) return badarg(api, 'options', opts, 'an options object');
  const name = normalizeName(api, opts.name);
  // hibernateAfter is not checked here: as OTP's, a bad one starts the server, which then dies
  // `timeout_value` when it first waits (GS-20). The loop gets it as given (initIt's 6th argument).
  const modName = mod.name ?? (mod.init as { name?: string } | undefined)?.name ?? 'gen_server';
  return yield* procLib.startWith(
    // The starter is the parent when linked or monitored, as gen's do_spawn; unlinked, the server is its own.
    api, mode, initIt as never, [mod, args, name, mode === 'nolink' ? undefined : p.pid, opts.debug, opts.hibernateAfter],
    { timeout: opts.timeout ?? 'infinity', ...(opts.spawnOpt ? { spawnOpt: opts.spawnOpt } : {}) },
    [modName, 'init', 1],
  );
}

/**
 * Starts a server without a link; returns after `init`: `['ok', pid]`, `'ignore'` or
 * `['error', reason]` (GS-1..4).
 *
 * @example `const r = yield* GenServer.start(Counter, 0, { name: { global: 'counter' }, timeout: 1000 });`
 */
export function* start<S, C, K, R, A>(mod: GenServerModule<S, C, K, R, A>, args: A, opts?: StartOpts): Op<StartResult<ServerPid<C, K, R>>> {
  return (yield* startWith('GenServer.start', 'nolink', mod, args, opts))[0] as StartResult<ServerPid<C, K, R>>;
}

/**
 * {@link start}, linked to the caller (its parent: GS-15).
 *
 * @example `const r = yield* GenServer.startLink(Counter, 0, { name: 'counter' });`
 */
export function* startLink<S, C, K, R, A>(mod: GenServerModule<S, C, K, R, A>, args: A, opts?: StartOpts): Op<StartResult<ServerPid<C, K, R>>> {
  return (yield* startWith('GenServer.startLink', 'link', mod, args, opts))[0] as StartResult<ServerPid<C, K, R>>;
}

/**
 * {@link start}, monitored: `['ok', [pid, monitorRef]]` on success. On a failure the server's
 * `'DOWN'` is taken before the error is returned, as `gen:start_monitor` does: the caller's
 * mailbox is left as it was.
 *
 * @example `const r = yield* GenServer.startMonitor(Counter, 0);`
 */
export function* startMonitor<S, C, K, R, A>(
  mod: GenServerModule<S, C, K, R, A>, args: A, opts?: StartOpts,
): Op<StartResult<readonly [ServerPid<C, K, R>, Ref]>> {
  const [res, pid, mref] = yield* startWith('GenServer.startMonitor', 'monitor', mod, args, opts);
  if (Array.isArray(res) && res[0] === 'ok') return ['ok', [pid as ServerPid<C, K, R>, mref!]];
  if (mref !== undefined) yield* receive((m: unknown) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === mref);
  return res as StartResult<readonly [ServerPid<C, K, R>, Ref]>;
}

/**
 * Calls the server and returns its reply (GS-5..11). The timeout is 5000 ms unless given
 * (`'infinity'` waits forever). A failure exits the caller with
 * `[reason, ['gen_server', 'call', [ref, req]]]` (`[ref, req, timeout]` when a timeout was given).
 *
 * @example `const n = yield* GenServer.call('counter', ['add', 2], 1000);`
 */
export function call<C, R>(ref: TypedRef<C, unknown, R>, req: NoInfer<C>, timeout?: number | 'infinity'): Op<R> {
  // A plain function returning gen's generator: one generator per call, not two.
  return gen.call('GenServer.call', ref, '$gen_call', req, timeout ?? 5000, timeout === undefined ? callShape2 : callShape3) as Op<R>;
}

const callShape2: gen.CallShape = (reason, ref, req) => [reason, ['gen_server', 'call', [ref, req]]];
const callShape3: gen.CallShape = (reason, ref, req, t) => [reason, ['gen_server', 'call', [ref, req, t]]];

/**
 * Sends `['$gen_cast', msg]` and returns `'ok'` at once, whatever the target (GS-13).
 *
 * @example `GenServer.cast('counter', 'reset');`
 */
export function cast<K>(ref: TypedRef<unknown, K, unknown>, msg: NoInfer<K>): 'ok' {
  gen.sendTo(currentRuntime('GenServer.cast'), ref, '$gen_cast', 'GenServer.cast', msg); // ['$gen_cast', msg], queued unbuilt
  return 'ok';
}

/**
 * Replies to a caller whose `handleCall` returned `noreply` (GS-10); from any process.
 *
 * @example `handleCall: (req, from, s) => { spawn(function* () { GenServer.reply(from, 'later'); }); return ['noreply', s]; }`
 */
export function reply<R>(from: From<R>, msg: R): 'ok' {
  return gen.reply(from, msg);
}

/**
 * Stops the server through the system protocol and waits until it has exited (GS-22):
 * `'ok'`; exits `noproc` when it is not running, `timeout` after `timeout` ms, or the reason
 * it died of if not `reason`. A timeout other than `'infinity'` or an integer ≥ 0 raises
 * `function_clause` before anything is sent.
 *
 * @example `yield* GenServer.stop('counter', 'shutdown', 5000);`
 */
export function* stop(ref: ServerRef, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Op<'ok'> {
  // gen:stop/3's guard: `infinity` or an integer ≥ 0; no clause matches anything else.
  if (timeout !== 'infinity' && !(Number.isInteger(timeout) && timeout >= 0)) throw new ErlangError('function_clause');
  const q = resolve(currentRuntime('GenServer.stop'), ref, 'GenServer.stop');
  if (q === undefined) throw new ExitException('noproc');
  if (Array.isArray(q)) throw new ExitException(q);
  return yield* procLib.stop((q as { pid: Pid }).pid, reason, timeout);
}

/** Options of {@link multiCall} and {@link abcast}. */
export interface MultiOpts {
  /** The nodes to ask (default: this node). */
  nodes?: readonly string[];
  /** ms to wait for each (default `'infinity'`). */
  timeout?: number | 'infinity';
}

/**
 * Calls the server registered as `name` on each node (GS-23): `[replies, badNodes]`,
 * replies as `[node, reply]`. Nodes that are unreachable, lack the name or miss the timeout
 * are bad nodes; late replies never arrive; a node that is not a string is skipped. The timeout is
 * one for all the nodes. A timeout other than `'infinity'` or an integer ≥ 0 is `function_clause`,
 * as in OTP.
 *
 * @example `const [replies, bad] = yield* GenServer.multiCall('counter', 'get', { timeout: 100 });`
 */
export function* multiCall<R = unknown>(name: string, req: unknown, opts: MultiOpts = {}): Op<[[string, R][], string[]]> {
  const rt = currentRuntime('GenServer.multiCall');
  const nodes = opts.nodes ?? [rt.node];
  const t = opts.timeout ?? 'infinity';
  // gen_server:multi_call's guards: a name, a list of nodes, infinity or an integer ≥ 0.
  if (typeof name !== 'string' || !Array.isArray(nodes) || !(t === 'infinity' || (Number.isInteger(t) && t >= 0))) throw new ErlangError('function_clause');
  const replies: [string, R][] = [];
  const bad: string[] = [];
  // One timer for all the nodes, as OTP's middleman: a node asked later gets what is left.
  const deadline = t === 'infinity' ? t : rt.host.clock.now() + t;
  for (const n of nodes) {
    if (typeof n !== 'string') continue; // send_nodes skips a node that is not an atom
    if (n !== rt.node) {
      bad.push(n);
      continue;
    }
    try {
      const left = deadline === 'infinity' ? deadline : Math.max(0, deadline - rt.host.clock.now());
      replies.push([n, (yield* gen.call('GenServer.multiCall', name, '$gen_call', req, left)) as R]);
    } catch (e) {
      if (!(e instanceof gen.GenCallExit)) throw e;
      bad.push(n);
    }
  }
  return [replies, bad];
}

/**
 * Casts to the server registered as `name` on each node; returns `'abcast'` (GS-24). A node
 * that is not a string is `function_clause` (the nodes before it have been sent to), as in OTP.
 *
 * @example `GenServer.abcast('counter', 'reset');`
 */
export function abcast(name: string, msg: unknown, opts: Pick<MultiOpts, 'nodes'> = {}): 'abcast' {
  const rt = currentRuntime('GenServer.abcast');
  const nodes = opts.nodes ?? [rt.node];
  // abcast's guards (a list of nodes, an atom name), then do_abcast's: each node an atom, in turn.
  if (typeof name !== 'string' || !Array.isArray(nodes)) throw new ErlangError('function_clause');
  for (const n of nodes) {
    if (typeof n !== 'string') throw new ErlangError('function_clause');
    if (n === rt.node) gen.sendTo(rt, name, '$gen_cast', 'GenServer.abcast', msg);
  }
  return 'abcast';
}

/** Options of {@link enterLoop}. */
export interface EnterLoopOpts {
  /** A name the process must already own (GS-25). */
  name?: ServerName | string;
  action?: Action;
  debug?: StartOpts['debug'];
  /** As the start option (GS-20): OTP's enter_loop reads `hibernate_after` from its options too. */
  hibernateAfter?: StartOpts['hibernateAfter'];
}

function notRegistered(name: ServerName): Term {
  if ('local' in name) return 'process_not_registered';
  if ('global' in name) return 'process_not_registered_globally';
  return ['process_not_registered_via', name.via];
}

/**
 * gen:get_parent (PLIB-4): the first of `'$ancestors'`; a name is looked up locally, then
 * globally, and a name found in neither exits `could_not_find_registered_name`. A proc_lib
 * process the host spawned has no ancestors: its parent is itself.
 */
function parentOf(rt: Runtime, p: Proc, ancestors: readonly Term[]): Pid {
  if (ancestors.length === 0) return p.pid;
  const first = ancestors[0];
  if (first instanceof Pid) return first;
  const local = typeof first === 'string' ? rt.names.get(first) : undefined;
  if (local !== undefined) return local.pid;
  const global = globalRegistry.whereisName(first);
  if (global instanceof Pid) return global;
  throw new ExitException('could_not_find_registered_name');
}

/**
 * Turns the calling proc_lib process into a gen_server with `state` (GS-25); never returns.
 * The process must have been started by `procLib` (else it exits
 * `process_was_not_started_by_proc_lib`) and, given a name, must own it.
 *
 * @example
 * ```ts
 * procLib.spawnLink(function* () { register('c', self()); yield* GenServer.enterLoop(Counter, 0, { name: 'c' }); });
 * ```
 */
export function* enterLoop<S>(mod: GenServerModule<S, any, any, any, any>, state: S, opts: EnterLoopOpts = {}): Op<never> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const p = currentProc('GenServer.enterLoop');
  const rt = ctx.rt!;
  // OTP's enter_loop takes a timeout, 'hibernate' or {continue, _} in its clause heads: anything else matches none.
  if (opts.action !== undefined && !isAction(opts.action)) throw new ErlangError('function_clause');
  // As gen_server:enter_loop: gen:get_proc_name first, then gen:get_parent.
  const name = normalizeName('GenServer.enterLoop', opts.name);
  if (name !== undefined && !ownsName(rt, p, name)) throw new ExitException(notRegistered(name));
  const anc = p.dict?.get('$ancestors');
  if (anc === undefined) throw new ExitException('process_was_not_started_by_proc_lib');
  const parent = parentOf(rt, p, anc[1] as Term[]);
  const srv = new Server(mod as never, name, parent, p, rt);
  srv.state = state;
  if (opts.action !== undefined) srv.action = opts.action;
  srv.debug = debugFromOptions(srv, opts.debug);
  if (opts.hibernateAfter !== undefined) srv.hibernateAfter = opts.hibernateAfter;
  return yield* enter(srv);
}

export {
  sendRequest, receiveResponse, waitResponse, checkResponse, receiveResponses, waitResponses, checkResponses,
  reqIdsNew, reqIdsAdd, ReqId, ReqIdCollection, type Response, type CollectionResponse,
} from './gen-requests.js';
