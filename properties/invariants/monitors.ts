/**
 * Monitors: each monitor whose target dies while it is active gets exactly one DOWN (MON-1),
 * none after a demonitor (MON-3), and none for an unknown ref. A monitor set on a process
 * that is already gone gets its `noproc` DOWN at once (MON-2) and is not tracked further.
 */
import { formatTerm, type TraceEvent } from '../../src/index.js';
import { NameTracker, type Violation } from './violation.js';

interface Mon {
  origin: string;
  target: string | undefined;
  step: number | undefined;
  /** 'active' until the target dies ('due'), a DOWN arrives ('done'), or it is removed. */
  state: 'active' | 'due' | 'done';
}

/**
 * Violations of "exactly one DOWN per monitor whose target died".
 *
 * @example `expect(checkMonitors(result.trace)).toEqual([])`
 */
export function checkMonitors(trace: readonly TraceEvent[]): Violation[] {
  const names = new NameTracker();
  const dead = new Set<string>();
  const mons = new Map<string, Mon>();
  const out: Violation[] = [];
  for (const e of trace) {
    names.see(e);
    switch (e.kind) {
      case 'monitor': {
        const target = names.resolve(e.target, e.node);
        const gone = target === undefined || dead.has(target);
        mons.set(String(e.ref), { origin: String(e.pid), target, step: e.step, state: gone ? 'done' : 'active' });
        break;
      }
      case 'demonitor':
        mons.delete(String(e.ref));
        break;
      case 'down': {
        const m = mons.get(String(e.ref));
        if (m === undefined) out.push({ invariant: 'monitors', step: e.step, message: `DOWN for ${e.ref}, which is no active monitor of ${e.pid}` });
        else if (m.state !== 'due') out.push({ invariant: 'monitors', step: e.step, message: `${m.state === 'done' ? 'a second' : 'an early'} DOWN for ${e.ref} (${e.pid} monitoring ${m.target}): ${formatTerm(e.reason, 3)}` });
        else m.state = 'done';
        break;
      }
      case 'exit': {
        const p = String(e.pid);
        dead.add(p);
        for (const [ref, m] of mons) {
          if (m.origin === p && m.state === 'active') mons.delete(ref); // the monitor goes with its owner
          else if (m.target === p && m.state === 'active') m.state = dead.has(m.origin) ? 'done' : 'due';
        }
        break;
      }
    }
  }
  for (const [ref, m] of mons) {
    if (m.state === 'due') out.push({ invariant: 'monitors', step: m.step, message: `${m.origin} monitored ${m.target} (${ref}), which died, but no DOWN came` });
  }
  return out;
}
