/**
 * The supervisor's state and what it does with its children: start them in order, stop
 * them in reverse order, and restart after an exit by the strategy (SUP-5..13, SUP-22,
 * SUP-25). Functions that block are generators run inside the supervisor process.
 *
 * Children are kept in start order (`children`), indexed by id and by pid; a
 * `simple_one_for_one` supervisor keeps one template in `children` and its processes in
 * `dyn`, in start order.
 */
import { ctx } from '../core/context.js';
import type { Op } from '../core/effects.js';
import { Pid } from '../core/pid.js';
import type { Term } from '../core/term.js';
import { cast } from './gen-server.js';
import { Restarting, applyStart, callStart, driveStart, shutdownChild, type Child, type Started } from './supervisor-child.js';
import { reportError, reportStarted, reporting, type SupName } from './supervisor-report.js';
import { autoShutdownDue, exitVerdict, intensityExceeded, restartScope, restartStamp, type RestartWindow } from './supervisor-restart.js';
import { idKey, startArgs, withArgs, type Flags, type StartArgs } from './supervisor-spec.js';

/** A process of a simple_one_for_one supervisor. */
export interface DynChild {
  /** Undefined for the one entry a restart that answered `ignore` leaves (OTP's `undefined` key, SUP-13). */
  pid: Pid | undefined;
  /** Its restart failed; retried (SUP-22). */
  restarting: boolean;
  /** Its full argument list (`'undefined'` for temporary children, SUP-27). */
  args: StartArgs;
}

/** The supervisor's state (the gen_server state). */
export interface SupState {
  readonly name: SupName;
  readonly module: object;
  readonly args: unknown;
  flags: Flags;
  /** In start order. */
  children: Child[];
  byId: Map<unknown, Child>;
  /** By {@link pidKey}: a number, cheaper to hash than the pid object. */
  byPid: Map<number, Child>;
  /** Restart stamps in seconds (SUP-8). */
  restarts: RestartWindow;
  /** simple_one_for_one processes by {@link pidKey}, in start order. */
  dyn: Map<number, DynChild>;
  /** How many dynamic children are `restarting`. */
  dynRestarts: number;
}

/** What a restart or an exit leads to: carry on, or stop with `shutdown`. */
export type Outcome = 'ok' | 'shutdown';

export function isSimple(s: SupState): boolean {
  return s.flags.strategy === 'simple_one_for_one';
}

/** The template child of a simple_one_for_one supervisor. */
export function template(s: SupState): Child {
  return s.children[0]!;
}

/** A number unique per pid (node index in the low bits). */
export function pidKey(pid: Pid): number {
  return pid.serial * 1024 + pid.nodeIndex;
}

/**
 * The `dyn` key of the entry an ignored restart leaves: OTP stores it under the key `undefined`
 * of its pid map, so there is at most one such entry and it is never restarted (no process).
 */
export const IGNORED_KEY = -1;

export function setPid(s: SupState, c: Child, pid: Child['pid']): void {
  if (c.pid instanceof Pid) s.byPid.delete(pidKey(c.pid));
  c.pid = pid;
  if (pid instanceof Pid) s.byPid.set(pidKey(pid), c);
}

/** Adds a child last in start order (SUP-18). */
export function saveChild(s: SupState, c: Child): void {
  s.children.push(c);
  s.byId.set(idKey(c.id), c);
  if (c.pid instanceof Pid) s.byPid.set(pidKey(c.pid), c);
}

export function removeChild(s: SupState, c: Child): void {
  const i = s.children.indexOf(c);
  if (i >= 0) s.children.splice(i, 1);
  s.byId.delete(idKey(c.id));
  if (c.pid instanceof Pid) s.byPid.delete(pidKey(c.pid));
}

/** OTP's `del_child`: a temporary child is forgotten, any other keeps its spec without a process. */
export function delChild(s: SupState, c: Child): void {
  if (isSimple(s)) {
    if (c.pid instanceof Pid) s.dyn.delete(pidKey(c.pid));
    return;
  }
  if (c.restart === 'temporary') removeChild(s, c);
  else setPid(s, c, undefined);
}

