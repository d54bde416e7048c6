/**
 * Message accounting: every message sent is received, still queued at a live receiver at the
 * end, lost with a receiver that died holding it, or dropped for a named reason — a dead or
 * unknown receiver ({@link DEAD_RECEIVER_REASONS}) or a fault.
 * Nothing else: a send that reaches a process the trace shows dead must say it was dropped,
 * and a drop must carry a known reason.
 */
import { termEquals, type TraceEvent } from '../../src/index.js';
import { passInvariant, runPasses, type Pass, type PassInvariant } from './pass.js';
import { idKey, type Violation } from './violation.js';

/**
 * Drop reasons that mean "the receiver was dead or unknown".
 *
 * @example `Object.keys(accountMessages(result.trace).dropped).filter((why) => DEAD_RECEIVER_REASONS.includes(why))`
 */
export const DEAD_RECEIVER_REASONS: readonly string[] = Object.freeze(['noproc', 'unregistered', 'inactive_alias', 'nodedown', 'noconnection']);

/** What became of the messages of a run. */
export interface MessageAccount {
  sent: number;
  received: number;
  /** Still in a live receiver's mailbox at the end. */
  queued: number;
  /** In the mailbox of a receiver that died. */
  lostWithReceiver: number;
  /** Dropped at the send, by reason. */
  dropped: Record<string, number>;
  /** Sent to an alias or a remote name: not followed to a receiver. */
  untracked: number;
  violations: Violation[];
}

/** The accounting as one pass (see pass.ts); `account()` is what it found, once every event has been seen. */
export function messagesPass(faultReasons: readonly string[] = []): Pass & { account(): MessageAccount } {
  const dead = new Set<number | string>();
  const inbox = new Map<number | string, unknown[]>();
  const acc: MessageAccount = { sent: 0, received: 0, queued: 0, lostWithReceiver: 0, dropped: {}, untracked: 0, violations: [] };
  const allowed = new Set([...DEAD_RECEIVER_REASONS, ...faultReasons]);
  const account = (): MessageAccount => {
    acc.queued = 0;
    for (const box of inbox.values()) acc.queued += box.length;
    return acc;
  };
  return {
    on: {
      send(e, names) {
        acc.sent++;
        if (e.dropped !== undefined) {
          acc.dropped[e.dropped] = (acc.dropped[e.dropped] ?? 0) + 1;
          if (!allowed.has(e.dropped)) acc.violations.push({ invariant: 'messages', step: e.step, message: `a message to ${String(e.to)} was dropped for an unknown reason '${e.dropped}'` });
          return;
        }
        const to = names.resolve(e.to, e.node);
        const k = to === undefined ? undefined : idKey(to);
        if (k === undefined) {
          acc.untracked++;
        } else if (dead.has(k)) {
          acc.violations.push({ invariant: 'messages', step: e.step, message: `a message to ${to}, already dead, was not marked dropped` });
        } else {
          const box = inbox.get(k);
          if (box === undefined) inbox.set(k, [e.msg]);
          else box.push(e.msg);
        }
      },
      receive(e) {
        const box = inbox.get(idKey(e.pid));
        const i = box === undefined ? -1 : box.findIndex((m) => m === e.msg || termEquals(m as never, e.msg as never));
        if (i >= 0) {
          box!.splice(i, 1);
          acc.received++;
        }
      },
      exit(e) {
        const p = idKey(e.pid);
        dead.add(p);
        acc.lostWithReceiver += inbox.get(p)?.length ?? 0;
        inbox.delete(p);
      },
    },
    end: () => account().violations,
    account,
  };
}

/**
 * Accounts for every message of the trace; `faultReasons` are the drop reasons faults may give.
 *
 * @example `const a = accountMessages(result.trace); a.violations; // []; a.received, a.dropped.noproc, …`
 */
export function accountMessages(trace: readonly TraceEvent[], faultReasons: readonly string[] = []): MessageAccount {
  const pass = messagesPass(faultReasons);
  runPasses(trace, [pass]);
  return pass.account();
}

/**
 * The accounting's violations (an {@link Invariant}).
 *
 * @example `expect(checkMessages(result.trace)).toEqual([])`
 */
export const checkMessages: PassInvariant = passInvariant(() => messagesPass());
