/**
 * TMR-5..10: the timer module.
 */
import { describe, expect, it } from 'vitest';
import {
  classify, error, exit, monitor, monotonicTime, processFlag, processInfo, receive, Ref, register, self, send, spawn, spawnMonitor, timer,
  TIMEOUT, type Op, type Pid,
} from '../../../../src/index.js';
import { runOk, simulate, idle } from '../../../helpers.js';

/** Everything that arrives within `ms`, each with its arrival time. */
function* collect(ms: number): Op<[unknown, number][]> {
  const end = monotonicTime() + ms;
  const out: [unknown, number][] = [];
  for (;;) {
    const left = end - monotonicTime();
    const m = yield* receive(null, { after: Math.max(0, left) });
    if (m === TIMEOUT) return out;
    out.push([m, monotonicTime()]);
  }
}

function* reasonOf(pid: Pid): Op<unknown> {
  const ref = monitor('process', pid);
  return ((yield* receive((m) => Array.isArray(m) && m[1] === ref)) as unknown[])[4];
}

describe('TMR-5: timer.sendAfter', () => {
  it("TMR-5: returns ['ok', tref] and delivers after T", () => {
    const v = runOk(function* () {
      const r = timer.sendAfter(30, self(), 'hi');
      return [r[0], r[1] instanceof Ref, yield* collect(100)];
    });
    expect(v).toEqual(['ok', true, [['hi', 30]]]);
  });

  it('TMR-5: a name is resolved at fire time and may be registered after the call; [name, node] works', () => {
    const v = runOk(function* () {
      timer.sendAfter(20, 'late_name', 'by name');
      timer.sendAfter(25, ['late_name', 'nonode@nohost'], 'by name and node');
      timer.sendAfter(5, 'late_name', 'too early: dropped');
      yield* receive(null, { after: 10 });
      register('late_name', self());
      return yield* collect(100);
    });
    expect(v).toEqual([['by name', 20], ['by name and node', 25]]);
  });

  it('TMR-5/TMR-6: send_after/2 and send_interval/2 send to the caller; an interval of 0 is badarg here (OTP would flood)', () => {
    const v = runOk(function* () {
      const once = timer.sendAfter(10, 'once');
      const [, tref] = timer.sendInterval(15, 'tick') as ['ok', Ref];
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) got.push(yield* receive(), monotonicTime());
      timer.cancel(tref);
      return [once[0], got, timer.sendInterval(0, 'flood')];
    });
    expect(v).toEqual(['ok', ['once', 10, 'tick', 15, 'tick', 30], ['error', 'badarg']]);
  });

  it("TMR-5: a negative time or bad destination is ['error', 'badarg']", () => {
    const v = runOk(function* () {
      return [timer.sendAfter(-1, self(), 'x'), timer.sendAfter(1.5, self(), 'x'), timer.sendAfter(5, 42 as never, 'x'),
        timer.sendInterval(0, self(), 'x'), timer.sendInterval(5, {} as never, 'x')];
    });
    expect(v).toEqual(Array(5).fill(['error', 'badarg']));
  });
});

describe('TMR-6: timer.sendInterval', () => {
  it('TMR-6: repeats every T until cancelled', () => {
    const v = runOk(function* () {
      const [, ref] = timer.sendInterval(10, self(), 'tick') as ['ok', Ref];
      const got = yield* collect(35);
      timer.cancel(ref);
      const after = yield* collect(50);
      return [got, after];
    });
    expect(v).toEqual([[['tick', 10], ['tick', 20], ['tick', 30]], []]);
  });

  it('TMR-6: stops by itself when the destination process dies', () => {
    const res = simulate(function* () {
      const p = spawn(idle);
      timer.sendInterval(10, p, 'tick');
      yield* receive(null, { after: 25 });
      exit(p, 'stop');
      yield* reasonOf(p);
      yield* receive(null, { after: 100 });
    }, { timeMaxMs: 10_000 });
    expect(res.outcome).toBe('ok');
    expect(res.trace.filter((e) => e.kind === 'send').length).toBe(2);
  });

  it('TMR-6: with a name as destination it serves the process registered under it, as OTP 25: it outlives the caller', () => {
    const res = simulate(function* () {
      register('sink', self());
      const setter = spawn(function* () {
        timer.sendInterval(10, 'sink', 'tick');
        yield* receive(null, { after: 25 });
      });
      yield* reasonOf(setter);
      const got = yield* collect(60);
      return got.map(([, t]) => t);
    });
    expect(res.value).toEqual([25, 25, 30, 40, 50, 60, 70, 80]); // ticks 10 and 20 were queued while we waited
  });

  it('TMR-6: one-shot timers are tied to no process: they fire after the setter has died', () => {
    const v = runOk(function* () {
      const me = self();
      const setter = spawn(function* () {
        timer.sendAfter(20, me, 'from a dead setter');
        timer.applyAfter(30, (to: Pid) => send(to, 'applied after the setter died'), me);
      });
      yield* reasonOf(setter);
      return yield* collect(100);
    });
    expect(v).toEqual([['from a dead setter', 20], ['applied after the setter died', 30]]);
  });

  it('TMR-6: interval to a dead pid gives a ref and sends nothing', () => {
    const res = simulate(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      const r = timer.sendInterval(10, p, 'x');
      yield* receive(null, { after: 50 });
      return r[0];
    });
    expect(res.value).toBe('ok');
    expect(res.stats.timersFired).toBe(1); // only our own receive timeout
  });
});

