/**
 * Supervision invariants: pure checkers over a trace, for any supervision tree.
 *
 * They read the runtime's own events (`exit`, `exitSignal`) and the supervisors' reports
 * (category `progress`: `{ supervisor, flags }` and `{ supervisor, started }`; category
 * `supervisor_report`: `{ errorContext, reason, offender }`). A child's position is the order in
 * which its id was first started by its supervisor; trees that use `deleteChild`, or re-add
 * a temporary id with `startChild`, are outside what these checkers model. The children of a
 * `simple_one_for_one` supervisor share one id, so only `checkNoOrphans` and
 * `checkIntensity` look at them.
 *
 * @example
 * ```ts
 * const r = Simulation.create({ seed }).run(main);
 * expect(checkSupervision(r.trace)).toEqual([]);
 * ```
 */
import { isCleanReason, type Term, type TraceEvent } from '../../src/index.js';
import { key, type Invariant, type Violation } from './violation.js';

/** One id under a supervisor: its spec facts and every process started for it. */
interface IdModel {
  id: Term;
  position: number;
  restart: string;
  instances: { pid: string; at: number }[];
}

interface Report {
  at: number;
  step: number | undefined;
  time: number;
  context: string;
  reason: Term;
  id: Term;
  restart: string;
}

/** One supervisor process, as the trace shows it. */
interface SupModel {
  pid: string;
  strategy: string;
  autoShutdown: string;
  intensity: number;
  period: number;
  ids: Map<string, IdModel>;
  /** Which id each child pid belongs to. */
  childOf: Map<string, IdModel>;
  /** Progress (child started) event indexes, and error reports. */
  starts: { at: number; id: IdModel }[];
  reports: Report[];
  /** Shutdown/kill signals it sent (not link signals): event index and target. */
  signals: { at: number; step: number | undefined; to: string }[];
}

interface Model {
  sups: Map<string, SupModel>;
  exits: Map<string, { at: number; step: number | undefined; reason: Term }>;
  /** Exit signals each process received (event index, sender, link or not). */
  received: Map<string, { at: number; from: string; link: boolean }[]>;
  /** Processes a fault plan struck (killed, made to exit, hung, …): their fate is external. */
  faulted: Set<string>;
  lastStep: number | undefined;
}

function supOf(m: Model, pid: string, flags?: Record<string, unknown>): SupModel {
  let s = m.sups.get(pid);
  if (s === undefined) {
    s = { pid, strategy: '?', autoShutdown: 'never', intensity: 0, period: 1, ids: new Map(), childOf: new Map(), starts: [], reports: [], signals: [] };
    m.sups.set(pid, s);
  }
  if (flags !== undefined) {
    s.strategy = flags.strategy as string;
    s.autoShutdown = flags.auto_shutdown as string;
    s.intensity = flags.intensity as number;
    s.period = flags.period as number;
  }
  return s;
}

function onReport(m: Model, e: Extract<TraceEvent, { kind: 'report' }>, at: number): void {
  if (e.pid === undefined) return;
  const r = e.report as Record<string, unknown>;
  if (e.category === 'progress' && r.flags !== undefined) supOf(m, String(e.pid), r.flags as Record<string, unknown>);
  else if (e.category === 'progress' && r.started !== undefined) {
    const s = supOf(m, String(e.pid));
    const o = r.started as Record<string, unknown>;
    const k = key(o.id);
    let idm = s.ids.get(k);
    if (idm === undefined) s.ids.set(k, (idm = { id: o.id, position: s.ids.size, restart: o.restart_type as string, instances: [] }));
    idm.instances.push({ pid: String(o.pid), at });
    s.childOf.set(String(o.pid), idm);
    s.starts.push({ at, id: idm });
  } else if (e.category === 'supervisor_report') {
    const o = r.offender as Record<string, unknown>;
    supOf(m, String(e.pid)).reports.push({
      at, step: e.step, time: e.time ?? 0, context: r.errorContext as string, reason: r.reason, id: o.id, restart: o.restart_type as string,
    });
  }
}

