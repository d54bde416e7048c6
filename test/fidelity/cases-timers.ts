/**
 * Timer scenarios of scripts/fidelity-otp.escript: erlang:send_after/start_timer/cancel_timer/
 * read_timer results and message shapes, receive with a bad timeout, and the timer module.
 */
import {
  cancelTimer, error, isProcessAlive, monotonicTime, readTimer, receive, Ref, self, send, sendAfter, spawnMonitor, startTimer, timer,
} from '../../src/index.js';
import { attempt, dead, downOf, idle, msgs, sleep, type Body } from './lib.js';

export const TIMER_CASES: Record<string, Body> = {
  *start_timer_msg_shape() {
    startTimer(10, self(), 'hi');
    return yield* receive();
  },
  *send_after_msg_shape() {
    sendAfter(10, self(), 'hi');
    return yield* msgs();
  },
  *cancel_timer_twice() {
    const r = sendAfter(1000, self(), 'hi');
    const c = cancelTimer(r);
    return [typeof c === 'number' && c > 900, cancelTimer(r), yield* msgs()];
  },
  *cancel_timer_fired() {
    const r = sendAfter(5, self(), 'hi');
    yield* sleep(20);
    return [cancelTimer(r), readTimer(r), yield* msgs()];
  },
  *read_timer_pending() {
    const r = startTimer(1000, self(), 'hi');
    const t = readTimer(r);
    cancelTimer(r);
    return typeof t === 'number' && t > 900;
  },
  cancel_timer_not_ref: () => attempt(() => cancelTimer('foo' as never)),
  send_after_negative: () => attempt(() => sendAfter(-1, self(), 'hi')),
  *send_after_limits() {
    // The node's start time is 0 here (erlang:system_info(start_time) in OTP).
    const [, r] = (yield* attempt(() => sendAfter(4294967296, self(), 'far'))) as [string, Ref];
    const [, t] = (yield* attempt(() => startTimer(5000000000, self(), 'far'))) as [string, Ref];
    const a = ((yield* attempt(() => sendAfter(-1, self(), 'x', { abs: true }))) as unknown[])[0];
    const b = ((yield* attempt(() => startTimer(-1, self(), 'x', { abs: true }))) as unknown[])[0];
    return [readTimer(r), cancelTimer(t), cancelTimer(r), a, b];
  },
  *send_after_abs_past() {
    yield* sleep(20);
    const now = monotonicTime();
    sendAfter(now - 10, self(), 'past', { abs: true });
    const t = startTimer(now + 1000000, self(), 'later', { abs: true });
    const got = yield* receive((m) => m === 'past', { after: 100 });
    return [got === 'past' ? 'got' : 'none', (cancelTimer(t) as number) > 999000];
  },
  *send_after_dead_pid() {
    return sendAfter(5, yield* dead(), 'hi') instanceof Ref;
  },
  *send_after_unregistered_name() {
    const r = sendAfter(5, 'nosuch', 'hi');
    yield* sleep(20);
    return [r instanceof Ref, isProcessAlive(self())];
  },
  receive_negative_after: () => attempt(() => receive((m) => m === 'never', { after: -1 })),
  *timer_send_after_cancel() {
    const [, t] = timer.sendAfter(1000, self(), 'hi') as [string, Ref];
    return [timer.cancel(t), yield* msgs()];
  },
  *timer_cancel_bad() {
    return timer.cancel('foo' as never);
  },
  *timer_kill_after() {
    return yield* downOf(spawnMonitor(function* () {
      timer.killAfter(10, self());
      yield* idle();
    })[1]);
  },
  *timer_exit_after() {
    return yield* downOf(spawnMonitor(function* () {
      timer.exitAfter(10, self(), 'bye');
      yield* idle();
    })[1]);
  },
  *timer_tc_shape() {
    const [t, v] = yield* timer.tc(function* () {
      yield* sleep(5);
      return 'done';
    });
    return [t >= 5000, v];
  },
  *timer_result_options() {
    const me = self();
    const t1 = sendAfter(50, me, 'x');
    const c1 = cancelTimer(t1, { async: true, info: true });
    const m1 = (yield* msgs()) as unknown[][];
    const t2 = sendAfter(50, me, 'y');
    const c2 = cancelTimer(t2, { info: false });
    const c3 = cancelTimer(t2);
    const t3 = sendAfter(50, me, 'z');
    const r3 = readTimer(t3, { async: true });
    const m3 = (yield* msgs()) as unknown[][];
    cancelTimer(t3, { async: true, info: false });
    const bad = [yield* attempt(() => cancelTimer(t3, { bogus: true } as never)), yield* attempt(() => cancelTimer(t3, { async: 'maybe' } as never))];
    return [c1, m1.map(([tag, , v]) => [tag, v]), c2, c3, r3, m3.map(([tag, , v]) => [tag, Number.isInteger(v)]), bad, yield* msgs()];
  },
  *send_after_dead_pid_read() {
    return readTimer(sendAfter(10, yield* dead(), 'hi'));
  },
  timer_sleep_result: () => timer.sleep(1),
  *timer_send_interval_cancel() {
    const [, t] = timer.sendInterval(10, 'tock') as [string, Ref];
    yield* sleep(35);
    const c = timer.cancel(t);
    const c2 = timer.cancel(t);
    yield* sleep(30);
    return [c, c2, yield* msgs()];
  },
  *timer_apply_interval() {
    const [, t] = timer.applyInterval(10, send, self(), 'tick') as [string, Ref];
    yield* sleep(35);
    timer.cancel(t);
    yield* sleep(30);
    return yield* msgs();
  },
  *timer_apply_after_crash() {
    timer.applyAfter(5, error, 'boom');
    yield* sleep(20);
    return yield* msgs();
  },
  *timer_cancel_after_fired() {
    const [, t] = timer.sendAfter(5, 'x') as [string, Ref];
    yield* receive((m) => m === 'x');
    return timer.cancel(t);
  },
  timer_bad_times: function* () {
    return [timer.sendAfter(-1, 'x'), timer.sendAfter('a' as never, 'x'), timer.sendInterval(-5, 'x'), timer.applyAfter(-1, send, self(), 'x')];
  },
  *timer_units() {
    return [timer.hms(1, 2, 3), timer.seconds(2), timer.minutes(1), timer.hours(1), yield* attempt(() => timer.seconds('x' as never))];
  },
};
