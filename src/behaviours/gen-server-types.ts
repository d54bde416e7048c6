/**
 * The gen_server callback contract (GS), as types.
 *
 * | User module                 | Generic (gen-server-loop.ts)                              |
 * |-----------------------------|-----------------------------------------------------------|
 * | `init(args)`                | `start*` returns `['ok', pid]`, `'ignore'`, `['error', R]` |
 * | `handleCall(req, from, s)`  | `call(ref, req)` returns the reply                        |
 * | `handleCast(msg, s)`        | `cast(ref, msg)` returns `'ok'` at once                   |
 * | `handleInfo(msg, s)`        | any other message (and the `timeout` action)              |
 * | `handleContinue(c, s)`      | a `['continue', c]` action, before the next message       |
 * | `terminate(reason, s)`      | on `stop`, a crash, or the parent's `'EXIT'` when trapping |
 * | `codeChange(old, s, extra)` | `sys.changeCode` while suspended                          |
 * | `formatStatus(status)`      | `sys.getStatus` and error reports                         |
 *
 * Results are OTP's tuples as arrays. Each callback may be a plain function or, when it must
 * block (call another server), a generator function that the loop drives with `yield*`.
 */
import type { Pid } from '../core/pid.js';
import type { Term } from '../core/term.js';
import type { From } from './gen.js';
import type { ServerName, ServerRef } from './names.js';

/** What may follow a callback's new state (GS-18..21). */
export type Action =
  | number
  | 'infinity'
  | 'hibernate'
  | readonly ['continue', unknown]
  | readonly ['timeout', number, unknown]
  | readonly ['hibernate', number, unknown];

/** `init/1` results (GS-2). */
export type InitResult<S> =
  | readonly ['ok', S]
  | readonly ['ok', S, Action]
  | 'ignore'
  | readonly ['stop', Term]
  | readonly ['error', Term];

/** `handle_call/3` results (GS-10). */
export type CallResult<S, R> =
  | readonly ['reply', R, S]
  | readonly ['reply', R, S, Action]
  | readonly ['noreply', S]
  | readonly ['noreply', S, Action]
  | readonly ['stop', Term, R, S]
  | readonly ['stop', Term, S];

/** `handle_cast/2`, `handle_info/2` and `handle_continue/2` results. */
export type NoReplyResult<S> = readonly ['noreply', S] | readonly ['noreply', S, Action] | readonly ['stop', Term, S];

/** A plain result, or a generator that produces it (a callback that blocks). */
export type MaybeGen<T> = T | Generator<unknown, T, unknown>;

/** What `formatStatus` gets and returns (OTP 25's map form). */
export interface ServerStatus<S> {
  state: S;
  message?: unknown;
  reason?: Term;
  log: unknown[];
}

/** A gen_server callback module. Only `init` is required. */
export interface GenServerModule<S = unknown, Call = unknown, Cast = unknown, Reply = unknown, Args = unknown> {
  /** The module's name in reports and `'$initial_call'` (default: `init`'s name or `'gen_server'`). */
  readonly name?: string;
  init(args: Args): MaybeGen<InitResult<S>>;
  handleCall?(req: Call, from: From<Reply>, state: S): MaybeGen<CallResult<S, Reply>>;
  handleCast?(msg: Cast, state: S): MaybeGen<NoReplyResult<S>>;
  handleInfo?(msg: unknown, state: S): MaybeGen<NoReplyResult<S>>;
  handleContinue?(cont: unknown, state: S): MaybeGen<NoReplyResult<S>>;
  terminate?(reason: Term, state: S): unknown;
  /** Without it, `sys.changeCode` fails with `['error', ['EXIT', ['undef', Stack]]]` and the server keeps its state (UPG-2). */
  codeChange?(oldVsn: Term, state: S, extra: Term): MaybeGen<readonly ['ok', S] | Term>;
  formatStatus?(status: ServerStatus<S>): ServerStatus<S>;
}

/** Phantom types carried by a typed server reference. */
export interface ServerTypes<Call, Cast, Reply> {
  readonly __genServer?: { call: Call; cast: Cast; reply: Reply };
}

/** A server's pid, typed by what it accepts and replies. A plain `Pid` is accepted too. */
export type ServerPid<Call = unknown, Cast = unknown, Reply = unknown> = Pid & ServerTypes<Call, Cast, Reply>;

/** A server reference typed by what it accepts and replies (see `GenServer.ref`). */
export type TypedRef<Call = unknown, Cast = unknown, Reply = unknown> = ServerRef & ServerTypes<Call, Cast, Reply>;

/** The call type of a module. */
export type CallOf<M> = M extends GenServerModule<infer _S, infer C, infer _K, infer _R, infer _A> ? C : never;
/** The cast type of a module. */
export type CastOf<M> = M extends GenServerModule<infer _S, infer _C, infer K, infer _R, infer _A> ? K : never;
/** The reply type of a module. */
export type ReplyOf<M> = M extends GenServerModule<infer _S, infer _C, infer _K, infer R, infer _A> ? R : never;

/** What `start`/`startLink` return (GS-1). */
export type StartResult<P> = readonly ['ok', P] | 'ignore' | readonly ['error', Term];

/** Start options (GS-4). */
export interface StartOpts {
  /** Register the server: `{ local }`, `{ global }`, `{ via, name }`, or a string for `{ local }`. */
  name?: ServerName | string;
  /** ms `init` may take (default `'infinity'`); then the child is killed and the result is `['error', 'timeout']`. */
  timeout?: number | 'infinity';
  /** Extra spawn options; `link`/`monitor` are not allowed here. */
  spawnOpt?: import('../core/process.js').SpawnOptions;
  /** Hibernate after this many idle ms (semantically invisible, GS-20). */
  hibernateAfter?: number | 'infinity';
  /**
   * sys debug options at start (`sys:debug_options/1`): `'trace'`, `'log'`, `['log', n]`,
   * `'statistics'`, `['log_to_file', path]`, `['install', [fn, state]]` (or `[id, fn, state]`);
   * others are ignored, as OTP ignores them.
   */
  debug?: readonly DebugOpt[];
}

/** A sys debug option (`sys:debug_options/1`). */
export type DebugOpt =
  | 'trace'
  | 'log'
  | 'statistics'
  | readonly ['log', number]
  | readonly ['log_to_file', string]
  | readonly ['install', readonly [DebugFunOpt, unknown] | readonly [unknown, DebugFunOpt, unknown]];

/** A debug function given at start (`{install, {Func, FuncState}}`): see `sys.install`. */
export type DebugFunOpt = (st: never, event: unknown, procState: unknown) => unknown;