/** Reads the supervisors, exits and exit signals of a trace. */
function model(trace: readonly TraceEvent[]): Model {
  const m: Model = { sups: new Map(), exits: new Map(), received: new Map(), faulted: new Set(), lastStep: undefined };
  trace.forEach((e, at) => {
    m.lastStep = e.step ?? m.lastStep;
    if (e.kind === 'report') onReport(m, e, at);
    else if (e.kind === 'exit') m.exits.set(String(e.pid), { at, step: e.step, reason: e.reason });
    else if (e.kind === 'fault' && e.pid !== undefined) m.faulted.add(String(e.pid));
    else if (e.kind === 'exitSignal') {
      const to = String(e.pid);
      const list = m.received.get(to) ?? (m.received.set(to, []), m.received.get(to)!);
      list.push({ at, from: String(e.from), link: e.link });
      if (!e.link) m.sups.get(String(e.from))?.signals.push({ at, step: e.step, to });
    }
  });
  return m;
}

function violation(invariant: string, step: number | undefined, message: string): Violation {
  return { invariant, step, message };
}

const restartWorthy = (r: Report): boolean => r.context === 'child_terminated' && r.restart !== 'temporary';

/**
 * No child outlives its supervisor: every child of a dead supervisor is dead by the end of
 * the trace, and before the supervisor itself unless the supervisor was killed or struck by
 * a fault (SUP-17).
 *
 * @example `expect(checkNoOrphans(result.trace)).toEqual([])`
 */
export const checkNoOrphans: Invariant = (trace) => {
  const m = model(trace);
  const out: Violation[] = [];
  for (const s of m.sups.values()) {
    const dead = m.exits.get(s.pid);
    if (dead === undefined) continue;
    for (const child of s.childOf.keys()) {
      const ce = m.exits.get(child);
      if (ce === undefined) out.push(violation('noOrphans', m.lastStep, `child ${child} of ${s.pid} outlived it`));
      else if (ce.at > dead.at && dead.reason !== 'killed' && !m.faulted.has(s.pid)) {
        out.push(violation('noOrphans', ce.step, `child ${child} exited after its supervisor ${s.pid} (${key(dead.reason)})`));
      }
    }
  }
  return out;
};

/**
 * Shutdown runs in reverse start order: between two child starts, a supervisor signals children by decreasing position (SUP-11, SUP-12, SUP-16).
 *
 * @example `expect(checkShutdownOrder(result.trace)).toEqual([])`
 */
export const checkShutdownOrder: Invariant = (trace) => {
  const m = model(trace);
  const out: Violation[] = [];
  for (const s of m.sups.values()) {
    if (s.strategy === 'simple_one_for_one') continue;
    let last = { pos: Infinity, pid: '' };
    let si = 0;
    for (const sig of s.signals) {
      while (si < s.starts.length && s.starts[si]!.at < sig.at) {
        si++;
        last = { pos: Infinity, pid: '' };
      }
      const idm = s.childOf.get(sig.to);
      if (idm === undefined) continue;
      if (idm.position > last.pos || (idm.position === last.pos && sig.to !== last.pid)) {
        out.push(violation('shutdownOrder', sig.step, `${s.pid} stopped ${key(idm.id)} (position ${idm.position}) after position ${last.pos}`));
      }
      last = { pos: idm.position, pid: sig.to };
    }
  }
  return out;
};

/** The child starts of `s` after report `r`, until its next report or a start failure (undefined then). */
function startsAfter(s: SupModel, r: Report): IdModel[] | undefined {
  // Shutdown errors belong to the round (stopping the siblings); anything else ends it.
  const next = s.reports.find((x) => x.at > r.at && x.context !== 'shutdown_error');
  if (next !== undefined && next.context === 'start_error') return undefined;
  const end = next?.at ?? Infinity;
  return s.starts.filter((x) => x.at > r.at && x.at < end).map((x) => x.id);
}

function idsAt(s: SupModel, at: number): IdModel[] {
  return [...s.ids.values()].filter((i) => i.instances[0]!.at < at && i.restart !== 'temporary').sort((a, b) => a.position - b.position);
}