describe('TMR-7: timer.cancel', () => {
  it("TMR-7: ['ok', 'cancel'] for any ref the timer module gave, fired or not; another ref or a malformed one is ['error', 'badarg']", () => {
    // OTP 25: timer:cancel(make_ref()) -> {error,badarg} (its trefs are tuples); see otp25-kernel-2.test.ts.
    const v = runOk(function* () {
      const [, ref] = timer.sendAfter(5, self(), 'x') as ['ok', Ref];
      yield* receive();
      return [timer.cancel(ref), timer.cancel(new Ref('nonode@nohost', 0, 77777)), timer.cancel('nope' as never)];
    });
    expect(v).toEqual([['ok', 'cancel'], ['error', 'badarg'], ['error', 'badarg']]);
  });

  it('TMR-7: cancelling after a zero-time send does not retract the message once sent', () => {
    const v = runOk(function* () {
      const [, ref] = timer.sendAfter(0, self(), 'zero') as ['ok', Ref];
      const m = yield* receive();
      return [m, timer.cancel(ref)];
    });
    expect(v).toEqual(['zero', ['ok', 'cancel']]);
  });

  it('TMR-7: cancel before expiry stops a one-shot', () => {
    const v = runOk(function* () {
      const [, ref] = timer.sendAfter(50, self(), 'x') as ['ok', Ref];
      timer.cancel(ref);
      return yield* collect(100);
    });
    expect(v).toEqual([]);
  });
});

describe('TMR-8: apply_after, apply_interval, apply_repeatedly', () => {
  it('TMR-8: applyAfter runs the function in a fresh process after T', () => {
    const v = runOk(function* () {
      const me = self();
      const r = timer.applyAfter(40, (to: Pid, x: number) => send(to, [self() === to, x, monotonicTime()]), me, 7);
      const m = yield* receive();
      return [r[0], m];
    });
    expect(v).toEqual(['ok', [false, 7, 40]]);
  });

  it('TMR-8: applyAfter drives a generator function with yield*', () => {
    const v = runOk(function* () {
      const me = self();
      timer.applyAfter(10, function* (to: Pid) {
        yield* receive(null, { after: 5 });
        send(to, monotonicTime());
      }, me);
      return yield* receive();
    });
    expect(v).toBe(15);
  });

  it('TMR-8: applyInterval does not wait for the previous run', () => {
    const v = runOk(function* () {
      const me = self();
      const [, ref] = timer.applyInterval(10, function* () {
        send(me, ['start', monotonicTime()]);
        yield* receive(null, { after: 25 }); // longer than the interval
      }) as ['ok', Ref];
      const got = yield* collect(45);
      timer.cancel(ref);
      return got.map(([m]) => (m as unknown[])[1]);
    });
    expect(v).toEqual([10, 20, 30, 40]);
  });

  it('TMR-8: applyRepeatedly waits for the previous run to finish', () => {
    const v = runOk(function* () {
      const me = self();
      const [, ref] = timer.applyRepeatedly(10, function* () {
        send(me, monotonicTime());
        yield* receive(null, { after: 25 }); // longer than the interval
      }) as ['ok', Ref];
      const got = yield* collect(100);
      timer.cancel(ref);
      const after = yield* collect(100);
      return [got.map(([m]) => m), after.length];
    });
    // Starts at 10, runs 25 ms, the next starts at once when it ends: 10, 35, 60, 85.
    expect(v).toEqual([[10, 35, 60, 85], 0]);
  });

  it('TMR-8: applyRepeatedly keeps the period when the function is quick', () => {
    const v = runOk(function* () {
      const me = self();
      const [, ref] = timer.applyRepeatedly(10, () => send(me, monotonicTime())) as ['ok', Ref];
      const got = yield* collect(45);
      timer.cancel(ref);
      return got.map(([m]) => m);
    });
    expect(v).toEqual([10, 20, 30, 40]);
  });

  it('TMR-8: apply_interval and apply_repeatedly stop when the process that set them exits, even normally', () => {
    const res = simulate(function* () {
      const me = self();
      const setter = spawn(function* () {
        timer.applyInterval(10, () => send(me, 'interval'));
        timer.applyRepeatedly(10, () => send(me, 'repeatedly'));
        yield* receive(null, { after: 25 });
      });
      yield* reasonOf(setter);
      const got = yield* collect(100);
      return got.map(([m]) => m);
    });
    expect(res.outcome).toBe('ok');
    expect(res.value).toEqual(['interval', 'repeatedly', 'interval', 'repeatedly']);
  });

  it('TMR-8: applyRepeatedly does not link itself to the caller', () => {
    const v = runOk(function* () {
      const [, ref] = timer.applyRepeatedly(10, () => 1) as ['ok', Ref];
      const links = processInfo(self(), 'links');
      timer.cancel(ref);
      return links;
    });
    expect(v).toEqual(['links', []]);
  });

  it("TMR-8: bad arguments are ['error', 'badarg']", () => {
    const v = runOk(function* () {
      return [timer.applyAfter(-1, () => 1), timer.applyAfter(1, 'f' as never), timer.applyInterval(0, () => 1),
        timer.applyRepeatedly(-5, () => 1), timer.applyRepeatedly(5, 3 as never)];
    });
    expect(v).toEqual(Array(5).fill(['error', 'badarg']));
  });

  it('TMR-8: a crashing applied function does not stop apply_repeatedly', () => {
    const v = runOk(function* () {
      const me = self();
      const [, ref] = timer.applyRepeatedly(10, () => { send(me, monotonicTime()); error('oops'); }) as ['ok', Ref];
      const got = yield* collect(35);
      timer.cancel(ref);
      return got.map(([m]) => m);
    });
    expect(v).toEqual([10, 20, 30]);
  });
});

