/**
 * The supervisor as a gen_server callback module, as in OTP (`supervisor.erl` is one).
 *
 * | User module        | Generic (this file)                                              |
 * |--------------------|------------------------------------------------------------------|
 * | `init(args)`       | `init`: trap exits, validate flags and specs, start children      |
 * |                    | `handleCall`: the dynamic API (startChild, terminateChild, …)     |
 * |                    | `handleInfo(['EXIT', pid, R])`: restart by strategy and intensity |
 * |                    | `handleCast(['try_again_restart', Id])`: retry a failed restart   |
 * |                    | `terminate`: stop children in reverse start order                 |
 *
 * Requests are `['start_child', specOrExtraArgs]`, `['terminate_child', id]`,
 * `['restart_child', id]`, `['delete_child', id]`, `['get_childspec', id]`,
 * `'which_children'`, `'count_children'` (OTP's shapes).
 */
import { ctx } from '../core/context.js';
import type { Op } from '../core/effects.js';
import { ErlangError, exceptionToReason } from '../core/errors.js';
import { Pid } from '../core/pid.js';
import type { Term } from '../core/term.js';
import { processFlag, self } from '../core/api/processes.js';
import { Restarting, type Child } from './supervisor-child.js';
import { logUnexpected, reportFlags, type SupName } from './supervisor-report.js';
import {
  childExited, delChild, doStartChild, doTerminate, dynArgs, findByPid, IGNORED_KEY, isSimple, keptArgs, removeChild, restart,
  pidKey, saveChild, setPid, startChildren, template, terminateChildren, type Outcome, type Pending, type SupState,
} from './supervisor-state.js';
import { terminateDynamic } from './supervisor-dynamic.js';
import { codeChange } from './supervisor-upgrade.js';
import { RestartWindow } from './supervisor-restart.js';
import { checkChildSpec, checkFlags, checkStartSpec, idKey, withoutArgs, type ChildSpec, type FullChildSpec, type SupFlags } from './supervisor-spec.js';

/** A supervisor callback module: `init(args)` returns `['ok', [flags, childSpecs]]` or `'ignore'`. */
export interface SupervisorModule<A = unknown> {
  readonly name?: string;
  init(args: A): SupInitResult | Generator<unknown, SupInitResult, unknown>;
}

export type SupInitResult = readonly ['ok', readonly [SupFlags, readonly ChildSpec[]]] | 'ignore';

type Reply = readonly ['reply', unknown, SupState];
type NoReply = readonly ['noreply', SupState] | readonly ['stop', 'shutdown', SupState];

function moduleName(m: object): string {
  const n = (m as { name?: unknown }).name;
  return typeof n === 'string' && n !== '' ? n : 'supervisor';
}

function supName(name: unknown, m: object): SupName {
  if (name === undefined) return [self(), moduleName(m)];
  if (typeof name === 'string') return ['local', name];
  const n = name as Record<string, unknown>;
  if ('local' in n) return ['local', n.local];
  if ('global' in n) return ['global', n.global];
  return ['via', n.via, n.name];
}

function isInitOk(r: unknown): r is readonly ['ok', readonly [unknown, unknown]] {
  return Array.isArray(r) && r.length === 2 && r[0] === 'ok' && Array.isArray(r[1]) && r[1].length === 2;
}

function newState(name: SupName, module: object, args: unknown, flags: SupState['flags']): SupState {
  return { name, module, args, flags, children: [], byId: new Map(), byPid: new Map(), restarts: new RestartWindow(), dyn: new Map(), dynRestarts: 0 };
}

/**
 * Publishes the children as `[id, pid | undefined]` in `proc.ext.children`: the seam through
 * which the simulator's fault plans resolve supervisor child paths (`['top', 'db', 'conn_3']`,
 * sim/faults/selector.ts).
 */
function publishChildren(s: SupState): void {
  // A bound function, not an arrow: V8's scavenger keeps an object alive when one of its own
  // fields holds a closure whose context leads back to it (here ext -> closure -> s -> ... ->
  // this process -> ext), so every run's tree survived young collections into the old
  // generation, and V8 then pretenured its allocation sites (tree start 180 -> 45 µs a run).
  (ctx.proc!.ext ??= {}).children = listChildren.bind(undefined, s);
}