/**
 * After a restart-worthy exit, one_for_all restarts every non-temporary sibling in start order; rest_for_one exactly it and the later ones (SUP-11, SUP-12).
 *
 * @example `expect(checkGroupRestarts(result.trace)).toEqual([])`
 */
export const checkGroupRestarts: Invariant = (trace) => {
  const m = model(trace);
  const out: Violation[] = [];
  for (const s of m.sups.values()) {
    if (s.strategy !== 'one_for_all' && s.strategy !== 'rest_for_one') continue;
    for (const r of s.reports.filter(restartWorthy)) {
      const got = startsAfter(s, r);
      if (got === undefined) continue;
      const next = s.reports.find((x) => x.at > r.at && x.context !== 'shutdown_error');
      if (next?.context === 'shutdown') continue; // gave up instead (checkIntensity)
      const dead = s.ids.get(key(r.id));
      if (dead === undefined) continue;
      const want = idsAt(s, r.at).filter((i) => s.strategy === 'one_for_all' || i.position >= dead.position);
      const names = (l: IdModel[]): string => l.map((i) => key(i.id)).join(', ');
      // A supervisor killed in the middle of the round restarted only a prefix.
      const cut = (m.exits.get(s.pid)?.at ?? Infinity) < (next?.at ?? Infinity) && names(want).startsWith(names(got));
      if (!cut && names(got) !== names(want)) {
        out.push(violation('groupRestart', r.step, `${s.strategy} ${s.pid} after ${key(r.id)} died restarted [${names(got)}], expected [${names(want)}]`));
      }
      if (s.strategy === 'rest_for_one') {
        const end = s.starts.find((x) => x.at > r.at)?.at ?? Infinity;
        for (const sig of s.signals.filter((x) => x.at > r.at && x.at < end)) {
          const idm = s.childOf.get(sig.to);
          if (idm !== undefined && idm.position < dead.position) out.push(violation('groupRestart', sig.step, `rest_for_one ${s.pid} stopped earlier sibling ${key(idm.id)}`));
        }
      }
    }
  }
  return out;
};

/**
 * Temporary children are never restarted; transient ones only after an abnormal exit (or as bystanders of a group restart) (SUP-7).
 *
 * @example `expect(checkRestartTypes(result.trace)).toEqual([])`
 */
export const checkRestartTypes: Invariant = (trace) => {
  const m = model(trace);
  const out: Violation[] = [];
  for (const s of m.sups.values()) {
    if (s.strategy === 'simple_one_for_one') continue; // its children share the template's id
    for (const idm of s.ids.values()) {
      for (let k = 1; k < idm.instances.length; k++) {
        const inst = idm.instances[k]!;
        const prev = idm.instances[k - 1]!;
        if (idm.restart === 'temporary') out.push(violation('restartTypes', undefined, `temporary ${key(idm.id)} of ${s.pid} restarted as ${inst.pid}`));
        if (idm.restart !== 'transient') continue;
        const prevExit = m.exits.get(prev.pid);
        const cause = [...s.reports].reverse().find((x) => x.at < inst.at && restartWorthy(x));
        const byGroup = s.strategy !== 'one_for_one' && cause !== undefined && key(cause.id) !== key(idm.id);
        const bySup = (m.received.get(prev.pid) ?? []).some((x) => x.from === s.pid && !x.link);
        if (prevExit !== undefined && isCleanReason(prevExit.reason) && !byGroup && !bySup) {
          out.push(violation('restartTypes', undefined, `transient ${key(idm.id)} of ${s.pid} restarted after a clean exit (${key(prevExit.reason)})`));
        }
      }
    }
  }
  return out;
};

/**
 * The intensity limit, recomputed from the reports: each `child_terminated` of a permanent or
 * transient child is a restart, each later `start_error` a retry (SUP-8, SUP-22); the
 * supervisor gives up (`reached_max_restart_intensity`) exactly at the first restart after
 * which more than MaxR restarts fell within MaxT seconds. Times are whole seconds of virtual
 * time at the report (exact when retries are handled without time passing).
 *
 * @example `expect(checkIntensity(result.trace)).toEqual([])`
 */
