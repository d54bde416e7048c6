/**
 * RCV rules: selective receive, `after`, the timeout tie-break; and `yieldNow`.
 */
import { describe, expect, it } from 'vitest';
import {
  classify, MAX_TIMEOUT_MS, monotonicTime, processInfo, receive, self, send, sendAfter, spawn, TIMEOUT, yieldNow,
} from '../../../src/index.js';
import { runOk, simulate } from '../../helpers.js';

describe('RCV-1: selective receive', () => {
  it('RCV-1: receive() ops made ahead of use, or used twice, each take the next message (a process reuses one)', () => {
    const v = runOk(function* () {
      for (const m of ['a', 'b', 'c', 'd']) send(self(), m);
      const x = receive();
      const y = receive();
      const got = [yield* x, yield* y, yield* x];
      const inner = spawn(function* () { send(self(), 'own'); yield* receive(); });
      return [...got, yield* receive(), typeof inner];
    });
    expect(v).toEqual(['a', 'b', 'c', 'd', 'object']);
  });

  it('RCV-1: takes the oldest matching message; skipped ones keep their order for the next receive', () => {
    const v = runOk(function* () {
      for (const m of ['a', 1, 'b', 2, 'c']) send(self(), m);
      const first = yield* receive((m) => typeof m === 'number');
      const rest: unknown[] = [];
      for (let i = 0; i < 4; i++) rest.push(yield* receive());
      return [first, rest];
    });
    expect(v).toEqual([1, ['a', 'b', 2, 'c']]);
  });

  it('RCV-1: a waiting receive is woken only by a matching message, and takes it even if others came first', () => {
    const v = runOk(function* () {
      const me = self();
      spawn(function* () {
        send(me, 'noise1');
        yield* yieldNow();
        send(me, 'noise2');
        yield* yieldNow();
        send(me, ['wanted', 1]);
      });
      const m = yield* receive((x) => Array.isArray(x) && x[0] === 'wanted');
      return [m, processInfo(self(), 'messages')];
    });
    expect(v).toEqual([['wanted', 1], ['messages', ['noise1', 'noise2']]]);
  });

  it('RCV-1: a matcher that throws does not match (as a failing guard)', () => {
    const v = runOk(function* () {
      send(self(), null);
      send(self(), { ok: true });
      const m = yield* receive((x) => (x as { ok: boolean }).ok === true);
      return [m, yield* receive()];
    });
    expect(v).toEqual([{ ok: true }, null]);
  });
});

describe('RCV-2: after', () => {
  it('RCV-2: the timeout counts from entry and non-matching arrivals neither satisfy nor restart it', () => {
    const v = runOk(function* () {
      const me = self();
      spawn(function* () {
        for (let i = 0; i < 3; i++) {
          yield* receive(null, { after: 30 });
          send(me, 'noise');
        }
      });
      const t0 = monotonicTime();
      const r = yield* receive((m) => m === 'never', { after: 100 });
      return [r === TIMEOUT, monotonicTime() - t0, processInfo(self(), 'message_queue_len')];
    });
    expect(v).toEqual([true, 100, ['message_queue_len', 3]]);
  });

  it('RCV-2: a matching message before the timeout wins and cancels the timer', () => {
    const res = simulate(function* () {
      sendAfter(40, self(), 'hit');
      const r = yield* receive((m) => m === 'hit', { after: 100 });
      return [r, monotonicTime()];
    });
    expect(res.value).toEqual(['hit', 40]);
    expect(res.stats.virtualTimeMs).toBe(40);
  });
});

describe('RCV-3: after 0, infinity, and bad values', () => {
  it('RCV-3: after 0 looks only at queued messages', () => {
    const v = runOk(function* () {
      const a = yield* receive(null, { after: 0 });
      send(self(), 'x');
      const b = yield* receive(null, { after: 0 });
      const c = yield* receive((m) => m === 'y', { after: 0 });
      return [a === TIMEOUT, b, c === TIMEOUT, monotonicTime()];
    });
    expect(v).toEqual([true, 'x', true, 0]);
  });

  it('RCV-3: after infinity never fires (the run deadlocks)', () => {
    const res = simulate(function* () {
      yield* receive(null, { after: 'infinity' });
    });
    expect(res.outcome).toBe('deadlock');
  });

  it('RCV-3: the largest value 2^32-1 is accepted', () => {
    const res = simulate(function* () {
      return yield* receive(null, { after: MAX_TIMEOUT_MS });
    }, { timeMaxMs: 2 ** 33 });
    expect(res.value).toBe(TIMEOUT);
    expect(res.stats.virtualTimeMs).toBe(MAX_TIMEOUT_MS);
  });

  it('RCV-3: a negative, non-integer or too large value raises timeout_value', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const after of [-1, 1.5, MAX_TIMEOUT_MS + 1, 'soon', NaN, Infinity]) {
        try {
          yield* receive(null, { after: after as number });
          out.push('accepted');
        } catch (e) {
          out.push(classify(e));
        }
      }
      return out;
    });
    expect(v).toEqual(Array(6).fill({ class: 'error', reason: 'timeout_value' }));
  });
});

describe('RCV-4: an expired timer wins', () => {
  it('RCV-4: once the after timer has fired, the after branch is taken even if a matching message came first', () => {
    // fifo with each step costing 5 ms: the receiver enters its receive at 5 ms (timeout due at
    // 15 ms); main sends the message at 10 ms, and its step ends at 15 ms, when the timer is due
    // before the receiver runs again.
    const v = runOk(function* () {
      const me = self();
      const r = spawn(function* () {
        const a = yield* receive((m) => m === 'm', { after: 10 });
        const b = yield* receive(null, { after: 0 });
        send(me, [a === TIMEOUT ? 'timeout' : a, b]);
      });
      yield* yieldNow();
      send(r, 'm');
      return yield* receive();
    }, { strategy: 'fifo', stepCostMs: 5 });
    expect(v).toEqual(['timeout', 'm']);
  });
});

describe('yieldNow', () => {
  it('yieldNow lets the other runnable processes step (fifo round robin)', () => {
    const v = runOk(function* () {
      const me = self();
      const log: string[] = [];
      spawn(function* () { send(me, 'child ran'); });
      log.push('before');
      yield* yieldNow();
      log.push(String(yield* receive(null, { after: 0 })));
      return log;
    }, { strategy: 'fifo' });
    expect(v).toEqual(['before', 'child ran']);
  });

  it('receive() is its own iterator: it yields its effect once, then returns what the runtime resumes it with', () => {
    const op = receive();
    const first = op.next();
    expect(first.done).toBe(false);
    expect(first.value).toBe(op);
    const second = op.next('msg');
    expect([second.done, second.value]).toEqual([true, 'msg']);
    expect(receive().return(7)).toMatchObject({ done: true, value: 7 });
    expect(() => receive(null, { after: 5 }).throw(new Error('thrown in'))).toThrow('thrown in');
  });

  it('a receive op can be kept and waited on again', () => {
    const v = runOk(function* () {
      const me = self();
      spawn(function* () { send(me, 1); yield* yieldNow(); send(me, 2); });
      const op = receive();
      return [yield* op, yield* op];
    });
    expect(v).toEqual([1, 2]);
  });
});