function listChildren(s: SupState): [unknown, Pid | undefined][] {
  return isSimple(s)
    ? [...s.dyn.values()].map((d) => ['undefined', d.restarting ? undefined : d.pid])
    : s.children.map((c) => [c.id, c.pid instanceof Pid ? c.pid : undefined]);
}

function fromSpec(spec: FullChildSpec): Child {
  // Spelled out, not spread: every child record gets the same shape (a spread copy was ~2% of a restart-heavy run).
  const { id, start, restart, shutdown, type, significant, modules } = spec;
  return { id, start, restart, shutdown, type, significant, modules, pid: undefined };
}

/** OTP's `supervisor:init/1` (SUP-1, SUP-2, SUP-5). */
function* init([name, module, args]: [unknown, SupervisorModule, unknown]): Op<unknown> {
  processFlag('trap_exit', true);
  const r = yield* callInit(module, args);
  if (r === 'ignore') return 'ignore';
  if (!isInitOk(r)) return ['stop', ['bad_return', [moduleName(module), 'init', r]]];
  const [flagsIn, specs] = r[1];
  const flags = checkFlags(flagsIn);
  if (flags[0] === 'error') return ['stop', ['supervisor_data', flags[1]]];
  const s = newState(supName(name, module), module, args, flags[1]);
  publishChildren(s);
  reportFlags(s.name, s.flags);
  if (isSimple(s) && (!Array.isArray(specs) || specs.length !== 1)) return ['stop', ['bad_start_spec', specs]];
  const checked = checkStartSpec(specs, s.flags.auto_shutdown);
  if (checked[0] === 'error') return ['stop', ['start_spec', checked[1]]];
  for (const spec of checked[1]) saveChild(s, fromSpec(spec));
  if (isSimple(s)) return ['ok', s];
  const failed = yield* startChildren(s, [...s.children]);
  if (failed === null) return ['ok', s];
  yield* terminateChildren(s, [...s.children]);
  return ['stop', ['shutdown', failed]];
}

function* callInit(module: SupervisorModule, args: unknown): Op<unknown> {
  const r = module.init(args);
  if (typeof r === 'object' && r !== null && typeof (r as Generator).next === 'function' && !Array.isArray(r)) {
    return yield* (r as Generator<unknown, unknown, unknown>);
  }
  return r;
}

function pidOrUndefined(p: Child['pid']): Pid | 'undefined' | 'restarting' {
  if (p instanceof Restarting) return 'restarting';
  return p ?? 'undefined';
}

function startedReply(r: readonly unknown[]): unknown {
  return r[1] === undefined ? ['ok', 'undefined'] : r;
}

function* startDynamicChild(s: SupState, extra: unknown): Op<unknown> {
  const t = template(s);
  // OTP: apply(M, F, A ++ Extra) inside a catch: a non-list Extra makes an improper argument
  // list (or, for A = [], no list at all), so apply fails with badarg (SUP-13).
  if (!Array.isArray(extra)) return ['error', ['EXIT', exceptionToReason(new ErlangError('badarg'))]];
  const extraArgs = extra;
  const r = yield* doStartChild(s, t, extraArgs);
  if (r[0] === 'error') return r;
  if (r[1] !== undefined) s.dyn.set(pidKey(r[1]), { pid: r[1], restarting: false, args: keptArgs(t, dynArgs(t, extraArgs)) });
  return startedReply(r);
}

/** OTP's `handle_start_child` (SUP-18). */
function* startStaticChild(s: SupState, specIn: unknown): Op<unknown> {
  const checked = checkChildSpec(specIn, s.flags.auto_shutdown);
  if (checked[0] === 'error') return ['error', checked[1]];
  const spec = checked[1];
  const old = s.byId.get(idKey(spec.id));
  if (old !== undefined) return old.pid instanceof Pid ? ['error', ['already_started', old.pid]] : ['error', 'already_present'];
  const c = fromSpec(spec);
  const r = yield* doStartChild(s, c);
  // Any failed start comes back with the child, {already_started, P} included (OTP's handle_start_child).
  if (r[0] === 'error') return ['error', [r[1], spec]];
  if (r[1] === undefined && c.restart === 'temporary') return ['ok', 'undefined'];
  const saved = c.restart === 'temporary' ? fromSpec(withoutArgs(spec)) : c;
  saved.pid = r[1];
  saveChild(s, saved);
  return startedReply(r);
}

