/**
 * global on one node: re_register_name (GLOB-2), locks and trans (GLOB-5, global_SUITE:locks,
 * lock_die), sync (GLOB-6).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exit, globalRegistry, monotonicTime, receive, self, send, spawn, timer, type Op, type Pid } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { runOk } from '../helpers.js';
import { attempt } from './gen-helpers.js';

const idle = function* () {
  yield* receive((m) => m === 'never');
};

/** A process that sets `id` with `retries`, reports `['set', r, ms]` to `to`, then holds it until told `'release'` (or dies on `'die'`). */
function* locker(to: Pid, id: readonly [unknown, unknown], retries: number | 'infinity'): Op<void> {
  const r = yield* globalRegistry.setLock(id, undefined, retries);
  send(to, ['set', self(), r, monotonicTime()]);
  const m = yield* receive((x) => x === 'release' || x === 'die');
  if (m === 'die') throw new Error('dies holding the lock');
  globalRegistry.delLock(id);
  send(to, ['released', self()]);
}

const setBy = (pid: Pid) => (m: unknown): m is ['set', Pid, boolean, number] => Array.isArray(m) && m[0] === 'set' && m[1] === pid;

describe('global names', () => {
  it('GLOB-2: reRegisterName is yes: the name moves to the new pid, which may hold a second name; a dead pid\'s name is gone at once', () => {
    const v = runOk(function* () {
      const a = spawn(idle);
      const b = spawn(idle);
      const dead = spawn(function* () {});
      yield* timer.sleep(1);
      const r: unknown[] = [globalRegistry.registerName('n', a), globalRegistry.registerName('other', b)];
      r.push(globalRegistry.reRegisterName('n', b), globalRegistry.whereisName('n') === b);
      exit(a, 'kill');
      yield* timer.sleep(1);
      r.push(globalRegistry.whereisName('n') === b); // a's death takes nothing of b's
      r.push(globalRegistry.registerName('n', a)); // taken
      r.push(globalRegistry.reRegisterName('n', dead), globalRegistry.whereisName('n'));
      exit(b, 'kill');
      yield* timer.sleep(1);
      r.push(globalRegistry.whereisName('other'), yield* attempt((function* () { return globalRegistry.reRegisterName('n', 'me' as never); })()));
      return r;
    });
    expect(v).toEqual(['yes', 'yes', 'yes', true, true, 'no', 'yes', 'undefined', 'undefined', ['error', 'function_clause']]);
  });

  it('GLOB-6: sync is ok', () => {
    expect(runOk(function* () { return globalRegistry.sync(); })).toBe('ok');
  });
});