/** Starts one child through its start; a progress report when it runs. */
export function* doStartChild(s: SupState, c: Child, extra?: readonly unknown[]): Op<Started> {
  return started(s, c, yield* applyStart(c.start, extra));
}

/**
 * Starts `list` in order (OTP's `start_children`); an ignored temporary child is dropped.
 * Returns `null`, or `['failed_to_start_child', Id, E]` at the first failure.
 */
export function* startChildren(s: SupState, list: readonly Child[]): Op<null | readonly ['failed_to_start_child', Term, Term]> {
  for (const c of list) {
    const r = yield* doStartChild(s, c);
    if (r[0] === 'error') {
      reportError(s.name, 'start_error', r[1], c);
      return ['failed_to_start_child', c.id, r[1]];
    }
    if (r[1] === undefined && c.restart === 'temporary') removeChild(s, c);
    else setPid(s, c, r[1]);
  }
  return null;
}

/** Stops one child if it runs; an unexpected reason is a `shutdown_error` report. */
export function* doTerminate(s: SupState, c: Child): Op<void> {
  if (!(c.pid instanceof Pid)) return;
  const r = yield* shutdownChild(c.pid, c);
  if (r !== 'ok') reportError(s.name, 'shutdown_error', r[1], c);
}

/** Stops `list` in reverse start order (OTP's `terminate_children`); temporary ones are forgotten. */
export function* terminateChildren(s: SupState, list: readonly Child[]): Op<void> {
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i]!;
    yield* doTerminate(s, c);
    if (c.restart === 'temporary') removeChild(s, c);
    else setPid(s, c, undefined);
  }
}

/** Retries a failed restart through a message to itself, so other requests interleave (SUP-22). */
function tryAgain(id: Term): void {
  cast(ctx.proc!.pid, ['try_again_restart', id]);
}

/** Work a restart still has to do, blocking, after the part that did not block. */
export type Pending = Generator<unknown, void, unknown>;

function started(s: SupState, c: Child, r: Started): Started {
  if (r[0] === 'ok' && r[1] !== undefined && reporting()) reportStarted(s.name, { ...c, pid: r[1] });
  return r;
}

function oneStarted(s: SupState, c: Child, old: Child['pid'], r: Started): void {
  if (r[0] === 'ok') return setPid(s, c, r[1]);
  setPid(s, c, old instanceof Restarting ? old : new Restarting(old));
  reportError(s.name, 'start_error', r[1], c);
  tryAgain(c.id);
}

function* driveOne(s: SupState, c: Child, old: Child['pid'], g: Generator<unknown, unknown, unknown>): Pending {
  oneStarted(s, c, old, started(s, c, yield* driveStart(g)));
}

/** one_for_one: start it again; the rest is left to run when the start function blocks. */
function restartOne(s: SupState, c: Child): Pending | undefined {
  const old = c.pid;
  const r = callStart(c.start);
  if (!Array.isArray(r)) return driveOne(s, c, old, r as Generator<unknown, unknown, unknown>);
  oneStarted(s, c, old, started(s, c, r as Started));
  return undefined;
}

/** Calls a start; its outcome goes to `done` now, or later from the returned generator if it blocks. */
function startThen(s: SupState, c: Child, done: (r: Started) => void): Pending | undefined {
  const r = callStart(c.start);
  if (Array.isArray(r)) {
    done(started(s, c, r as Started));
    return undefined;
  }
  return (function* drive(): Pending {
    done(started(s, c, yield* driveStart(r as Generator<unknown, unknown, unknown>)));
  })();
}

