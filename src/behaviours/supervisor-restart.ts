/**
 * The supervisor's decisions as pure functions: the restart-intensity window (SUP-8, SUP-9),
 * what an exit means for each restart type (SUP-7), which siblings a strategy takes down
 * (SUP-10..12), whether a shutdown went as expected (SUP-15), and automatic shutdown
 * (SUP-25). The gen_server callbacks in supervisor.ts apply them.
 */
import { isCleanReason } from '../core/errors.js';
import type { Term } from '../core/term.js';
import type { AutoShutdown, RestartType, Strategy } from './supervisor-spec.js';

/**
 * Whole seconds of the host's monotonic clock (virtual time in the simulator), as OTP's
 * `erlang:monotonic_time(second)`: never real time (SUP-8, SIM-1).
 */
export function restartStamp(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * The restart stamps of the last `period` seconds (SUP-8), oldest first. Adding a restart at
 * second `now` forgets the stamps older than the window: a stamp `t` is kept while
 * `now <= t + period` (OTP's `add_restart/3`). Stamps never decrease, so forgetting is a
 * walk from the oldest end: each restart costs O(1) amortised, not a copy of the window.
 */
export class RestartWindow {
  private stamps: number[] = [];
  private head = 0;

  /** Adds a restart at second `now` and returns how many restarts the window now holds. */
  add(now: number, period: number): number {
    const threshold = now - period;
    const st = this.stamps;
    while (this.head < st.length && st[this.head]! < threshold) this.head++;
    if (this.head > 64 && this.head * 2 > st.length) {
      this.stamps = st.slice(this.head);
      this.head = 0;
    }
    this.stamps.push(now);
    return this.stamps.length - this.head;
  }

  /** The kept stamps, newest first (OTP's order). */
  toArray(): number[] {
    return this.stamps.slice(this.head).reverse();
  }
}

/** The pure form of {@link RestartWindow.add}: `stamps` newest first, a new list back. */
export function addRestart(stamps: readonly number[], now: number, period: number): number[] {
  const threshold = now - period;
  const kept = [now];
  for (const t of stamps) {
    if (t < threshold) break;
    kept.push(t);
  }
  return kept;
}

/** True when the kept count exceeds the intensity: the supervisor must give up (SUP-8). */
export function intensityExceeded(kept: readonly number[] | number, intensity: number): boolean {
  return (typeof kept === 'number' ? kept : kept.length) > intensity;
}

/**
 * The direct definition the window implements, for checking it: restart `k` (times in
 * seconds, non-decreasing) exceeds the limit when more than `intensity` of the restarts
 * `0..k` fell within `period` seconds before it.
 */
export function exceededAt(times: readonly number[], k: number, intensity: number, period: number): boolean {
  let n = 0;
  for (let j = 0; j <= k; j++) if (times[j]! >= times[k]! - period) n++;
  return n > intensity;
}

/** What a child's exit (not caused by the supervisor) leads to (SUP-7). */
export interface ExitVerdict {
  /** Log a `child_terminated` supervisor report. */
  report: boolean;
  /** Restart it (this counts toward the intensity, SUP-9). */
  restart: boolean;
}

const RESTART: ExitVerdict = { report: true, restart: true };
const QUIET_DROP: ExitVerdict = { report: false, restart: false };
const REPORTED_DROP: ExitVerdict = { report: true, restart: false };

/** OTP's `do_restart`: permanent always restarts; a clean reason drops the rest quietly. */
export function exitVerdict(restart: RestartType, reason: Term): ExitVerdict {
  if (restart === 'permanent') return RESTART;
  if (isCleanReason(reason)) return QUIET_DROP;
  return restart === 'transient' ? RESTART : REPORTED_DROP;
}

/**
 * The positions (in start order) a strategy takes down and starts again when the child at
 * `dead` must restart: only it (one_for_one, simple_one_for_one), everyone (one_for_all), or
 * it and those started after it (rest_for_one).
 */
export function restartScope(strategy: Strategy, count: number, dead: number): { from: number; to: number } {
  if (strategy === 'one_for_all') return { from: 0, to: count };
  if (strategy === 'rest_for_one') return { from: dead, to: count };
  return { from: dead, to: dead + 1 };
}

/**
 * Whether the reason a child died with, when the supervisor stopped it, is the expected one
 * (SUP-15): `killed` after `brutal_kill`, `shutdown` otherwise; non-permanent children may also
 * end `normal` or `['shutdown', _]` (and `shutdown` under brutal_kill).
 */
export function shutdownAsExpected(reason: Term, restart: RestartType, brutal: boolean): boolean {
  if (brutal && reason === 'killed') return true;
  if (reason === 'shutdown') return !brutal || restart !== 'permanent';
  if (restart === 'permanent') return false;
  return reason === 'normal' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}

/**
 * After a significant child ended by itself without restart (SUP-25): `any_significant` shuts
 * the supervisor down at once, `all_significant` when no significant child is left running.
 */
export function autoShutdownDue(mode: AutoShutdown, significant: boolean, significantLeft: number): boolean {
  if (mode === 'never' || !significant) return false;
  return mode === 'any_significant' || significantLeft === 0;
}