describe('GLOB-5: locks', () => {
  it('a free lock is set; the same requester shares it; another requester is refused with retries 0', () => {
    const v = runOk(function* () {
      const me = self();
      const a = spawn(locker, me, ['res', 'alice'], 0);
      const [, , ra] = yield* receive(setBy(a));
      const b = spawn(locker, me, ['res', 'alice'], 0); // the same requester: shares it
      const [, , rb] = yield* receive(setBy(b));
      const c = spawn(locker, me, ['res', 'bob'], 0);
      const [, , rc, tc] = yield* receive(setBy(c));
      const other = spawn(locker, me, ['other', 'bob'], 0); // another resource
      const [, , ro] = yield* receive(setBy(other));
      return [ra, rb, rc, tc, ro];
    });
    expect(v).toEqual([true, true, false, 0, true]);
  });

  it('a waiting requester gets the lock once every holder has deleted it, after OTP\'s backoff sleeps [locks]', () => {
    const run = (seed: number) => Simulation.create({ seed }).run(function* () {
      const me = self();
      const a = spawn(locker, me, ['res', 'alice'], 0);
      yield* receive(setBy(a));
      const b = spawn(locker, me, ['res', 'alice'], 0);
      yield* receive(setBy(b));
      const c = spawn(locker, me, ['res', 'bob'], 'infinity');
      yield* timer.sleep(1000);
      send(a, 'release');
      yield* timer.sleep(1000);
      const stillWaiting = yield* receive(setBy(c), { after: 0 });
      send(b, 'release');
      const [, , rc, tc] = yield* receive(setBy(c));
      return [typeof stillWaiting, rc, tc];
    });
    const r = run(1);
    expect(r.outcome).toBe('ok');
    const [waiting, got, at] = r.value as [string, boolean, number];
    expect([waiting, got]).toEqual(['symbol', true]);
    expect(at).toBeGreaterThan(2000);
    expect(at).toBeLessThanOrEqual(2000 + 8000 + 4000); // sleeps of at most 125, 250, … 4000, then 8000 ms
    expect(run(1).value).toEqual(r.value); // the sleeps are drawn from the seed
  });

  it('retries counts the tries after the first: each sleeps first, and false comes after the last', () => {
    const v = runOk(function* () {
      const me = self();
      const a = spawn(locker, me, ['res', 'alice'], 0);
      yield* receive(setBy(a));
      const c = spawn(locker, me, ['res', 'bob'], 2);
      const [, , rc, tc] = yield* receive(setBy(c));
      return [rc, tc > 0, tc <= 125 + 250];
    });
    expect(v).toEqual([false, true, true]);
  });

  it('a holder that dies releases its lock [lock_die]', () => {
    const v = runOk(function* () {
      const me = self();
      const a = spawn(locker, me, ['res', 'alice'], 0);
      yield* receive(setBy(a));
      send(a, 'die');
      yield* timer.sleep(1);
      const b = spawn(locker, me, ['res', 'bob'], 0);
      const [, , rb] = yield* receive(setBy(b));
      return rb;
    });
    expect(v).toBe(true);
  });

  it('trans runs the fun holding the lock and deletes it however the fun ends; aborted when the lock cannot be set', () => {
    const v = runOk(function* () {
      const me = self();
      const id = ['counter', me] as const;
      const plain = yield* globalRegistry.trans(id, () => 'done');
      const blocking = yield* globalRegistry.trans(id, function* () { yield* timer.sleep(5); return 'slept'; });
      const thrown = yield* attempt(globalRegistry.trans(id, () => { throw new Error('in the fun'); }));
      const badfun = yield* attempt(globalRegistry.trans(id, 'nofun' as never));
      const other = spawn(locker, me, ['counter', 'someone'], 0);
      const [, , free] = yield* receive(setBy(other)); // every trans above deleted the lock
      const aborted = yield* globalRegistry.trans(id, () => 'never', undefined, 0);
      return [plain, blocking, thrown[0], badfun, free, aborted];
    });
    expect(v).toEqual(['done', 'slept', 'error', ['error', ['badfun', 'nofun']], true, 'aborted']);
  });

  it('mutual exclusion: under any interleaving, at most one requester is inside trans at a time, and every trans runs (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 2, max: 5 }), fc.constantFrom('random', 'pct'), (seed, n, strategy) => {
      let inside = 0;
      let most = 0;
      let done = 0;
      const r = Simulation.create({ seed, strategy: strategy as 'random' }).run(function* () {
        const me = self();
        for (let i = 0; i < n; i++) {
          spawn(function* () {
            const got = yield* globalRegistry.trans(['res', self()], function* () {
              inside++;
              most = Math.max(most, inside);
              yield* timer.sleep(1 + (i % 3));
              inside--;
              return 'ran';
            });
            send(me, ['done', got]);
          });
        }
        for (let i = 0; i < n; i++) {
          const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'done')) as unknown[];
          if (m[1] === 'ran') done++;
        }
      });
      expect(r.outcome).toBe('ok');
      expect([most, done]).toEqual([1, n]);
    }), { numRuns: 40 });
  });

  it('a lock on nodes that do not include this one is set here on nothing (OTP counts the replies it gets); bad ids are function_clause', () => {
    const v = runOk(function* () {
      const me = self();
      const elsewhere = yield* globalRegistry.setLock(['res', 'x'], ['other@host'], 0);
      const b = spawn(locker, me, ['res', 'y'], 0);
      const [, , rb] = yield* receive(setBy(b));
      return [elsewhere, rb, yield* attempt(globalRegistry.setLock('res' as never)), yield* attempt(globalRegistry.setLock(['r', 1], undefined, -1))];
    });
    expect(v).toEqual([true, true, ['error', 'function_clause'], ['error', 'function_clause']]);
  });
});
