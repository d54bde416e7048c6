/**
 * Links: when a process exits, every linked peer that was still alive receives its exit
 * signal (LINK-4/5, EXIT-1..7): the trace shows an `exitSignal` from it, as a link signal —
 * exactly one, and none between processes that were not linked. A link signal `noconnection`
 * is the connection lost (LINK-6): it ends the link and was owed by no exit.
 */
import type { Pid } from '../../src/index.js';
import { passInvariant, type Pass, type PassInvariant } from './pass.js';
import { idKey, type Violation } from './violation.js';

type Key = number | string;

/** The signal from `from` that `to` is owed. */
const owedKey = (from: Key, to: Key): string => `${String(from)}>${String(to)}`;

/** The links checker, as one pass (see pass.ts). */
export function linksPass(): Pass {
  /** Each process's links: peer key to peer. */
  const links = new Map<Key, Map<Key, Pid>>();
  const peers = (p: Key): Map<Key, Pid> => {
    let m = links.get(p);
    if (m === undefined) links.set(p, (m = new Map()));
    return m;
  };
  const dead = new Set<Key>();
  /** Doomed: a fatal signal is pending (it counts as dead and gets no more signals, EXIT-7). */
  const doomed = new Set<Key>();
  const expected = new Map<string, { step: number | undefined; peer: Pid; dying: Pid }>();
  const out: Violation[] = [];
  return {
    on: {
      link(e) {
        peers(idKey(e.pid)).set(idKey(e.other), e.other);
        peers(idKey(e.other)).set(idKey(e.pid), e.pid);
      },
      unlink(e) {
        peers(idKey(e.pid)).delete(idKey(e.other));
        peers(idKey(e.other)).delete(idKey(e.pid));
      },
      exitSignal(e) {
        if (e.link && e.reason === 'noconnection') {
          // The connection was lost, not the peer (LINK-6): the link goes, and nothing was owed.
          peers(idKey(e.pid)).delete(idKey(e.from));
          peers(idKey(e.from)).delete(idKey(e.pid));
        } else if (e.link && !expected.delete(owedKey(idKey(e.from), idKey(e.pid)))) {
          out.push({ invariant: 'links', step: e.step, message: `${e.pid} got a link exit signal from ${e.from}, to which it was not linked (or twice)` });
        }
        if (e.effect === 'exit') doomed.add(idKey(e.pid));
      },
      fault(e) {
        if (e.pid !== undefined && typeof e.fault === 'string' && /^(kill|exit) /.test(e.fault)) doomed.add(idKey(e.pid));
      },
      exit(e) {
        const p = idKey(e.pid);
        dead.add(p);
        for (const [q, peer] of links.get(p) ?? []) {
          links.get(q)?.delete(p);
          if (!dead.has(q) && !doomed.has(q)) expected.set(owedKey(p, q), { step: e.step, peer, dying: e.pid });
        }
        links.delete(p);
      },
    },
    end() {
      for (const { step, peer, dying } of expected.values()) {
        out.push({ invariant: 'links', step, message: `${peer}, linked to ${dying}, was alive when ${dying} exited but got no exit signal` });
      }
      return out;
    },
  };
}

/**
 * Violations of "every live linked peer saw the exit".
 *
 * @example `expect(checkLinks(result.trace)).toEqual([])`
 */
export const checkLinks: PassInvariant = passInvariant(linksPass);
