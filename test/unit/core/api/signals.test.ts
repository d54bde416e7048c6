/**
 * Messages, links, exit signals, monitors and aliases: MSG, LINK, EXIT and MON rules.
 */
import { describe, expect, it } from 'vitest';
import {
  alias, BadArgumentError, classify, demonitor, exit, exitException, link, monitor, Pid, processFlag, processInfo, receive,
  Ref, register, self, send, sendAfter, spawn, spawnLink, TIMEOUT, unalias, unlink, whereis, yieldNow, type Op,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { runOk, simulate } from '../../../helpers.js';

type Msg = unknown[];
const tagged = (tag: unknown) => (m: unknown): m is Msg => Array.isArray(m) && m[0] === tag;
const downOf = (ref: Ref) => (m: unknown): m is Msg => Array.isArray(m) && m[1] === ref;

/** A process that waits forever. */
function* idle(): Op<void> {
  yield* receive((m) => m === 'never-sent');
}

/** The exit reason of `pid`, through a fresh monitor. */
function* reasonOf(pid: Pid): Op<unknown> {
  const ref = monitor('process', pid);
  return ((yield* receive(downOf(ref))) as Msg)[4];
}

/** Everything queued right now. */
function* drain(): Op<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = yield* receive(null, { after: 0 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

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

describe('LINK: links', () => {
  it('LINK-1: links are bidirectional, one per pair, and linking to self does nothing', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const r = [link(p), link(p), link(self())];
      return [r, processInfo(self(), 'links'), processInfo(p, 'links'), p, self()];
    });
    const [r, mine, theirs, p, me] = v as [unknown, unknown, unknown, Pid, Pid];
    expect(r).toEqual([true, true, true]);
    expect(mine).toEqual(['links', [p]]);
    expect(theirs).toEqual(['links', [me]]);
  });

  it('LINK-2: linking to a dead pid raises noproc in a non-trapping caller', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      try {
        link(p);
        return 'linked';
      } catch (e) {
        return classify(e);
      }
    });
    expect(v).toEqual({ class: 'error', reason: 'noproc' });
  });

  it("LINK-2: a trapping caller finds ['EXIT', pid, 'noproc'] queued instead", () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const p = spawn(function* () {});
      yield* reasonOf(p);
      const r = link(p);
      const m = (yield* receive()) as Msg;
      return [r, m[0], m[1] === p, m[2]];
    });
    expect(v).toEqual([true, 'EXIT', true, 'noproc']);
  });

  it('LINK-2: link and unlink of a non-pid are badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const f of [link, unlink]) {
        try {
          f('x' as never);
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual(['badarg', 'badarg']);
  });

  it('LINK-3: after unlink the peer death sends nothing; an EXIT already queued stays', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const a = spawnLink(idle);
      const b = spawnLink(idle);
      const ra = monitor('process', a);
      const rb = monitor('process', b);
      exit(a, 'boom'); // a dies when it next runs; its link signal then lands in our queue
      yield* receive(downOf(ra));
      unlink(a); // too late: the EXIT is queued and stays
      unlink(b);
      exit(b, 'bang');
      yield* receive(downOf(rb));
      const got = yield* drain();
      return [got.map((m) => (m as Msg)[2]), processInfo(self(), 'links'), unlink(b)];
    });
    expect(v).toEqual([['boom'], ['links', []], true]);
  });

  it('LINK-4: a trapping peer gets EXIT with the reason, normal included', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const out: unknown[] = [];
      for (const body of [function* () {}, function* () { exitException('bad'); }]) {
        const p = spawnLink(body);
        const m = (yield* receive(tagged('EXIT'))) as Msg;
        out.push([m[1] === p, m[2]]);
      }
      return out;
    });
    expect(v).toEqual([[true, 'normal'], [true, 'bad']]);
  });

  it('LINK-4: a non-trapping peer ignores normal and dies with any other reason', () => {
    const v = runOk(function* () {
      const results: unknown[] = [];
      for (const reason of ['normal', 'bad', ['shutdown', 'x']]) {
        const me = self();
        const peer = spawn(function* () {
          spawnLink(function* (r: unknown) { exitException(r); }, reason);
          yield* receive((m) => m === 'ping');
          send(me, 'pong');
        });
        const ref = monitor('process', peer);
        yield* yieldNow();
        yield* yieldNow();
        yield* yieldNow();
        send(peer, 'ping');
        const m = (yield* receive((x) => x === 'pong' || downOf(ref)(x))) as unknown;
        results.push(m === 'pong' ? 'survived' : (m as Msg)[4]);
        if (m === 'pong') yield* receive(downOf(ref));
      }
      return results;
    }, { strategy: 'fifo' });
    expect(v).toEqual(['survived', 'bad', ['shutdown', 'x']]);
  });

  it('LINK-5: a link signal with reason kill is not turned into killed', () => {
    const v = runOk(function* () {
      // A process that exits with reason kill (exit/1), linked to a non-trapping and a trapping peer.
      const me = self();
      const plain = spawn(function* () {
        spawnLink(function* () { yield* yieldNow(); exitException('kill'); });
        yield* idle();
      });
      const trapper = spawn(function* () {
        processFlag('trap_exit', true);
        spawnLink(function* () { yield* yieldNow(); exitException('kill'); });
        const m = (yield* receive()) as Msg;
        send(me, ['trapped', m[0], m[2]]);
      });
      const r = yield* reasonOf(plain);
      void trapper;
      const t = yield* receive(tagged('trapped'));
      return [r, t];
    });
    expect(v).toEqual(['kill', ['trapped', 'EXIT', 'kill']]);
  });
});

