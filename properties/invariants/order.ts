/**
 * Per-pair order (MSG-2, SIM-3): between one sender and one receiver, messages arrive in the
 * order they were sent. Checked on `deliver` events (emitted where delivery is not immediate,
 * as across nodes); locally a message arrives as it is sent, so the send order is the order.
 */
import { termEquals, type TraceEvent } from '../../src/index.js';
import { idKey, NameTracker, type Violation } from './violation.js';

/**
 * Violations of per-pair FIFO order.
 *
 * @example `expect(checkPairOrder(result.trace)).toEqual([])`
 */
export function checkPairOrder(trace: readonly TraceEvent[]): Violation[] {
  // Only a deliver event can break the order: a trace without one (a run on one node) has nothing to check.
  if (!trace.some((e) => e.kind === 'deliver')) return [];
  const names = new NameTracker();
  /** Sender, then receiver: the messages sent and not yet delivered. */
  const sent = new Map<number | string, Map<number | string, unknown[]>>();
  const out: Violation[] = [];
  for (const e of trace) {
    names.see(e);
    if (e.kind === 'send' && e.pid !== undefined && e.dropped === undefined) {
      const to = names.resolve(e.to, e.node);
      if (to === undefined) continue;
      const from = idKey(e.pid);
      let pairs = sent.get(from);
      if (pairs === undefined) sent.set(from, (pairs = new Map()));
      const q = pairs.get(idKey(to));
      if (q === undefined) pairs.set(idKey(to), [e.msg]);
      else q.push(e.msg);
    } else if (e.kind === 'deliver' && e.from !== undefined) {
      const q = sent.get(idKey(e.from))?.get(idKey(e.pid));
      const i = q === undefined ? -1 : q.findIndex((m) => termEquals(m as never, e.msg as never));
      const k = `${e.from}→${e.pid}`;
      if (i < 0) out.push({ invariant: 'pairOrder', step: e.step, message: `${k} delivered a message that was not sent (or twice)` });
      else {
        if (i > 0) out.push({ invariant: 'pairOrder', step: e.step, message: `${k} delivered a message ahead of ${i} sent before it` });
        q!.splice(0, i + 1); // earlier ones overtaken are lost to order, not to accounting
      }
    }
  }
  return out;
}
