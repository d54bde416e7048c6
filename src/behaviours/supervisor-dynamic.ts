/**
 * Stopping every child of a `simple_one_for_one` supervisor (SUP-16): all are signalled at
 * once and awaited under one shared timer; children that are still there when it runs out
 * are killed. Unexpected reasons are reported once per reason, with `nb_children`.
 */
import { TIMEOUT, receive, type Op } from '../core/effects.js';
import { Pid, type Ref } from '../core/pid.js';
import type { Term } from '../core/term.js';
import { termKey } from '../core/term-key.js';
import { exit, monitor } from '../core/api/signals.js';
import { receiveWithin, shutdownMs, unlinkFlush } from './supervisor-child.js';
import { reportError } from './supervisor-report.js';
import { shutdownAsExpected } from './supervisor-restart.js';
import { pidKey, template, type SupState } from './supervisor-state.js';
import { monotonicTime } from '../core/api/timers.js';

function isDownOf(waiting: Map<Ref, Pid>): (m: unknown) => boolean {
  return (m) => Array.isArray(m) && m[0] === 'DOWN' && waiting.has(m[1] as Ref);
}

/** OTP's `terminate_dynamic_children`. */
export function* terminateDynamic(s: SupState): Op<void> {
  const t = template(s);
  const brutal = t.shutdown === 'brutal_kill';
  const waiting = new Map<Ref, Pid>();
  for (const d of s.dyn.values()) {
    // An ignored restart's entry has no process (OTP 25's dyn_fold has no clause for it and crashes here).
    if (d.restarting || d.pid === undefined) continue;
    waiting.set(monitor('process', d.pid), d.pid);
    exit(d.pid, brutal ? 'kill' : 'shutdown');
  }
  const timed = typeof t.shutdown === 'number' || typeof t.shutdown === 'bigint';
  const deadline = timed ? monotonicTime() + shutdownMs(t.shutdown as number | bigint) : Infinity;
  const errors = new Map<unknown, [Term, number]>();
  const isDown = isDownOf(waiting);
  while (waiting.size !== 0) {
    const left = deadline - monotonicTime();
    const m = yield* receiveWithin(isDown, Math.max(0, left));
    if (m === TIMEOUT) {
      for (const pid of waiting.values()) exit(pid, 'kill');
      yield* waitAll(s, waiting, isDown, errors, brutal);
      break;
    }
    yield* downOne(s, waiting, m as unknown[], errors, brutal);
  }
  for (const [reason, n] of errors.values()) reportError(s.name, 'shutdown_error', reason, t, n);
}

function* waitAll(s: SupState, waiting: Map<Ref, Pid>, isDown: (m: unknown) => boolean, errors: Map<unknown, [Term, number]>, brutal: boolean): Op<void> {
  while (waiting.size !== 0) yield* downOne(s, waiting, (yield* receive(isDown)) as unknown[], errors, brutal);
}

function* downOne(s: SupState, waiting: Map<Ref, Pid>, m: unknown[], errors: Map<unknown, [Term, number]>, brutal: boolean): Op<void> {
  const pid = waiting.get(m[1] as Ref)!;
  waiting.delete(m[1] as Ref);
  s.dyn.delete(pidKey(pid));
  const reason = yield* unlinkFlush(pid, m[4]);
  if (shutdownAsExpected(reason, template(s).restart, brutal)) return;
  const k = termKey(reason);
  const e = errors.get(k);
  if (e === undefined) errors.set(k, [reason, 1]);
  else e[1]++;
}