describe('EXIT: exit signals', () => {
  it('EXIT-1: exit/2 returns true, even to a dead pid', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      return [exit(p, 'whatever'), exit(p, 'kill')];
    });
    expect(v).toEqual([true, true]);
  });

  it('EXIT-1: exit of a non-pid is badarg', () => {
    const v = runOk(function* () {
      try {
        exit('x' as never, 'r');
      } catch (e) {
        return classify(e).reason;
      }
    });
    expect(v).toBe('badarg');
  });

  it('EXIT-2: a non-trapping receiver drops normal from another process and dies with any other reason', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      exit(p, 'normal');
      yield* yieldNow();
      yield* yieldNow();
      const alive = processInfo(p, 'status');
      exit(p, 'other');
      return [alive, ((yield* receive(downOf(ref))) as Msg)[4]];
    }, { strategy: 'fifo' });
    expect(v).toEqual([['status', 'waiting'], 'other']);
  });

  it('EXIT-3: kill cannot be trapped; the victim dies killed, and links and monitors see killed', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const victim = spawnLink(function* () { processFlag('trap_exit', true); yield* idle(); });
      yield* yieldNow();
      const ref = monitor('process', victim);
      exit(victim, 'kill');
      const a = (yield* receive(tagged('EXIT'))) as Msg;
      const b = (yield* receive(downOf(ref))) as Msg;
      return [a[2], b[4]];
    });
    expect(v).toEqual(['killed', 'killed']);
  });

  it("EXIT-4: a trapping receiver turns every non-kill exit/2 signal into ['EXIT', sender, R], normal included", () => {
    const v = runOk(function* () {
      const me = self();
      const p = spawn(function* () {
        processFlag('trap_exit', true);
        send(me, 'ready');
        const got: unknown[] = [];
        for (let i = 0; i < 3; i++) got.push(yield* receive());
        send(me, got);
      });
      yield* receive((m) => m === 'ready');
      exit(p, 'normal');
      exit(p, 'shutdown');
      exit(p, ['x', 1]);
      const got = (yield* receive(Array.isArray)) as Msg[];
      return got.map((m) => [m[0], m[1] === me, m[2]]);
    });
    expect(v).toEqual([['EXIT', true, 'normal'], ['EXIT', true, 'shutdown'], ['EXIT', true, ['x', 1]]]);
  });

  it('EXIT-5: exit(self(), normal) terminates a non-trapping caller with normal', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { exit(self(), 'normal'); yield* idle(); });
      return yield* reasonOf(p);
    });
    expect(v).toBe('normal');
  });

  it('EXIT-5: exit(self(), R) is a signal: catching does not stop it, and the caught process can do nothing more', () => {
    const v = runOk<[unknown, unknown[]]>(function* () {
      const me = self();
      const p = spawn(function* () {
        try {
          exit(self(), 'boom');
        } catch {
          try {
            send(me, 'caught');
          } catch {
            spawn(function* () { send(me, 'spawned'); });
          }
        }
        send(me, 'after');
        yield* idle();
        send(me, 'never');
      });
      const r = yield* reasonOf(p);
      yield* receive(null, { after: 10 });
      return [r, yield* drain()];
    });
    expect(v).toEqual(['boom', []]);
  });

  it('EXIT-5: a trapping caller gets the message instead', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      exit(self(), 'boom');
      exit(self(), 'normal');
      const got = (yield* drain()) as Msg[];
      return got.map((m) => [m[0], m[1] === self(), m[2]]);
    });
    expect(v).toEqual([['EXIT', true, 'boom'], ['EXIT', true, 'normal']]);
  });

  it('EXIT-5: exit(self(), kill) kills even a trapping caller, with killed', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { processFlag('trap_exit', true); exit(self(), 'kill'); yield* idle(); });
      return yield* reasonOf(p);
    });
    expect(v).toBe('killed');
  });

  it('EXIT-6: exit(R) (arity 1) is a catchable exception of class exit', () => {
    const v = runOk(function* () {
      try {
        exitException('r');
      } catch (e) {
        return [classify(e), processInfo(self(), 'status')];
      }
    });
    expect(v).toEqual([{ class: 'exit', reason: 'r' }, ['status', 'running']]);
  });

  it('EXIT-7: the first fatal signal decides the reason', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      exit(p, 'first');
      exit(p, 'second');
      exit(p, 'kill');
      return ((yield* receive(downOf(ref))) as Msg)[4];
    });
    expect(v).toBe('first');
  });

  it('EXIT-7: a fatal signal is acted on while the process waits in receive ... after', () => {
    const res = simulate(function* () {
      const p = spawn(function* () { yield* receive((m) => m === 'x', { after: 1000 }); });
      const ref = monitor('process', p);
      yield* yieldNow();
      exit(p, 'stop');
      return ((yield* receive(downOf(ref))) as Msg)[4];
    }, { strategy: 'fifo' });
    expect(res.value).toBe('stop');
    expect(res.stats.virtualTimeMs).toBe(0);
  });

  it('the trace records each exit signal with its effect', () => {
    const res = simulate(function* () {
      const p = spawn(idle);
      exit(p, 'normal');
      exit(p, 'kill');
      yield* reasonOf(p);
    });
    const effects = res.trace.filter((e) => e.kind === 'exitSignal').map((e) => (e as { effect: string }).effect);
    expect(effects).toEqual(['ignored', 'exit']);
  });
});

