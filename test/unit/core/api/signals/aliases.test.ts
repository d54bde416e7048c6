/**
 * MON-6 and MSG-7: aliases.
 */
import { describe, expect, it } from 'vitest';
import {
  alias, classify, demonitor, exit, monitor, processInfo, receive, Ref, self, send, spawn, unalias, yieldNow,
} from '../../../../../src/index.js';
import { runOk, simulate } from '../../../../helpers.js';
import { type Msg, downOf, idle, reasonOf, drain } from './helpers.js';

function makeForeignRef(): Ref {
  return new Ref('nonode@nohost', 0, 999_999);
}


describe('MON-6: aliases', () => {
  it('MON-6: alias() makes a send target until unalias; unalias tells whether it was active', () => {
    const v = runOk(function* () {
      const a = alias();
      const me = self();
      spawn(function* () { send(a, 'via alias'); send(me, 'direct'); });
      const got = [yield* receive(), yield* receive()];
      return [got, unalias(a), unalias(a), unalias(makeForeignRef())];
    });
    expect(v).toEqual([['via alias', 'direct'], true, false, false]);
  });

  it("MON-6: only the owner can unalias; unalias of a non-ref is badarg; a bad mode is badarg", () => {
    const v = runOk(function* () {
      const a = alias();
      const me = self();
      spawn(function* () { send(me, unalias(a)); });
      const other = yield* receive();
      send(a, 'still active');
      const out: unknown[] = [other, yield* receive()];
      for (const f of [() => unalias('x' as never), () => alias({ mode: 'demonitor' } as never)]) {
        try {
          f();
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual([false, 'still active', 'badarg', 'badarg']);
  });

  it("MON-6: alias({ mode: 'reply' }) (OTP's alias([reply])) ends after the first message; reply_demonitor is a monitor's mode, badarg here as in OTP 25", () => {
    const v = runOk(function* () {
      let bad: unknown;
      try {
        alias({ mode: 'reply_demonitor' } as never);
      } catch (e) {
        bad = classify(e).reason;
      }
      const a = alias({ mode: 'reply' });
      send(a, 1);
      send(a, 2);
      return [yield* drain(), unalias(a), bad];
    });
    expect(v).toEqual([[1], false, 'badarg']);
  });

  it('MON-6: a monitor alias in demonitor mode ends with the DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p, { alias: 'demonitor' });
      send(ref, 'before');
      exit(p, 'x');
      const got = [yield* receive(), ((yield* receive()) as Msg)[4]];
      send(ref, 'after');
      return [got, yield* drain()];
    });
    expect(v).toEqual([['before', 'x'], []]);
  });

  it('MON-6: a monitor alias in demonitor mode ends with demonitor', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p, { alias: 'demonitor' });
      demonitor(ref);
      send(ref, 'after');
      return yield* drain();
    });
    expect(v).toEqual([]);
  });

  it('MON-6: a monitor alias in explicit_unalias mode outlives the DOWN and demonitor until unalias', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const r1 = monitor('process', p, { alias: 'explicit_unalias' });
      const r2 = monitor('process', p, { alias: 'explicit_unalias' });
      demonitor(r2);
      exit(p, 'x');
      const down = ((yield* receive(downOf(r1))) as Msg)[4];
      send(r1, 'one');
      send(r2, 'two');
      const got = yield* drain();
      const u = unalias(r1);
      send(r1, 'three');
      return [down, got, u, yield* drain()];
    });
    expect(v).toEqual(['x', ['one', 'two'], true, []]);
  });

  it('MON-6: reply_demonitor on a monitor ends the alias and the monitor after the first message', () => {
    const v = runOk(function* () {
      const me = self();
      const server = spawn(function* () {
        const [from, req] = (yield* receive()) as [Ref, string];
        send(from, ['reply', req]);
        send(from, ['reply again', req]);
        yield* idle();
      });
      const ref = monitor('process', server, { alias: 'reply_demonitor' });
      send(server, [ref, 'q']);
      const r = yield* receive();
      exit(server, 'x');
      yield* yieldNow();
      yield* yieldNow();
      return [r, yield* drain(), processInfo(me, 'monitors')];
    }, { strategy: 'fifo' });
    expect(v).toEqual([['reply', 'q'], [], ['monitors', []]]);
  });

  it('MON-6: monitoring a dead process with an alias: demonitor modes end at once, explicit_unalias stays', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      const a = monitor('process', p, { alias: 'demonitor' });
      const b = monitor('process', p, { alias: 'explicit_unalias' });
      yield* drain();
      send(a, 'a');
      send(b, 'b');
      return yield* drain();
    });
    expect(v).toEqual(['b']);
  });

  it("MON-6: a dead owner's aliases are gone", () => {
    const res = simulate(function* () {
      const me = self();
      const p = spawn(function* () { send(me, alias()); });
      const a = (yield* receive()) as Ref;
      yield* reasonOf(p);
      send(a, 'x');
      return yield* drain();
    });
    expect(res.value).toEqual([]);
  });
});

describe('demonitor of another process\'s monitor', () => {
  it('MON-3, MON-6: demonitor by a process that does not hold the monitor changes nothing, its alias stays active', () => {
    const v = runOk(function* () {
      const me = self();
      const target = spawn(function* () { yield* receive(); });
      const ref = monitor('process', target, { alias: 'demonitor' });
      const other = spawn(function* (r: Ref) {
        const res = demonitor(r, { info: true });
        send(me, ['done', res]);
      }, ref);
      const [, res] = (yield* receive((m) => Array.isArray(m) && m[0] === 'done')) as [string, boolean];
      send(ref, 'via-alias'); // still active: the monitor is still mine
      const got = yield* receive((m) => m === 'via-alias', { after: 0 });
      exit(target, 'kill');
      const down = (yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN')) as unknown[];
      void other;
      return [res, got, down[4]];
    });
    expect(v).toEqual([false, 'via-alias', 'killed']);
  });
});
