/**
 * proc_lib: processes that behave as OTP processes (PLIB).
 *
 * A proc_lib process carries `'$ancestors'` (its parent first) and `'$initial_call'` in its
 * dictionary, and emits a crash report (a trace `report` event, category `crash_report`)
 * when its body raises with a reason other than `normal`, `shutdown` or `['shutdown', _]`.
 * `start`/`startLink`/`startMonitor` add the start handshake: the starter blocks until the
 * child calls {@link initAck} (or {@link initFail}), dies, or the start timeout passes.
 *
 * Every gen_* behaviour starts through here.
 */
import { ctx } from '../core/context.js';
import { ReceiveEffect, TIMEOUT, timeoutMs, type Op } from '../core/effects.js';
import { ErlangError, ExitException, ProcessExiting, ThrownValue, classify, exceptionToReason, isCleanReason, type ExceptionClass } from '../core/errors.js';
import { badarg, currentProc, currentRuntime } from '../core/guard.js';
import { Pid, Ref } from '../core/pid.js';
import type { Proc, SpawnOptions } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import { termEquals, type Term } from '../core/term.js';
import { spawnWith, type ProcessBody } from '../core/api/processes.js';
import { addMonitor, removeMonitor, sendFrom } from '../core/api/signals.js';
import { CallWait, callEnded, callStarted } from './call-wait.js';

/** The proc_lib data a process carries in `p.ext`. */
interface PlibExt {
  /** The process that started it and waits for `initAck` (undefined once acked). */
  starter?: Pid;
}

/** @internal The starter a proc_lib child acknowledges to. */
export function starterOf(p: Proc): Pid | undefined {
  return (p.ext?.plib as PlibExt | undefined)?.starter;
}

function ancestorsOf(p: Proc | null): Term[] {
  if (p === null) return [];
  const own = p.dict?.get('$ancestors');
  const rest = own === undefined ? [] : (own[1] as Term[]);
  return [p.name ?? p.pid, ...rest];
}

/** The entry of every proc_lib process: dictionary set-up, then the body, then crash reports. */
function* plibEntry(fn: ProcessBody, args: unknown[], ancestors: Term[], initialCall: Term): Op<unknown> {
  const p = ctx.proc!;
  const d = (p.dict ??= new Map());
  d.set('$ancestors', ['$ancestors', ancestors]);
  d.set('$initial_call', ['$initial_call', initialCall]);
  try {
    return yield* fn(...args);
  } catch (e) {
    if (e instanceof ProcessExiting) throw e;
    crashReport(p, e);
    // As proc_lib:exit_p: the process then exits (class exit) with the full reason, so the
    // emulator-level crash report does not repeat the one just made.
    throw new ExitException(exceptionToReason(e));
  }
}

/**
 * Emits a crash report for an abnormal exception exit (PLIB-5), once per process (a behaviour
 * loop that runs outside proc_lib's frame reports itself).
 * @internal
 */
export function crashReport(p: Proc, e: unknown): void {
  const reason = exceptionToReason(e);
  if (isCleanReason(reason) || p.ext?.crashReported) return;
  (p.ext ??= {}).crashReported = true;
  const rt = ctx.rt!;
  const tr = rt.host.tracer;
  if (!tr.enabled) return;
  const cls = classify(e).class;
  tr.emit({
    kind: 'report', node: rt.node, pid: p.pid, category: 'crash_report',
    report: {
      initialCall: p.dict?.get('$initial_call')?.[1], pid: p.pid, registeredName: p.name ?? [],
      errorInfo: [cls, cls === 'exit' ? reason : classify(e).reason], ancestors: p.dict?.get('$ancestors')?.[1],
      messageQueueLen: p.mailbox.length, links: p.links ? [...p.links] : [], trapExit: p.trapExit,
    },
  });
}

/** @internal Spawns a proc_lib process on behalf of the running one (or the host). */
export function plibSpawn(
  api: string, fn: ProcessBody, args: unknown[], opts: SpawnOptions | null, starter?: Pid, initialCall?: [string, string, number],
): [Proc, Ref | undefined] {
  const rt = currentRuntime(api);
  const parent = ctx.proc;
  // A behaviour's process is named by its initial call (`'counter:init/1'`), as OTP's tools show it.
  const res = spawnWith(rt, parent, fn, args, opts, api, initialCall && `${initialCall[0]}:${initialCall[1]}/${initialCall[2]}`);
  const child = res[0];
  const ic = initialCall ?? [fn.name || 'anonymous', args.length];
  // Re-enter through plibEntry: the body was created above only to validate and link atomically.
  child.gen = plibEntry(fn, args, ancestorsOf(parent), ic) as Generator<unknown, unknown, unknown>;
  if (starter !== undefined) (child.ext ??= {}).plib = { starter } satisfies PlibExt;
  return res;
}