describe('MON: monitors', () => {
  it('MON-1: each monitor is independent and gives its own DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const r1 = monitor('process', p);
      const r2 = monitor('process', p);
      exit(p, 'bye');
      const a = (yield* receive()) as Msg;
      const b = (yield* receive()) as Msg;
      return [r1 !== r2, a[1] === r1, b[1] === r2, a[2], a[3] === p, a[4], b[4], yield* drain()];
    });
    expect(v).toEqual([true, true, true, 'process', true, 'bye', 'bye', []]);
  });

  it('MON-2: a dead target gives an immediate DOWN noproc', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      const ref = monitor('process', p);
      const m = (yield* receive(null, { after: 0 })) as Msg;
      return [m[0], m[1] === ref, m[3] === p, m[4]];
    });
    expect(v).toEqual(['DOWN', true, true, 'noproc']);
  });

  it('REG-3: monitoring by name gives [name, node] as the object; an unregistered name gives noproc at once', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      register('srv', p);
      monitor('process', 'srv');
      monitor('process', ['srv', 'nonode@nohost']);
      monitor('process', 'nobody');
      monitor('process', ['srv', 'far@away']);
      exit(p, 'x');
      const got: Msg[] = [];
      for (let i = 0; i < 4; i++) got.push((yield* receive()) as Msg);
      return got.map((m) => [m[3], m[4]]);
    });
    expect(v).toEqual([
      [['nobody', 'nonode@nohost'], 'noproc'],
      [['srv', 'far@away'], 'noproc'],
      [['srv', 'nonode@nohost'], 'x'],
      [['srv', 'nonode@nohost'], 'x'],
    ]);
  });

  it('MON-3: demonitor returns true, is idempotent, and stops the DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      const a = demonitor(ref);
      const b = demonitor(ref);
      const c = demonitor(monitor('process', spawn(idle)));
      exit(p, 'x');
      yield* yieldNow();
      yield* yieldNow();
      return [a, b, c, yield* drain(), processInfo(self(), 'monitors')];
    });
    expect(v).toEqual([true, true, true, [], ['monitors', []]]);
  });

  it('MON-3: a DOWN already queued stays after demonitor; flush removes it; info tells whether it was active', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      const p = spawn(function* () {});
      const r1 = monitor('process', p);
      const r2 = monitor('process', p);
      const r3 = monitor('process', p);
      yield* reasonOf(p); // all three DOWNs are queued now
      out.push(demonitor(r1));
      out.push(demonitor(r2, { flush: true }));
      out.push(demonitor(r3, { info: true }));
      const q = spawn(idle);
      const r4 = monitor('process', q);
      out.push(demonitor(r4, { info: true }));
      out.push(demonitor(r4, { info: true }));
      const left = (yield* drain()) as Msg[];
      out.push(left.map((m) => (m[1] === r1 ? 'r1' : m[1] === r2 ? 'r2' : m[1] === r3 ? 'r3' : 'other')));
      return out;
    });
    expect(v).toEqual([true, true, false, true, false, ['r1', 'r3']]);
  });

  it('MON-3: flush with a custom tag removes the tagged DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      const ref = monitor('process', p, { tag: 'gone' });
      yield* yieldNow();
      yield* yieldNow();
      const r = demonitor(ref, { flush: true, info: true });
      return [r, yield* drain()];
    }, { strategy: 'fifo' });
    expect(v).toEqual([false, []]);
  });

  it('MON-4: a bad type, target, ref or option is badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      const attempts: (() => unknown)[] = [
        () => monitor('port' as never, self()),
        () => monitor('process', 42 as never),
        () => monitor('process', self(), { when: 1 } as never),
        () => monitor('process', self(), { alias: 'sometimes' } as never),
        () => monitor('process', self(), 'opts' as never),
        () => demonitor('ref' as never),
        () => demonitor(new Ref('other@host', 1, 5)),
        () => demonitor(monitor('process', self()), { now: true } as never),
      ];
      for (const f of attempts) {
        try {
          f();
          out.push('accepted');
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual(Array(8).fill('badarg'));
  });

  it('MON-4: from test code a bad monitor argument is a typed error naming it', () => {
    const sim = Simulation.create();
    const main = sim.start(function* () { yield* idle(); });
    expect(() => sim.inspect(() => monitor('process', main.pid))).toThrow(/monitor: must be called inside a process/);
    expect(() => sim.inspect(() => demonitor('x' as never))).toThrow(/demonitor/);
  });

  it('MON-5: when the monitoring process dies its monitors vanish; monitoring self is allowed', () => {
    const v = runOk(function* () {
      const target = spawn(idle);
      const watcher = spawn(function* () {
        monitor('process', target);
        const r = monitor('process', self());
        yield* receive((m) => m === 'die');
        void r;
      });
      yield* yieldNow();
      const before = processInfo(target, 'monitored_by');
      send(watcher, 'die');
      yield* reasonOf(watcher);
      return [before, processInfo(target, 'monitored_by'), watcher];
    }, { strategy: 'fifo' });
    const [before, after, watcher] = v as [unknown, unknown, Pid];
    expect(before).toEqual(['monitored_by', [watcher]]);
    expect(after).toEqual(['monitored_by', []]);
  });

  it('MON-7: the tag option replaces DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p, { tag: ['my', 'tag'] });
      exit(p, 'x');
      const m = (yield* receive()) as Msg;
      const q = spawn(function* () {});
      yield* reasonOf(q);
      const ref2 = monitor('process', q, { tag: 'dead' });
      const m2 = (yield* receive(downOf(ref2))) as Msg;
      return [m[0], m[1] === ref, m[4], m2[0], m2[4]];
    });
    expect(v).toEqual([['my', 'tag'], true, 'x', 'dead', 'noproc']);
  });
});

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

  it('MON-6: reply_demonitor on alias() ends after the first message', () => {
    const v = runOk(function* () {
      const a = alias({ mode: 'reply_demonitor' });
      send(a, 1);
      send(a, 2);
      return [yield* drain(), unalias(a)];
    });
    expect(v).toEqual([[1], false]);
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

function whereisPid(name: string): Pid {
  return whereis(name) as Pid;
}

function makeForeignRef(): Ref {
  return new Ref('nonode@nohost', 0, 999_999);
}

describe('outside a process', () => {
  it('EXIT-2: exit/2 from test code is a signal from another process: normal is dropped, a trapping process gets it from <0.0.0>', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    const main = sim.start(function* () {
      const t = spawn(function* () {
        processFlag('trap_exit', true);
        const m = (yield* receive()) as Msg;
        return m;
      });
      register('t', t);
      const ref = monitor('process', t);
      yield* receive((m) => m === 'go');
      const down = (yield* receive(downOf(ref))) as Msg;
      return down[4];
    });
    expect([sim.step(), sim.step()]).toEqual([true, true]); // main and t are now both waiting
    expect(sim.inspect(() => exit(main.pid, 'normal'))).toBe(true);
    const t = sim.inspect(() => whereisPid('t'));
    sim.inspect(() => exit(t, 'normal'));
    sim.inspect(() => send(main.pid, 'go'));
    while (sim.step()) { /* run */ }
    const r = sim.result();
    expect(r.outcome).toBe('ok');
    expect(r.value).toBe('normal');
    const sig = r.trace.filter((e) => e.kind === 'exitSignal').map((e) => [String((e as { from: Pid }).from), (e as { effect: string }).effect]);
    expect(sig).toEqual([['<0.0.0>', 'ignored'], ['<0.0.0>', 'message']]);
  });

  it('link, monitor, demonitor, alias need a process; exit works from test code', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    const main = sim.start(function* () { yield* idle(); });
    expect(() => sim.inspect(() => link(main.pid))).toThrow(/must be called inside a process/);
    expect(() => sim.inspect(() => alias())).toThrow(/must be called inside a process/);
    expect(sim.inspect(() => exit(main.pid, 'stop'))).toBe(true);
    while (sim.step()) { /* run */ }
    expect(sim.result().outcome).toBe('crashed');
    expect(sim.result().exit).toBe('stop');
  });
});