describe('TMR-10: sleep and tc', () => {
  it('TMR-10: sleep waits exactly T and leaves the mailbox alone', () => {
    const v = runOk(function* () {
      send(self(), 'queued');
      const r = yield* timer.sleep(70);
      return [r, monotonicTime(), processInfo(self(), 'message_queue_len')];
    });
    expect(v).toEqual(['ok', 70, ['message_queue_len', 1]]);
  });

  it('TMR-10: sleep beyond 2^32-1 loops', () => {
    const res = simulate(function* () {
      yield* timer.sleep(2 ** 32 + 5);
      return monotonicTime();
    }, { timeMaxMs: 2 ** 34 });
    expect(res.value).toBe(2 ** 32 + 5);
  });

  it('TMR-10: a negative or fractional sleep exits timeout_value, as receive … after does', () => {
    for (const t of [-1, 1.5]) {
      const res = simulate(function* () {
        yield* timer.sleep(t);
      });
      expect(res.outcome).toBe('crashed');
      expect(JSON.stringify(res.exit)).toContain('timeout_value');
    }
  });

  it('TMR-10: sleep(infinity) never returns', () => {
    const res = simulate(function* () {
      yield* timer.sleep('infinity');
    });
    expect(res.outcome).toBe('deadlock');
  });

  it('TMR-10: tc returns [micros, value] of virtual time, for plain and generator functions', () => {
    const v = runOk(function* () {
      const a = yield* timer.tc((x: number) => x * 2, 21);
      const b = yield* timer.tc(function* () {
        yield* timer.sleep(12);
        return 'slept';
      });
      return [a, b];
    });
    expect(v).toEqual([[0, 42], [12_000, 'slept']]);
  });

  it('TMR-10: tc lets exceptions through', () => {
    const v = runOk(function* () {
      try {
        yield* timer.tc(() => error('inner'));
        return 'no';
      } catch (e) {
        return classify(e);
      }
    });
    expect(v).toEqual({ class: 'error', reason: 'inner' });
  });
});

describe('timer: unit conversions (timer:seconds/1, minutes/1, hours/1, hms/3)', () => {
  it('give milliseconds, as OTP 25 does (timer:hms(1, 2, 3) = 3723000)', () => {
    expect([timer.hms(1, 2, 3), timer.seconds(2), timer.minutes(1), timer.hours(1), timer.seconds(0.5)]).toEqual([3_723_000, 2000, 60_000, 3_600_000, 500]);
  });

  it('a non-number is badarith inside a process (OTP multiplies) and a typed error naming the argument outside', () => {
    const v = runOk(function* () {
      try {
        return timer.seconds('5' as never);
      } catch (e) {
        return classify(e);
      }
    });
    expect(v).toEqual({ class: 'error', reason: 'badarith' });
    expect(() => timer.hms(1, 'x' as never, 0)).toThrow(/timer\.minutes.*'m'|m.*timer\.minutes/);
  });
});
