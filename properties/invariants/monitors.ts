/**
 * Monitors: each monitor whose target dies while it is active gets exactly one DOWN (MON-1),
 * none after a demonitor (MON-3), and none for an unknown ref. A monitor set on a process
 * that is gone already (or unknown here) is owed its one DOWN at once (MON-2).
 */
import { formatTerm, type Pid, type TraceEvent } from '../../src/index.js';
import { passInvariant, type Pass, type PassInvariant } from './pass.js';
import { idKey, type Violation } from './violation.js';

type Key = number | string;

interface Mon {
  /** The monitor event, and the pid its target named then. */
  e: Extract<TraceEvent, { kind: 'monitor' }>;
  pid: Pid | undefined;
  ref: Key;
  origin: Key;
  /** The target was gone when the monitor was set: its DOWN is owed at once (MON-2). */
  gone: boolean;
  /**
   * 'active' until the target dies ('due'), a DOWN arrives ('done'), or it is removed (by a
   * demonitor or with its owner: 'removed', and gone from `mons`).
   */
  state: 'active' | 'due' | 'done' | 'removed';
}

/** Adds `m` to the list of `k` in `index`. */
function file(index: Map<Key, Mon[]>, k: Key, m: Mon): void {
  const l = index.get(k);
  if (l === undefined) index.set(k, [m]);
  else l.push(m);
}

/** The monitors checker, as one pass (see pass.ts). */
export function monitorsPass(): Pass {
  const dead = new Set<Key>();
  /** Doomed: a fatal signal is pending; a monitor set now gets DOWN noproc at once (MON-2, as OTP 25). */
  const doomed = new Set<Key>();
  const mons = new Map<Key, Mon>();
  /** The monitors each live process holds, and those set on it (an exit visits only its own). */
  const owned = new Map<Key, Mon[]>();
  const watched = new Map<Key, Mon[]>();
  const out: Violation[] = [];
  return {
    on: {
      monitor(e, names) {
        const pid = names.resolve(e.target, e.node);
        const target = pid === undefined ? undefined : idKey(pid);
        const gone = target === undefined || dead.has(target) || doomed.has(target);
        const m: Mon = { e, pid, ref: idKey(e.ref), origin: idKey(e.pid), gone, state: gone ? 'due' : 'active' };
        const had = mons.get(m.ref);
        if (had !== undefined) had.state = 'removed'; // a ref used again: the newer monitor is the one
        mons.set(m.ref, m);
        if (!gone) {
          file(owned, m.origin, m);
          file(watched, target!, m);
        }
      },
      exitSignal(e) {
        if (e.effect === 'exit') doomed.add(idKey(e.pid));
      },
      fault(e) {
        if (e.pid !== undefined && typeof e.fault === 'string' && /^(kill|exit) /.test(e.fault)) doomed.add(idKey(e.pid));
      },
      demonitor(e) {
        const k = idKey(e.ref);
        const m = mons.get(k);
        if (m !== undefined) {
          m.state = 'removed';
          mons.delete(k);
        }
      },
      down(e) {
        const m = mons.get(idKey(e.ref));
        if (m === undefined) out.push({ invariant: 'monitors', step: e.step, message: `DOWN for ${e.ref}, which is no active monitor of ${e.pid}` });
        else if (m.state !== 'due') out.push({ invariant: 'monitors', step: e.step, message: `${m.state === 'done' ? 'a second' : 'an early'} DOWN for ${e.ref} (${m.e.pid} monitoring ${m.pid}): ${formatTerm(e.reason, 3)}` });
        else m.state = 'done';
      },
      exit(e) {
        const p = idKey(e.pid);
        dead.add(p);
        for (const m of owned.get(p) ?? []) {
          if (m.state !== 'active') continue;
          m.state = 'removed'; // the monitor goes with its owner
          mons.delete(m.ref);
        }
        for (const m of watched.get(p) ?? []) {
          if (m.state === 'active') m.state = dead.has(m.origin) ? 'done' : 'due';
        }
        owned.delete(p);
        watched.delete(p);
      },
    },
    end() {
      for (const m of mons.values()) {
        if (m.state !== 'due') continue;
        const what = m.gone ? `${formatTerm(m.pid ?? m.e.target, 3)} (${m.e.ref}), which was gone already` : `${m.pid} (${m.e.ref}), which died`;
        out.push({ invariant: 'monitors', step: m.e.step, message: `${m.e.pid} monitored ${what}, but no DOWN came` });
      }
      return out;
    },
  };
}

/**
 * Violations of "exactly one DOWN per monitor whose target died".
 *
 * @example `expect(checkMonitors(result.trace)).toEqual([])`
 */
export const checkMonitors: PassInvariant = passInvariant(monitorsPass);
