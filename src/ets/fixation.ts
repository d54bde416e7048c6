/**
 * `safeFixtable` (ETS-17, ETS-18): a process may fix a table so that `next` keeps working on a
 * hash table from a key deleted meanwhile. Fixations are counted per process and released
 * when the process dies. `ordered_set` traversal continues from any key, fixed or not.
 */
import { badarg, currentProc } from '../core/guard.js';
import type { Pid } from '../core/pid.js';
import { indexAdd, indexRemove, readable, type EtsNode, currentNode } from './registry.js';
import type { Tab, Table } from './table.js';

/**
 * Fixes (`true`) or releases (`false`) the table for the calling process; returns `true`.
 * @example ets.safeFixtable(tab, true); try { walk(tab) } finally { ets.safeFixtable(tab, false) }
 */
export function safeFixtable(tab: Tab, fix: boolean): true {
  const p = currentProc('safeFixtable');
  const t = readable('safeFixtable', tab);
  if (fix !== true && fix !== false) return badarg('safeFixtable', 'fix', fix, 'a boolean');
  const node = currentNode('safeFixtable');
  if (fix) {
    if (t.fixations === null) {
      t.fixations = new Map();
      t.fixedAt = node.rt.host.clock.now();
      t.fixedAtSystem = node.rt.host.clock.systemTime();
      t.store.setFixed(true);
    }
    t.fixations.set(p.pid, (t.fixations.get(p.pid) ?? 0) + 1);
    indexAdd(node.fixers, p.pid, t);
  } else {
    const n = t.fixations?.get(p.pid);
    if (n !== undefined) {
      if (n > 1) t.fixations!.set(p.pid, n - 1);
      else release(node, t, p.pid);
    }
  }
  return true;
}

function release(node: EtsNode, t: Table, pid: Pid): void {
  t.fixations!.delete(pid);
  indexRemove(node.fixers, pid, t);
  if (t.fixations!.size === 0) {
    t.fixations = null;
    t.store.setFixed(false);
  }
}

/** Releases every fixation `pid` holds (at its death). */
export function releaseAllFixations(node: EtsNode, pid: Pid): void {
  const tabs = node.fixers.get(pid);
  if (tabs === undefined) return;
  for (const t of [...tabs]) if (t.fixations !== null) release(node, t, pid);
  node.fixers.delete(pid);
}

/**
 * `info(T, 'safe_fixed')` and `info(T, 'safe_fixed_monotonic_time')`: `false` when the table
 * is not fixed, else `[FixationTime, [[Pid, RefCount], …]]`, where `FixationTime` is when the
 * table last went from unfixed to fixed: an `erlang:timestamp()` triple `[MegaSecs, Secs,
 * MicroSecs]` of the system time for `safe_fixed`, the monotonic time (ms, as
 * `monotonicTime()`) for `safe_fixed_monotonic_time`.
 */
export function safeFixedInfo(t: Table, monotonic: boolean): unknown {
  if (t.fixations === null) return false;
  const us = Math.round(t.fixedAtSystem * 1000);
  const time = monotonic ? t.fixedAt : [Math.floor(us / 1e12), Math.floor(us / 1e6) % 1e6, us % 1e6];
  return [time, [...t.fixations].map(([pid, n]) => [pid, n])];
}
