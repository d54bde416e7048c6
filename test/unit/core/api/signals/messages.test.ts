/**
 * MSG rules: sending, ordering, dead and named destinations, strict copies, aliases that are gone.
 */
import { describe, expect, it } from 'vitest';
import {
  alias, BadArgumentError, classify, exitException, monitor, processFlag, processInfo, receive, register, self, send,
  sendAfter, spawn, spawnLink, unalias, yieldNow,
} from '../../../../../src/index.js';
import { Simulation } from '../../../../../sim/index.js';
import { runOk, simulate } from '../../../../helpers.js';
import { idle, drain } from './helpers.js';

describe('MSG: sending', () => {
  it('MSG-1: send returns the message and does not wait for the receiver', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const r = send(p, ['hello', 1]);
      return [r, processInfo(p, 'message_queue_len')];
    });
    expect(v).toEqual([['hello', 1], ['message_queue_len', 1]]);
  });

  it('MSG-2: messages from one sender arrive in send order', () => {
    const v = runOk(function* () {
      const me = self();
      spawn(function* () { for (let i = 0; i < 50; i++) send(me, i); });
      const got: unknown[] = [];
      for (let i = 0; i < 50; i++) got.push(yield* receive());
      return got;
    }, { seed: 9 });
    expect(v).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('MSG-3: the mailbox is unbounded and ordered by arrival', () => {
    const v = runOk(function* () {
      for (let i = 0; i < 5000; i++) send(self(), i);
      const info = processInfo(self(), 'message_queue_len');
      const all = yield* drain();
      return [info, all.length, all[0], all[4999]];
    });
    expect(v).toEqual([['message_queue_len', 5000], 5000, 0, 4999]);
  });

  it('MSG-4: sending to a dead pid, to [name, node] unregistered or remote, drops silently', () => {
    const res = simulate(function* () {
      const p = spawn(function* () {});
      yield* yieldNow();
      yield* yieldNow();
      send(p, 'lost');
      send(['nobody', 'nonode@nohost'], 'lost too');
      send(['anyone', 'elsewhere@host'], 'far');
      return 'still alive';
    }, { strategy: 'fifo' });
    expect(res.value).toBe('still alive');
    const dropped = res.trace.filter((e) => e.kind === 'send').map((e) => (e as { dropped?: string }).dropped);
    expect(dropped).toEqual(['noproc', 'unregistered', 'nodedown']);
  });

  it('MSG-4: [name, node] on the local node with the name registered delivers', () => {
    const v = runOk(function* () {
      register('me', self());
      send(['me', 'nonode@nohost'], 'hi');
      return yield* receive();
    });
    expect(v).toBe('hi');
  });

  it('MSG-4: sending to an unregistered local name raises badarg', () => {
    const v = runOk(function* () {
      try {
        send('nobody', 'x');
        return 'sent';
      } catch (e) {
        return classify(e);
      }
    });
    expect(v).toEqual({ class: 'error', reason: 'badarg' });
  });

  it('MSG-4: a destination that is not one is badarg; from test code a typed error naming dest', () => {
    const v = runOk(function* () {
      try {
        send(42 as never, 'x');
      } catch (e) {
        return classify(e).reason;
      }
    });
    expect(v).toBe('badarg');
    const sim = Simulation.create();
    expect(() => sim.inspect(() => send('nobody', 1))).toThrow(BadArgumentError);
    expect(() => sim.inspect(() => send('nobody', 1))).toThrow(/'dest'/);
  });

  it('MSG-6: everything a process sent before dying arrives before its DOWN and its EXIT', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const me = self();
      const p = spawnLink(function* () {
        for (let i = 0; i < 3; i++) send(me, i);
        yield* yieldNow();
        send(me, 3);
        exitException('done');
      });
      const ref = monitor('process', p);
      const got: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const m = yield* receive();
        got.push(Array.isArray(m) ? [m[0], m[0] === 'DOWN' ? m[1] === ref : m[1] === p, m[m.length - 1]] : m);
      }
      return got;
    }, { seed: 4 });
    expect(v).toEqual([0, 1, 2, 3, ['EXIT', true, 'done'], ['DOWN', true, 'done']]);
  });

  it('MSG-5: by default a local send passes the term as is; in strict mode (copyMessages) it is a copy', () => {
    const body = function* () {
      const me = self();
      const p = spawn(function* () {
        const m = (yield* receive()) as { n: number[] };
        yield* receive((x) => x === 'look');
        send(me, m.n[0]);
      });
      const msg = { n: [1] };
      send(p, msg);
      msg.n[0] = 2; // mutated after the send
      send(p, 'look');
      return yield* receive();
    };
    expect(runOk(body)).toBe(2);
    expect(runOk(body, { copyMessages: true })).toBe(1);
    const r = simulate(function* () {
      const box = { v: 'before' };
      sendAfter(5, self(), box);
      box.v = 'after';
      return yield* receive();
    }, { copyMessages: true });
    expect(r.value).toEqual({ v: 'before' });
  });

  it('MSG-7: a message to a deactivated alias is discarded; one already queued stays', () => {
    const res = simulate(function* () {
      const a = alias();
      send(a, 'first');
      unalias(a);
      send(a, 'second');
      return yield* drain();
    });
    expect(res.value).toEqual(['first']);
    expect(res.trace.filter((e) => e.kind === 'send').map((e) => (e as { dropped?: string }).dropped)).toEqual([undefined, 'inactive_alias']);
  });
});