function* terminateChild(s: SupState, id: unknown): Op<unknown> {
  if (isSimple(s)) {
    if (!(id instanceof Pid)) return ['error', 'simple_one_for_one'];
    const d = s.dyn.get(pidKey(id));
    if (d === undefined) {
      if (ctx.rt!.lookup(id)?.alive) return ['error', 'not_found'];
      // OTP's find_child answers a dead pid with the template, whose pid is undefined, and
      // del_child then erases the dynamic entry under undefined: the one an ignored restart left.
      s.dyn.delete(IGNORED_KEY);
      return 'ok';
    }
    if (!d.restarting) yield* doTerminate(s, { ...template(s), pid: id });
    // Not copied from OTP 25: its del_child leaves dynamic_restarts as it was, so count_children's
    // active stays one lower from then on (-1 with no child left). The count here stays true.
    if (d.restarting) s.dynRestarts--;
    s.dyn.delete(pidKey(id));
    return 'ok';
  }
  const c = s.byId.get(idKey(id));
  if (c === undefined) return ['error', 'not_found'];
  yield* doTerminate(s, c);
  delChild(s, c);
  return 'ok';
}

function* restartChild(s: SupState, id: unknown): Op<unknown> {
  if (isSimple(s)) return ['error', 'simple_one_for_one'];
  const c = s.byId.get(idKey(id));
  if (c === undefined) return ['error', 'not_found'];
  if (c.pid instanceof Restarting) return ['error', 'restarting'];
  if (c.pid !== undefined) return ['error', 'running'];
  const r = yield* doStartChild(s, c);
  if (r[0] === 'error') return r;
  setPid(s, c, r[1]);
  return startedReply(r);
}

function deleteChild(s: SupState, id: unknown): unknown {
  if (isSimple(s)) return ['error', 'simple_one_for_one'];
  const c = s.byId.get(idKey(id));
  if (c === undefined) return ['error', 'not_found'];
  if (c.pid instanceof Restarting) return ['error', 'restarting'];
  if (c.pid !== undefined) return ['error', 'running'];
  removeChild(s, c);
  return 'ok';
}

function childToSpec(c: Child): FullChildSpec {
  return { id: c.id, start: c.start, restart: c.restart, significant: c.significant, shutdown: c.shutdown, type: c.type, modules: c.modules };
}

function getChildspec(s: SupState, id: unknown): unknown {
  if (isSimple(s) && id instanceof Pid) {
    const d = s.dyn.get(pidKey(id));
    const known = d !== undefined || !ctx.rt!.lookup(id)?.alive;
    return known ? ['ok', childToSpec(template(s))] : ['error', 'not_found'];
  }
  const c = s.byId.get(idKey(id));
  return c === undefined ? ['error', 'not_found'] : ['ok', childToSpec(c)];
}

function whichChildren(s: SupState): unknown[] {
  if (isSimple(s)) {
    const t = template(s);
    const out = [...s.dyn.values()].map((d) => ['undefined', d.restarting ? 'restarting' : (d.pid ?? 'undefined'), t.type, t.modules]);
    // OTP lists its pid map's keys in term order: the atom `undefined` of an ignored restart comes before any pid.
    const ignored = out.findIndex((x) => x[1] === 'undefined');
    if (ignored > 0) out.unshift(...out.splice(ignored, 1));
    return out;
  }
  return s.children.map((c) => [c.id, pidOrUndefined(c.pid), c.type, c.modules]).reverse();
}

function countChildren(s: SupState): unknown[] {
  if (isSimple(s)) {
    const n = s.dyn.size;
    const sup = template(s).type === 'supervisor';
    return [['specs', 1], ['active', n - s.dynRestarts], ['supervisors', sup ? n : 0], ['workers', sup ? 0 : n]];
  }
  let active = 0;
  let sups = 0;
  for (const c of s.children) {
    if (c.type === 'supervisor') sups++;
    if (c.pid instanceof Pid && ctx.rt!.lookup(c.pid)?.alive) active++;
  }
  return [['specs', s.children.length], ['active', active], ['supervisors', sups], ['workers', s.children.length - sups]];
}