/**
 * Spawns a proc_lib process: `'$ancestors'`, `'$initial_call'` and crash reports, no handshake.
 *
 * @example
 * ```ts
 * const pid = procLib.spawn(function* worker() { yield* receive(); });
 * ```
 */
export function spawn<A extends unknown[]>(fn: ProcessBody<A>, ...args: A): Pid {
  return plibSpawn('procLib.spawn', fn as ProcessBody, args, null)[0].pid;
}

/**
 * {@link spawn} linked to the caller.
 *
 * @example `const pid = procLib.spawnLink(function* worker(n: number) { yield* receive(); }, 1);`
 */
export function spawnLink<A extends unknown[]>(fn: ProcessBody<A>, ...args: A): Pid {
  currentProc('procLib.spawnLink');
  return plibSpawn('procLib.spawnLink', fn as ProcessBody, args, { link: true })[0].pid;
}

/**
 * {@link spawn} with spawn options; returns `[pid, ref]` with `monitor`.
 *
 * @example `const [pid, mref] = procLib.spawnOpt(worker, { monitor: true });`
 */
export function spawnOpt<A extends unknown[]>(fn: ProcessBody<A>, opts: SpawnOptions & { monitor: true | object }, ...args: A): [Pid, Ref];
export function spawnOpt<A extends unknown[]>(fn: ProcessBody<A>, opts: SpawnOptions, ...args: A): Pid;
export function spawnOpt<A extends unknown[]>(fn: ProcessBody<A>, opts: SpawnOptions, ...args: A): Pid | [Pid, Ref] {
  const [p, ref] = plibSpawn('procLib.spawnOpt', fn as ProcessBody, args, opts);
  return ref === undefined ? p.pid : [p.pid, ref];
}

/** Options of {@link start}, {@link startLink} and {@link startMonitor}. */
export interface StartOptions {
  /** ms to wait for `initAck` (default `'infinity'`); then the child is killed, `['error', 'timeout']`. */
  timeout?: number | 'infinity';
  /** Extra spawn options (not `link`/`monitor`). */
  spawnOpt?: SpawnOptions;
}

/** @internal How a starter is tied to the child. */
export type Mode = 'nolink' | 'link' | 'monitor';

function isAckFrom(pid: Pid, mref: Ref): (m: unknown) => boolean {
  return (m) => Array.isArray(m) && ((m.length === 3 && m[1] === pid && (m[0] === 'ack' || m[0] === 'nack'))
    || (m.length === 5 && m[0] === 'DOWN' && m[1] === mref));
}

/** @internal Drops a queued `['EXIT', pid, _]` (PLIB-2: a start_link caller never finds one). */
export function flushExit(p: Proc, pid: Pid): void {
  const i = p.mailbox.find((m) => Array.isArray(m) && m.length === 3 && m[0] === 'EXIT' && m[1] === pid);
  if (i >= 0) p.mailbox.removeAt(i);
}

const NO_START_OPTIONS: StartOptions = Object.freeze({});
/** The spawn options of a start without extra ones (never written to: shared by every start). */
const LINKED: SpawnOptions = Object.freeze({ link: true });
const UNLINKED: SpawnOptions = Object.freeze({});

