/**
 * TMR-1..4: erlang timers on the virtual clock, and the node's clocks.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, cancelTimer, exit, monitor, monotonicTime, readTimer, receive, Ref, register, self, sendAfter, spawn,
  startTimer, systemTime, TIMEOUT, type Op,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { runOk, simulate, idle, attempt } from '../../../helpers.js';

function* at<T>(op: Op<T>): Op<[T, number]> {
  const v = yield* op;
  return [v, monotonicTime()];
}

describe('TMR-1: sendAfter and startTimer', () => {
  it('TMR-1: sendAfter delivers the message at exactly now + T and returns a ref', () => {
    const v = runOk(function* () {
      const ref = sendAfter(250, self(), 'ding');
      return [ref instanceof Ref, yield* at(receive())];
    });
    expect(v).toEqual([true, ['ding', 250]]);
  });

  it("TMR-1: startTimer delivers ['timeout', ref, msg]", () => {
    const v = runOk(function* () {
      const ref = startTimer(10, self(), 'tick');
      const m = (yield* receive()) as unknown[];
      return [m[0], m[1] === ref, m[2], monotonicTime()];
    });
    expect(v).toEqual(['timeout', true, 'tick', 10]);
  });

  it('TMR-1: abs makes the time absolute monotonic time; a past absolute time fires at once', () => {
    const v = runOk(function* () {
      yield* receive(null, { after: 100 });
      sendAfter(130, self(), 'abs', { abs: true });
      const a = yield* at(receive());
      sendAfter(5, self(), 'past', { abs: true });
      const b = yield* at(receive());
      return [a, b];
    });
    expect(v).toEqual([['abs', 130], ['past', 130]]);
  });

  it('TMR-1: bad time or destination is badarg; from test code a typed error names the argument', () => {
    const v = runOk(function* () {
      return [
        attempt(() => sendAfter(-1, self(), 'x')),
        attempt(() => sendAfter(1.5, self(), 'x')),
        attempt(() => sendAfter(-1, self(), 'x', { abs: true })),
        attempt(() => startTimer('1' as never, self(), 'x')),
        attempt(() => startTimer(1, 42 as never, 'x')),
        attempt(() => cancelTimer('ref' as never)),
        attempt(() => readTimer(7 as never)),
      ];
    });
    expect(v).toEqual(Array(7).fill('badarg'));
    const sim = Simulation.create();
    const main = sim.start(function* () { yield* idle(); });
    expect(() => sim.inspect(() => sendAfter(-5, main.pid, 'x'))).toThrow(BadArgumentError);
    expect(() => sim.inspect(() => sendAfter(-5, main.pid, 'x'))).toThrow(/'time'/);
    expect(sim.inspect(() => sendAfter(5, main.pid, 'x'))).toBeInstanceOf(Ref);
  });

  it('TMR-1: a timer takes any time ≥ 0 (2^32 − 1 is receive\'s limit), up to 2^53 − 1 ms from the start', () => {
    const v = runOk(function* () {
      const far = sendAfter(2 ** 32, self(), 'far');
      const later = startTimer(5_000_000_000, self(), 'later');
      return [readTimer(far), cancelTimer(later), cancelTimer(far), attempt(() => sendAfter(Number.MAX_SAFE_INTEGER, self(), 'x', { abs: true })) instanceof Ref,
        attempt(() => sendAfter(2 ** 53, self(), 'x', { abs: true })), attempt(() => sendAfter(2 ** 53, self(), 'x'))];
    });
    expect(v).toEqual([2 ** 32, 5_000_000_000, 2 ** 32, true, 'badarg', 'badarg']);
  });
});

describe('TMR-2: destinations', () => {
  it('TMR-2: a timer aimed at a pid is cancelled when that process dies', () => {
    const res = simulate(function* () {
      const p = spawn(idle);
      const ref = sendAfter(100, p, 'late');
      const mref = monitor('process', p);
      exit(p, 'stop');
      yield* receive((m) => Array.isArray(m) && m[1] === mref);
      return [readTimer(ref), cancelTimer(ref)];
    });
    expect(res.value).toEqual([false, false]);
    expect(res.trace.some((e) => e.kind === 'timerFire')).toBe(false);
  });

  it('TMR-2: a timer to a dead pid is armed but never fires', () => {
    const res = simulate(function* () {
      const p = spawn(function* () {});
      const mref = monitor('process', p);
      yield* receive((m) => Array.isArray(m) && m[1] === mref);
      const ref = sendAfter(100, p, 'late');
      return readTimer(ref);
    });
    expect(res.value).toBe(false);
    expect(res.trace.some((e) => e.kind === 'timerFire')).toBe(false);
  });

  it('TMR-2: a name is looked up at expiry; unregistered then, the message is dropped', () => {
    const v = runOk(function* () {
      sendAfter(10, 'later', 'first');
      sendAfter(20, 'later', 'second');
      yield* receive(null, { after: 15 });
      register('later', self());
      return yield* at(receive());
    });
    expect(v).toEqual(['second', 20]);
  });
});

describe('TMR-3: cancelTimer and readTimer', () => {
  it('TMR-3: cancelTimer returns the ms left and stops the timer; then false', () => {
    const v = runOk(function* () {
      const ref = sendAfter(100, self(), 'x');
      yield* receive(null, { after: 30 });
      const read = readTimer(ref);
      const left = cancelTimer(ref);
      const again = cancelTimer(ref);
      const m = yield* receive(null, { after: 200 });
      return [read, left, again, readTimer(ref), m === TIMEOUT];
    });
    expect(v).toEqual([70, 70, false, false, true]);
  });

  it('TMR-3: after expiry cancelTimer is false and the message is already queued', () => {
    const v = runOk(function* () {
      const ref = startTimer(10, self(), 'x');
      yield* receive((m) => m === 'never', { after: 20 });
      return [cancelTimer(ref), readTimer(ref), ((yield* receive(null, { after: 0 })) as unknown[])[2]];
    });
    expect(v).toEqual([false, false, 'x']);
  });

  it('TMR-3: an unknown ref gives false', () => {
    const v = runOk(function* () {
      return [cancelTimer(new Ref('nonode@nohost', 0, 424242)), readTimer(new Ref('nonode@nohost', 0, 424243))];
    });
    expect(v).toEqual([false, false]);
  });
});

describe('TMR-4: zero time and ordering', () => {
  it('TMR-4: T = 0 delivers asynchronously, after the caller continues', () => {
    const v = runOk(function* () {
      sendAfter(0, self(), 'zero');
      const now = yield* receive(null, { after: 0 });
      const later = yield* receive();
      return [now === TIMEOUT, later, monotonicTime()];
    });
    expect(v).toEqual([true, 'zero', 0]);
  });

  it('TMR-4: equal expiry times fire in creation order under fifo', () => {
    const v = runOk(function* () {
      for (const m of ['a', 'b', 'c', 'd']) sendAfter(50, self(), m);
      sendAfter(40, self(), 'first');
      const out: unknown[] = [];
      for (let i = 0; i < 5; i++) out.push(yield* receive());
      return out;
    }, { strategy: 'fifo' });
    expect(v).toEqual(['first', 'a', 'b', 'c', 'd']);
  });

  it('the trace records timer set, fire and cancel', () => {
    const res = simulate(function* () {
      const a = sendAfter(5, self(), 'a');
      const b = startTimer(50, self(), 'b');
      yield* receive();
      cancelTimer(b);
      return [a, b];
    });
    const kinds = res.trace.filter((e) => e.kind.startsWith('timer')).map((e) => e.kind);
    expect(kinds).toEqual(['timerSet', 'timerSet', 'timerFire', 'timerCancel']);
  });
});

describe('monotonic and system time', () => {
  it('monotonic time starts at 0 and moves only with virtual time; system time moves with it', () => {
    const v = runOk(function* () {
      const m0 = monotonicTime();
      const s0 = systemTime();
      yield* receive(null, { after: 1234 });
      return [m0, monotonicTime(), systemTime() - s0, s0 > 1_600_000_000_000];
    });
    expect(v).toEqual([0, 1234, 1234, true]);
  });

  it('time needs a node: outside any it is NotInProcessError', () => {
    expect(() => monotonicTime()).toThrow(/inside a process/);
    const sim = Simulation.create();
    expect(sim.inspect(() => monotonicTime())).toBe(0);
  });
});

describe('TMR-3: cancelTimer and readTimer options (erlang:cancel_timer/2, read_timer/2)', () => {
  it('TMR-3: async sends [cancel_timer | read_timer, ref, result] to the caller and returns ok; info false returns ok and no result', () => {
    const v = runOk(function* () {
      const t = sendAfter(100, self(), 'x');
      yield* receive(() => false, { after: 30 });
      const read = readTimer(t, { async: true });
      const cancel = cancelTimer(t, { async: true });
      const quiet = cancelTimer(sendAfter(5, self(), 'y'), { info: false });
      const got: unknown[] = [];
      for (;;) {
        const m = yield* receive(null, { after: 10 });
        if (m === TIMEOUT) break;
        got.push(m);
      }
      return [read, cancel, quiet, got.map((m) => [(m as unknown[])[0], (m as unknown[])[1] === t, (m as unknown[])[2]])];
    });
    expect(v).toEqual(['ok', 'ok', 'ok', [['read_timer', true, 70], ['cancel_timer', true, 70]]]);
  });

  it('TMR-3: a bad option is badarg inside a process and a typed error outside', () => {
    const sim = Simulation.create({ seed: 1 });
    const r = sim.run(function* () {
      const t = sendAfter(100, self(), 'x');
      return [attempt(() => cancelTimer(t, { bogus: true } as never)), attempt(() => readTimer(t, { info: false } as never))];
    });
    expect(r.value).toEqual(['badarg', 'badarg']);
    expect(() => sim.inspect(() => cancelTimer(null as never, { async: 1 } as never))).toThrow(BadArgumentError);
  });
});