function* handleCall(req: unknown, _from: unknown, s: SupState): Op<Reply> {
  if (req === 'which_children') return ['reply', whichChildren(s), s];
  if (req === 'count_children') return ['reply', countChildren(s), s];
  const [tag, arg] = Array.isArray(req) ? req : [req, undefined];
  switch (tag) {
    case 'start_child': return ['reply', isSimple(s) ? yield* startDynamicChild(s, arg) : yield* startStaticChild(s, arg), s];
    case 'terminate_child': return ['reply', yield* terminateChild(s, arg), s];
    case 'restart_child': return ['reply', yield* restartChild(s, arg), s];
    case 'delete_child': return ['reply', deleteChild(s, arg), s];
    case 'get_childspec': return ['reply', getChildspec(s, arg), s];
    default:
      throw new ErlangError('function_clause'); // SUP-24: as OTP's supervisor, which has no catch-all clause
  }
}

function noreply(s: SupState, o: Outcome): NoReply {
  return o === 'ok' ? ['noreply', s] : ['stop', 'shutdown', s];
}

/** A failed restart retried (SUP-22): every attempt counts toward the intensity. */
function* handleCast(msg: unknown, s: SupState): Op<NoReply> {
  if (!Array.isArray(msg) || msg.length !== 2 || msg[0] !== 'try_again_restart') throw new ErlangError('function_clause'); // SUP-24
  const id = msg[1] as Term;
  let c: Child | undefined;
  if (isSimple(s)) {
    const oldPid = Array.isArray(id) ? (id[1] as Pid) : undefined;
    const d = oldPid === undefined ? undefined : s.dyn.get(pidKey(oldPid));
    if (d?.restarting) c = { ...template(s), pid: new Restarting(oldPid) };
  } else {
    const found = s.byId.get(idKey(id));
    if (found?.pid instanceof Restarting) c = found;
  }
  if (c === undefined) return ['noreply', s];
  const o = restart(s, c);
  if (typeof o === 'string') return noreply(s, o);
  yield* o;
  return ['noreply', s];
}

/**
 * A child's `'EXIT'` (SUP-7); unknown pids and other messages are ignored (SUP-24). Plain, so
 * a restart that does not block costs no generator; the part that blocks (a blocking start
 * function, a one_for_all / rest_for_one round) runs in `handleContinue`, which comes before
 * any other message (GS-21), so the restart stays one step of the supervisor as in OTP.
 */
function handleInfo(msg: unknown, s: SupState): NoReply | readonly ['noreply', SupState, readonly ['continue', Pending]] {
  if (Array.isArray(msg) && msg.length === 3 && msg[0] === 'EXIT') {
    // OTP matches any {'EXIT', X, R}; a non-pid X is looked up as a child id (find_child_and_args),
    // so a message {'EXIT', Id, R} acts as that child's exit: restarted (its process left running
    // and forgotten) or dropped. Anything not found is ignored without a report.
    const c = msg[1] instanceof Pid ? findByPid(s, msg[1]) : isSimple(s) ? undefined : s.byId.get(idKey(msg[1]));
    if (c === undefined) return ['noreply', s];
    const o = childExited(s, c, msg[2]);
    return typeof o === 'string' ? noreply(s, o) : ['noreply', s, ['continue', o]];
  }
  logUnexpected(s.name, msg);
  return ['noreply', s];
}

/** The blocking rest of a restart begun in `handleInfo`. */
function* handleContinue(pending: Pending, s: SupState): Op<NoReply> {
  yield* pending;
  return ['noreply', s];
}

/** Stops the children, in reverse start order, before the supervisor exits (SUP-16, SUP-17). */
function* terminate(_reason: unknown, s: SupState): Op<void> {
  if (isSimple(s)) yield* terminateDynamic(s);
  else yield* terminateChildren(s, [...s.children]);
}

/** `sys.getStatus` ends with the callback module, as OTP's supervisor `format_status/2` adds it. */
function statusSections(s: SupState): Term[] {
  return [['supervisor', [['Callback', moduleName(s.module)]]]];
}

/** The supervisor's gen_server callbacks. @internal */
export const supervisorServer = { name: 'supervisor', init, handleCall, handleCast, handleInfo, handleContinue, terminate, codeChange, statusSections };
