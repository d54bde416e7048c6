/**
 * Per-pair order (MSG-2, SIM-3): between one sender and one receiver, messages arrive in the
 * order they were sent. Checked on `deliver` events (emitted where delivery is not immediate,
 * as across nodes); locally a message arrives as it is sent, so the send order is the order.
 */
import { termEquals } from '../../src/index.js';
import { passInvariant, type Pass, type PassInvariant } from './pass.js';
import { idKey, type Violation } from './violation.js';

/** The per-pair order checker, as one pass (see pass.ts). */
export function pairOrderPass(): Pass {
  type Key = number | string;
  /** Sender, then receiver: the messages sent and not yet delivered. */
  const sent = new Map<Key, Map<Key, unknown[]>>();
  const file = (from: Key, to: Key, msg: unknown): void => {
    let pairs = sent.get(from);
    if (pairs === undefined) sent.set(from, (pairs = new Map()));
    const q = pairs.get(to);
    if (q === undefined) pairs.set(to, [msg]);
    else q.push(msg);
  };
  /**
   * Sends before the first deliver, as [from, to, msg, …]: only a deliver event can break the
   * order, and most traces (a run on one node) have none, so they are filed by pair only then.
   */
  let early: unknown[] | null = [];
  const out: Violation[] = [];
  return {
    on: {
      send(e, names) {
        if (e.pid === undefined || e.dropped !== undefined) return;
        const to = names.resolve(e.to, e.node);
        if (to === undefined) return;
        if (early !== null) early.push(idKey(e.pid), idKey(to), e.msg);
        else file(idKey(e.pid), idKey(to), e.msg);
      },
      deliver(e) {
        if (early !== null) {
          for (let i = 0; i < early.length; i += 3) file(early[i] as Key, early[i + 1] as Key, early[i + 2]);
          early = null;
        }
        if (e.from === undefined) return;
        const q = sent.get(idKey(e.from))?.get(idKey(e.pid));
        const i = q === undefined ? -1 : q.findIndex((m) => termEquals(m as never, e.msg as never));
        const k = `${e.from}→${e.pid}`;
        if (i < 0) out.push({ invariant: 'pairOrder', step: e.step, message: `${k} delivered a message that was not sent (or twice)` });
        else {
          if (i > 0) out.push({ invariant: 'pairOrder', step: e.step, message: `${k} delivered a message ahead of ${i} sent before it` });
          q!.splice(0, i + 1); // earlier ones overtaken are lost to order, not to accounting
        }
      },
    },
    end: () => out,
  };
}

/**
 * Violations of per-pair FIFO order.
 *
 * @example `expect(checkPairOrder(result.trace)).toEqual([])`
 */
export const checkPairOrder: PassInvariant = passInvariant(pairOrderPass);
