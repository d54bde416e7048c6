/**
 * Links: when a process exits, every linked peer that was still alive receives its exit
 * signal (LINK-4/5, EXIT-1..7): the trace shows an `exitSignal` from it, as a link signal —
 * exactly one, and none between processes that were not linked.
 */
import type { TraceEvent } from '../../src/index.js';
import type { Violation } from './violation.js';

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Violations of "every live linked peer saw the exit".
 *
 * @example `expect(checkLinks(result.trace)).toEqual([])`
 */
export function checkLinks(trace: readonly TraceEvent[]): Violation[] {
  const links = new Map<string, Set<string>>();
  const peers = (p: string): Set<string> => links.get(p) ?? (links.set(p, new Set()), links.get(p)!);
  const dead = new Set<string>();
  /** Doomed: a fatal signal is pending (it counts as dead and gets no more signals, EXIT-7). */
  const doomed = new Set<string>();
  const expected = new Map<string, { step: number | undefined; peer: string; dying: string }>();
  const out: Violation[] = [];
  for (const e of trace) {
    switch (e.kind) {
      case 'link':
        peers(String(e.pid)).add(String(e.other));
        peers(String(e.other)).add(String(e.pid));
        break;
      case 'unlink':
        peers(String(e.pid)).delete(String(e.other));
        peers(String(e.other)).delete(String(e.pid));
        break;
      case 'exitSignal':
        if (e.link && !expected.delete(pairKey(String(e.pid), String(e.from)) + `>${e.pid}`)) {
          out.push({ invariant: 'links', step: e.step, message: `${e.pid} got a link exit signal from ${e.from}, to which it was not linked (or twice)` });
        }
        if (e.effect === 'exit') doomed.add(String(e.pid));
        break;
      case 'fault':
        if (e.pid !== undefined && typeof e.fault === 'string' && /^(kill|exit) /.test(e.fault)) doomed.add(String(e.pid));
        break;
      case 'exit': {
        const p = String(e.pid);
        dead.add(p);
        for (const q of links.get(p) ?? []) {
          links.get(q)?.delete(p);
          if (!dead.has(q) && !doomed.has(q)) expected.set(pairKey(p, q) + `>${q}`, { step: e.step, peer: q, dying: p });
        }
        links.delete(p);
        break;
      }
    }
  }
  for (const { step, peer, dying } of expected.values()) {
    out.push({ invariant: 'links', step, message: `${peer}, linked to ${dying}, was alive when ${dying} exited but got no exit signal` });
  }
  return out;
}