function restartDynamic(s: SupState, c: Child): Pending | undefined {
  const oldPid = c.pid instanceof Restarting ? c.pid.pid! : (c.pid as Pid);
  const d = s.dyn.get(pidKey(oldPid))!;
  if (d.restarting) s.dynRestarts--;
  s.dyn.delete(pidKey(oldPid));
  return startThen(s, { ...c, start: withArgs(c.start, d.args) }, (r) => {
    if (r[0] === 'ok') {
      // `ignore` on a restart: OTP's dyn_store(undefined, A): an entry without a process, which
      // which_children shows as undefined and count_children counts as active.
      s.dyn.set(r[1] === undefined ? IGNORED_KEY : pidKey(r[1]), { pid: r[1], restarting: false, args: d.args });
      return;
    }
    s.dynRestarts++;
    s.dyn.set(pidKey(oldPid), { pid: oldPid, restarting: true, args: d.args });
    reportError(s.name, 'start_error', r[1], c);
    tryAgain(['restarting', oldPid]);
  });
}

/** one_for_all / rest_for_one: stop the scope in reverse, start it in order (SUP-11, SUP-12). */
function* restartMany(s: SupState, c: Child): Op<void> {
  const dead = s.children.indexOf(c);
  const oldPid = c.pid;
  setPid(s, c, undefined);
  const { from, to } = restartScope(s.flags.strategy, s.children.length, dead);
  const scope = s.children.slice(from, to);
  yield* terminateChildren(s, scope);
  const failed = yield* startChildren(s, scope.filter((x) => s.byId.get(idKey(x.id)) === x));
  if (failed === null) return;
  const f = s.byId.get(idKey(failed[1]))!;
  setPid(s, f, f === c ? (oldPid instanceof Restarting ? oldPid : new Restarting(oldPid)) : new Restarting(undefined));
  tryAgain(f.id);
}

/**
 * Counts a restart (SUP-8); over the intensity, reports and gives up (`'shutdown'`); else
 * restarts by strategy: `'ok'` when done, or the blocking part still to run (a start function
 * that blocks, or a one_for_all / rest_for_one round).
 */
export function restart(s: SupState, c: Child): Outcome | Pending {
  const kept = s.restarts.add(restartStamp(ctx.rt!.host.clock.now()), s.flags.period);
  if (intensityExceeded(kept, s.flags.intensity)) {
    reportError(s.name, 'shutdown', 'reached_max_restart_intensity', c);
    delChild(s, c);
    return 'shutdown';
  }
  if (isSimple(s)) return restartDynamic(s, c) ?? 'ok';
  if (s.flags.strategy === 'one_for_one') return restartOne(s, c) ?? 'ok';
  return restartMany(s, c);
}

function significantLeft(s: SupState): number {
  if (isSimple(s)) return s.dyn.size;
  let n = 0;
  for (const c of s.children) if (c.significant && c.pid !== undefined) n++;
  return n;
}

/** A child exited by itself with `reason` (OTP's `do_restart`, SUP-7, SUP-25); see {@link restart}. */
export function childExited(s: SupState, c: Child, reason: Term): Outcome | Pending {
  const v = exitVerdict(c.restart, reason);
  if (v.report) reportError(s.name, 'child_terminated', reason, c);
  if (v.restart) return restart(s, c);
  delChild(s, c);
  return autoShutdownDue(s.flags.auto_shutdown, c.significant, significantLeft(s)) ? 'shutdown' : 'ok';
}

/** The child record of a process, or undefined for an unknown pid (SUP-24). */
export function findByPid(s: SupState, pid: Pid): Child | undefined {
  if (!isSimple(s)) {
    return s.byPid.get(pidKey(pid));
  }
  const d = s.dyn.get(pidKey(pid));
  if (d === undefined || d.restarting) return undefined;
  return { ...template(s), start: withArgs(template(s).start, d.args), pid };
}

/** The argument list a dynamic child keeps: none when temporary (SUP-27). */
export function keptArgs(c: Child, args: readonly unknown[]): StartArgs {
  return c.restart === 'temporary' ? 'undefined' : args;
}

/** The full argument list of a template start with `extra` appended (SUP-13). */
export function dynArgs(c: Child, extra: readonly unknown[]): unknown[] {
  const a = startArgs(c.start);
  return [...(a === 'undefined' ? [] : a), ...extra];
}