export const checkIntensity: Invariant = (trace) => {
  const m = model(trace);
  const out: Violation[] = [];
  for (const s of m.sups.values()) {
    const times: number[] = [];
    let started = false;
    for (const r of s.reports) {
      if (restartWorthy(r)) started = true;
      const attempt = restartWorthy(r) || (started && r.context === 'start_error');
      if (r.context === 'shutdown' && r.reason === 'reached_max_restart_intensity') {
        if (!exceeded(times, s.intensity, s.period)) out.push(violation('intensity', r.step, `${s.pid} gave up after ${times.length} restarts without exceeding ${s.intensity} in ${s.period}s`));
        break;
      }
      if (!attempt) continue;
      times.push(Math.floor(r.time / 1000));
      if (exceeded(times, s.intensity, s.period)) {
        const next = s.reports.find((x) => x.at > r.at);
        const missed = next === undefined ? !m.exits.has(s.pid) : next.context !== 'shutdown';
        if (missed) out.push(violation('intensity', r.step, `${s.pid} exceeded ${s.intensity} restarts in ${s.period}s and did not give up`));
        break;
      }
    }
  }
  return out;
};

/** More than `intensity` of the restarts fell within `period` seconds before the last one. */
function exceeded(times: readonly number[], intensity: number, period: number): boolean {
  const now = times[times.length - 1]!;
  return times.length > 0 && times.filter((t) => t >= now - period).length > intensity;
}

/**
 * After quiescence (the end of the trace): every live supervisor has its permanent children
 * alive, and every transient child that died abnormally was restarted; a supervisor that is
 * gone was killed, told to stop by another process, or gave up at its intensity limit.
 *
 * @example `expect(checkPermanentAlive(result.trace)).toEqual([])`
 */
export const checkPermanentAlive: Invariant = (trace) => {
  const m = model(trace);
  const out: Violation[] = [];
  for (const s of m.sups.values()) {
    const dead = m.exits.get(s.pid);
    if (dead !== undefined) {
      const told = m.faulted.has(s.pid) || (m.received.get(s.pid) ?? []).some((x) => x.at < dead.at && x.from !== s.pid);
      const gaveUp = s.reports.some((r) => r.context === 'shutdown') || s.autoShutdown !== 'never';
      if (!told && !gaveUp && dead.reason === 'shutdown') out.push(violation('permanentAlive', dead.step, `supervisor ${s.pid} exited shutdown without reaching its intensity`));
      continue;
    }
    if (s.strategy === 'simple_one_for_one') continue; // its children share the template's id
    for (const idm of s.ids.values()) {
      const last = idm.instances[idm.instances.length - 1]!;
      const ex = m.exits.get(last.pid);
      if (ex === undefined) continue;
      if (idm.restart === 'permanent' || (idm.restart === 'transient' && !isCleanReason(ex.reason))) {
        out.push(violation('permanentAlive', m.lastStep, `${idm.restart} ${key(idm.id)} of live supervisor ${s.pid} is dead (${key(ex.reason)})`));
      }
    }
  }
  return out;
};

/**
 * Every supervision invariant, by name.
 *
 * @example `checkInvariants(result.trace, [...Object.values(kernelInvariants), ...Object.values(supervisionInvariants)])`
 */
export const supervisionInvariants: Readonly<Record<string, Invariant>> = {
  noOrphans: checkNoOrphans,
  shutdownOrder: checkShutdownOrder,
  groupRestarts: checkGroupRestarts,
  restartTypes: checkRestartTypes,
  intensity: checkIntensity,
  permanentAlive: checkPermanentAlive,
};

/**
 * All supervision invariants over a trace (recorded with `trace: true`).
 *
 * @example `expect(checkSupervision(result.trace)).toEqual([])`
 */
export function checkSupervision(trace: readonly TraceEvent[]): Violation[] {
  return Object.values(supervisionInvariants).flatMap((inv) => inv(trace));
}

