/**
 * Supervisor reports as trace events a user can read and assert on (SIM-6).
 *
 * - category `'supervisor_report'`: `{ supervisor, errorContext, reason, offender }`, with
 *   `errorContext` one of `'child_terminated'`, `'start_error'`, `'shutdown_error'`, and
 *   `'shutdown'` with reason `'reached_max_restart_intensity'` when the intensity is exceeded
 *   (OTP's `?report_error`).
 * - category `'progress'`: `{ supervisor, started: offender }` for each child started (OTP's
 *   progress report; here also for `simple_one_for_one` children), and `{ supervisor, flags }`
 *   once the supervisor has validated its flags (not in OTP: lets trace checkers know the
 *   strategy and intensity of each supervisor).
 *
 * `offender` is `{ pid, id, mfargs, restart_type, significant, shutdown, child_type }`
 * (`nb_children` instead of `pid` for a `simple_one_for_one` shutdown error). The event's
 * `pid` is the supervisor's. Nothing is built when the tracer is off.
 */
import { ctx } from '../core/context.js';
import type { Pid } from '../core/pid.js';
import { formatTerm, type Term } from '../core/term.js';
import { Restarting, type Child } from './supervisor-child.js';
import type { Flags } from './supervisor-spec.js';

/** How a supervisor names itself in reports: `['local', name]`, …, or `[pid, module]`. */
export type SupName = readonly unknown[];

/** The child as reports show it (OTP's `extract_child`). */
export interface Offender {
  pid?: Pid | 'undefined' | 'restarting';
  nb_children?: number;
  id: Term;
  mfargs: Term;
  restart_type: string;
  significant: boolean;
  shutdown: Term;
  child_type: string;
}

/** The `offender` of a report; `nbChildren` for a simple_one_for_one shutdown error. */
export function offender(child: Child, nbChildren?: number): Offender {
  const base = {
    id: child.id, mfargs: child.start, restart_type: child.restart, significant: child.significant,
    shutdown: child.shutdown, child_type: child.type,
  };
  if (nbChildren !== undefined) return { nb_children: nbChildren, ...base };
  const pid = child.pid instanceof Restarting ? 'restarting' : (child.pid ?? 'undefined');
  return { pid, ...base };
}

function emit(category: string, report: Term): void {
  const rt = ctx.rt!;
  rt.host.tracer.emit({ kind: 'report', node: rt.node, pid: ctx.proc?.pid, category, report });
}

/** True when reports would be recorded (build nothing otherwise). */
export function reporting(): boolean {
  return ctx.rt?.host.tracer.enabled === true;
}

/** A supervisor error report (OTP's `?report_error(Context, Reason, Child, SupName)`). */
export function reportError(supervisor: SupName, errorContext: string, reason: Term, child: Child, nbChildren?: number): void {
  if (!reporting()) return;
  emit('supervisor_report', { supervisor, errorContext, reason, offender: offender(child, nbChildren) });
}

/** A progress report: a child started. */
export function reportStarted(supervisor: SupName, child: Child): void {
  if (!reporting()) return;
  emit('progress', { supervisor, started: offender(child) });
}

/** A progress report: the supervisor's validated flags (at init and after a code change). */
export function reportFlags(supervisor: SupName, flags: Flags): void {
  if (!reporting()) return;
  emit('progress', { supervisor, flags: { ...flags } });
}

/** A log line for an unexpected message (SUP-24). */
export function logUnexpected(supervisor: SupName, msg: Term): void {
  if (!reporting()) return;
  const rt = ctx.rt!;
  rt.host.tracer.emit({ kind: 'log', node: rt.node, pid: ctx.proc?.pid, text: `Supervisor ${formatTerm(supervisor, 3)} received unexpected message: ${formatTerm(msg, 6)}` });
}