/** @internal The start handshake: spawn, then wait for ack, nack, death or the timeout. */
export function* startWith(
  api: string, mode: Mode, fn: ProcessBody, args: unknown[], opts: StartOptions = NO_START_OPTIONS, initialCall?: [string, string, number],
): Op<[unknown, Pid, Ref | undefined]> {
  const p = currentProc(api);
  const rt = currentRuntime(api);
  const so = opts.spawnOpt ?? undefined;
  if (so !== undefined && (so.link !== undefined || so.monitor !== undefined)) badarg(api, 'options.spawnOpt', so, 'spawn options without link or monitor');
  const spawnOpts = so === undefined ? (mode === 'link' ? LINKED : UNLINKED) : mode === 'link' ? { ...so, link: true } : { ...so };
  const [child] = plibSpawn(api, fn, args, spawnOpts, p.pid, initialCall);
  const pid = child.pid;
  const mref = addMonitor(rt, p, child, pid);
  // As sync_start's `receive … after Timeout`: a bad timeout fails (timeout_value) only now,
  // the child spawned (and monitored, linked) and left running.
  const after = timeoutMs(opts.timeout);
  const eff = new ReceiveEffect(isAckFrom(pid, mref), after, new CallWait(pid, child, undefined, 'starts'));
  // A blocked start is a call for the call-cycle check (call-wait.ts `registered`, inlined: two generators less a start).
  callStarted(rt);
  let m: unknown[] | typeof TIMEOUT;
  try {
    m = (yield eff) as unknown[] | typeof TIMEOUT;
  } finally {
    callEnded(rt);
  }
  if (m === TIMEOUT) {
    // Kill and wait for the death, so the child's name is gone when we return (GS-4).
    if (mode === 'link') unlinkBoth(p, child);
    rt.exitSignal(child, p.pid, 'kill', false);
    const down = yield new ReceiveEffect((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === mref, Infinity, undefined);
    flushExit(p, pid);
    // An ack sent just as the timeout fired (RCV-4) would be a stray message: drop it.
    const i = p.mailbox.find((x) => Array.isArray(x) && x.length === 3 && x[1] === pid && (x[0] === 'ack' || x[0] === 'nack'));
    if (i >= 0) p.mailbox.removeAt(i);
    if (mode !== 'monitor') return [['error', 'timeout'], pid, undefined];
    // sync_start_monitor keeps its monitor: the killed child's DOWN stays for the caller (PLIB-2).
    rt.deliver(p, down);
    return [['error', 'timeout'], pid, mref];
  }
  if (m[0] === 'DOWN') {
    if (mode === 'link') flushExit(p, pid);
    if (mode === 'monitor') rt.deliver(p, m); // start_monitor callers see the DOWN too.
    return [['error', m[4]], pid, mode === 'monitor' ? mref : undefined];
  }
  if (mode !== 'monitor') demonitorFlush(rt, p, mref);
  if (m[0] === 'nack' && mode === 'link') flushExit(p, pid);
  return [m[2], pid, mode === 'monitor' ? mref : undefined];
}

function unlinkBoth(p: Proc, q: Proc): void {
  p.links?.delete(q.pid);
  q.links?.delete(p.pid);
}

/** @internal `demonitor(ref, [flush])` for the running process. */
export function demonitorFlush(rt: Runtime, p: Proc, ref: Ref): void {
  if (!removeMonitor(rt, p, ref)) flushDown(p, ref); // Active until now: no DOWN can be queued.
}

// Apart from demonitorFlush, whose every call would otherwise allocate the closure's context.
function flushDown(p: Proc, ref: Ref): void {
  const i = p.mailbox.find((m) => Array.isArray(m) && m.length === 5 && m[1] === ref && m[0] === 'DOWN');
  if (i >= 0) p.mailbox.removeAt(i);
}

/**
 * Starts a proc_lib process and waits until it calls {@link initAck}; returns what it
 * acknowledged, `['error', reason]` if it died first, or `['error', 'timeout']` (PLIB-1, 2).
 *
 * @example
 * ```ts
 * const r = yield* procLib.start(function* () { procLib.initAck(['ok', self()]); yield* receive(); }, []);
 * ```
 */
export function* start<A extends unknown[]>(fn: ProcessBody<A>, args: A, opts?: StartOptions): Op<unknown> {
  return (yield* startWith('procLib.start', 'nolink', fn as ProcessBody, args, opts))[0];
}

/**
 * {@link start}, linked; a failed child leaves no `'EXIT'` in the caller's mailbox.
 *
 * @example `const r = yield* procLib.startLink(function* () { procLib.initAck(['ok', self()]); yield* receive(); }, [], { timeout: 1000 });`
 */
export function* startLink<A extends unknown[]>(fn: ProcessBody<A>, args: A, opts?: StartOptions): Op<unknown> {
  return (yield* startWith('procLib.startLink', 'link', fn as ProcessBody, args, opts))[0];
}

/**
 * {@link start}, monitored; returns `[result, monitorRef]`. If the child dies before it acks,
 * or is killed at the timeout (`[['error', 'timeout'], ref]`), its
 * `['DOWN', monitorRef, 'process', pid, reason]` stays in the caller's mailbox.
 *
 * @example `const [r, mref] = yield* procLib.startMonitor(function* () { procLib.initAck('ok'); yield* receive(); }, []);`
 */
export function* startMonitor<A extends unknown[]>(fn: ProcessBody<A>, args: A, opts?: StartOptions): Op<[unknown, Ref]> {
  const [r, , ref] = yield* startWith('procLib.startMonitor', 'monitor', fn as ProcessBody, args, opts);
  return [r, ref!];
}

function takeStarter(api: string): [Runtime, Proc, Pid] {
  const p = currentProc(api);
  const ext = p.ext?.plib as PlibExt | undefined;
  const starter = ext?.starter;
  if (starter === undefined) return badarg(api, 'process', p.pid, 'a process started by procLib.start* that has not acked');
  ext!.starter = undefined;
  return [currentRuntime(api), p, starter];
}

/**
 * Tells the starter the process is up: its `start*` returns `ret` (PLIB-1). As OTP's, it is a
 * send of `['ack', self, ret]` to the parent (the first of `'$ancestors'`): called again, or in
 * a proc_lib process nobody waits for, it leaves that message in the parent's mailbox; in a
 * process that is not proc_lib's it fails as OTP's does, `['badmatch', 'undefined']`.
 * @example `procLib.initAck(['ok', self()])`
 */
export function initAck(ret: Term): 'ok' {
  const p = currentProc('procLib.initAck');
  const rt = currentRuntime('procLib.initAck');
  const ext = p.ext?.plib as PlibExt | undefined;
  const starter = ext?.starter;
  if (starter !== undefined) {
    ext!.starter = undefined;
    sendFrom(rt, p, starter, ['ack', p.pid, ret]);
    return 'ok';
  }
  const ancestors = (p.dict?.get('$ancestors')?.[1] ?? []) as Term[];
  if (ancestors.length === 0) throw new ErlangError(['badmatch', 'undefined']); // [Parent|_] = get('$ancestors')
  sendFrom(rt, p, ancestors[0] as Pid | string, ['ack', p.pid, ret]);
  return 'ok';
}

/**
 * Makes the starter return `ret`, then raises `exception` (`[class, reason]`) in the caller
 * (PLIB-3). The starter finds no `'EXIT'` of it (the link to the starter is dropped first).
 *
 * @example `if (!ready) procLib.initFail(['error', 'no_db'], ['exit', 'normal']); // the starter gets ['error', 'no_db']`
 */
export function initFail(ret: Term, exception: [ExceptionClass, Term]): never {
  const [cls, reason] = exception;
  return nackAndRaise(ret, cls === 'exit' ? new ExitException(reason) : cls === 'throw' ? new ThrownValue(reason) : new ErlangError(reason), 'procLib.initFail');
}

/** @internal {@link initFail} with the exception itself (kept, stack and all). */
export function nackAndRaise(ret: Term, exception: unknown, api = 'procLib.initFail'): never {
  const [rt, p, starter] = takeStarter(api);
  const q = rt.lookup(starter);
  if (q !== undefined) unlinkBoth(p, q);
  sendFrom(rt, p, starter, ['nack', p.pid, ret]);
  throw exception;
}

/**
 * Stops a process through the system protocol and waits for it to exit (PLIB-6): `'ok'` when
 * it exits with `reason`; exits `noproc` if it is not alive (`noconnection` on a node not
 * connected), `timeout` after `timeout` ms, or
 * with the reason it died of otherwise. Stopping oneself exits `{calling_self, {sys, terminate, [Target, Reason, Timeout]}}`.
 * The target must serve system messages (any behaviour, or a loop using `sys.handleSystemMsg`).
 *
 * @example `yield* procLib.stop(pid, 'shutdown', 5000); // 'ok' once pid has exited 'shutdown'`
 */
export function* stop(target: Pid | string, reason: Term = 'normal', timeout: number | 'infinity' = 'infinity'): Op<'ok'> {
  const rt = currentRuntime('procLib.stop');
  const p = currentProc('procLib.stop');
  const after = timeoutMs(timeout);
  const q = target instanceof Pid ? rt.lookup(target) : typeof target === 'string' ? rt.names.get(target) : badarg('procLib.stop', 'process', target, 'a pid or a registered name');
  // Its monitor's DOWN, which OTP's stop exits with: a pid on a node not connected is noconnection (MON-2).
  if (q === undefined || !q.alive) throw new ExitException(target instanceof Pid && target.node !== rt.node ? 'noconnection' : 'noproc');
  if (q === p) throw new ExitException(['calling_self', ['sys', 'terminate', [target, reason, timeout]]]); // as sys:terminate/3 exits in OTP
  // A call tag (gen.ts `reply`): were the target to answer, the reply goes to the ref, not the mailbox.
  const mref = addMonitor(rt, p, q, q.pid);
  Ref.markCallTag(mref);
  sendFrom(rt, p, q.pid, ['system', [p.pid, mref], ['terminate', reason]]);
  const m = (yield new ReceiveEffect((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === mref, after, { waitsOn: q.pid, text: `stops ${q.pid}` })) as unknown[] | typeof TIMEOUT;
  if (m === TIMEOUT) {
    demonitorFlush(rt, p, mref);
    throw new ExitException('timeout');
  }
  if (termEquals(m[4], reason)) return 'ok';
  throw new ExitException(m[4]);
}
