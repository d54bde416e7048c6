/**
 * gen_server scenarios, GS-5 … GS-14: calls and their failures, casts, info, typed modules.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  error, exitException, GenServer, sys, monitor, monotonicTime, Pid, processFlag, receive, self, send, spawn, throwTerm, timer, TIMEOUT, type Op, type ViaModule,
} from '../../src/index.js';
import { runOk, simulate } from '../helpers.js';
import { attempt, Echo, exitOf, isDownOf, isErrorReason, mod, started } from './gen-helpers.js';

describe('GS-5/GS-6: call timeouts and failure shapes', () => {
  const Silent = mod({ handleCall: (_r, _f, s) => ['noreply', s] });

  it('GS-5: call/2 times out after 5000 ms with [timeout, [gen_server, call, [ref, req]]]', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Silent);
      const r = yield* attempt(GenServer.call(pid, 'q'));
      return [r, monotonicTime(), pid];
    });
    expect(v[0]).toEqual(['exit', ['timeout', ['gen_server', 'call', [v[2], 'q']]]]);
    expect(v[1]).toBe(5000);
  });

  it("GS-5: call/3 takes a timeout (in the exit's args) and 'infinity'", () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Silent, undefined, { name: 'silent' });
      const r = yield* attempt(GenServer.call('silent', 'q', 100));
      const bad = yield* attempt(GenServer.call('silent', 'q', -1));
      const huge = yield* attempt(GenServer.call('silent', 'q', 2 ** 32));
      return [r, monotonicTime(), bad, huge, pid instanceof Pid];
    });
    expect(v).toEqual([
      ['exit', ['timeout', ['gen_server', 'call', ['silent', 'q', 100]]]], 100,
      // OTP 25: no gen:call clause takes -1, and gen_server:call's catch makes that an exit.
      ['exit', [['function_clause', expect.anything()], ['gen_server', 'call', ['silent', 'q', -1]]]],
      ['exit', [['timeout_value', expect.anything()], ['gen_server', 'call', ['silent', 'q', 2 ** 32]]]],
      true,
    ]);
  });

  it('GS-5: the request travels as [$gen_call, [caller, tag], req]', () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      const fake = spawn(function* () {
        const m = (yield* receive()) as unknown[];
        send(me, ['seen', m]);
      });
      yield* attempt(GenServer.call(fake, 'hello', 50));
      const seen = (yield* receive((m) => Array.isArray(m) && m[0] === 'seen')) as unknown[];
      const msg = seen[1] as unknown[];
      return [msg[0], (msg[1] as unknown[])[0] === me, msg[2]];
    });
    expect(v).toEqual(['$gen_call', true, 'hello']);
  });

  it("GS-6: noproc, the server's crash reason, and normal/shutdown reasons reach the caller", () => {
    const v = runOk<unknown[]>(function* () {
      const a = yield* attempt(GenServer.call('nobody', 'x'));
      const Dies = mod({ handleCall: (req) => exitException(req) });
      processFlag('trap_exit', true);
      const p1 = yield* started(Dies);
      const b = yield* attempt(GenServer.call(p1, 'shutdown'));
      const p2 = yield* started(Dies);
      const c = yield* attempt(GenServer.call(p2, ['shutdown', 'x']));
      const p3 = yield* started(Dies);
      const d = yield* attempt(GenServer.call(p3, 'oops'));
      return [a, b[1], c[1], d[1], p1];
    });
    expect(v[0]).toEqual(['exit', ['noproc', ['gen_server', 'call', ['nobody', 'x']]]]);
    expect((v[1] as unknown[])[0]).toBe('shutdown');
    expect((v[2] as unknown[])[0]).toEqual(['shutdown', 'x']);
    expect((v[3] as unknown[])[0]).toBe('oops');
  });
});

describe('GS-7/GS-8: calling oneself, resolution', () => {
  it('GS-7: calling oneself exits calling_self at once, without sending', () => {
    const v = runOk<unknown[]>(function* () {
      const Self = mod({ *handleCall(req, _f, s) { return ['reply', yield* attempt(GenServer.call(self(), req)), s]; } });
      const pid = yield* started(Self, undefined, { name: 'me' });
      return [yield* GenServer.call(pid, 'x'), monotonicTime()];
    });
    expect(v).toEqual([['exit', ['calling_self', ['gen_server', 'call', [expect.any(Pid), 'x']]]], 0]);
  });

  it('GS-8: a dead pid, an unknown global or via name are noproc; [name, otherNode] is nodedown', () => {
    const via: ViaModule = { registerName: () => 'no', unregisterName: () => 'ok', whereisName: () => 'undefined', send: () => error('badarg') };
    const v = runOk<unknown[]>(function* () {
      const dead = spawn(function* () { /* done */ });
      yield* exitOf(dead);
      return [
        (yield* attempt(GenServer.call(dead, 1)))[1],
        (yield* attempt(GenServer.call({ global: 'none' }, 1)))[1],
        (yield* attempt(GenServer.call({ via, name: 'none' }, 1)))[1],
        (yield* attempt(GenServer.call(['srv', 'other@host'], 1)))[1],
      ];
    });
    expect(v.map((r) => (r as unknown[])[0])).toEqual(['noproc', 'noproc', 'noproc', ['nodedown', 'other@host']]);
  });
});

describe('GLOB-7: casts to a via name', () => {
  it('GLOB-7: a cast to {via, M, name} is M.send(name, [$gen_cast, msg]); what M.send raises is ignored', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(mod({ handleCast: (m, s) => ['noreply', [...(s as unknown[]), m]] }), []);
      const seen: unknown[] = [];
      const router: ViaModule = {
        registerName: () => 'no', unregisterName: () => 'ok', whereisName: () => pid,
        send: (name, msg) => { seen.push([name, msg]); return send(pid, msg) as never; },
      };
      const broken: ViaModule = { ...router, send: () => error('badarg') };
      const r1 = GenServer.cast({ via: router, name: 'r' }, 'one');
      const r2 = GenServer.cast({ via: broken, name: 'b' }, 'two');
      return [r1, r2, seen, yield* sys.getState(pid)];
    });
    expect(v).toEqual(['ok', 'ok', [['r', ['$gen_cast', 'one']]], ['one']]);
  });
});

describe('GS-9: late replies', () => {
  it('GS-9: a reply sent after the caller timed out never reaches its mailbox', () => {
    const v = runOk<unknown[]>(function* () {
      const Late = mod({
        handleCall: (_r, from, s) => {
          spawn(function* () { yield* timer.sleep(200); GenServer.reply(from, 'late'); });
          return ['noreply', s];
        },
      });
      const pid = yield* started(Late);
      const r = yield* attempt(GenServer.call(pid, 'q', 100));
      const after = yield* receive(null, { after: 500 });
      return [r[1], after === TIMEOUT];
    });
    expect(v).toEqual([['timeout', ['gen_server', 'call', [expect.any(Pid), 'q', 100]]], true]);
  });
});

describe('GS-10: handleCall results', () => {
  it('GS-10: noreply, then reply(from) from another process returns ok', () => {
    const v = runOk<unknown[]>(function* () {
      const Deferred = mod({
        handleCall: (req, from, s) => {
          spawn(function* () { yield* timer.sleep(10); send(self(), 'x'); GenServer.reply(from, ['deferred', req]); });
          return ['noreply', s];
        },
      });
      const pid = yield* started(Deferred);
      return yield* GenServer.call(pid, 1);
    });
    expect(v).toEqual(['deferred', 1]);
  });

  it("GS-10: ['stop', Why, Reply, S] runs terminate first, then replies, then exits Why", () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      processFlag('trap_exit', true);
      const Stopper = mod({
        handleCall: (_r, _f, s) => ['stop', 'done', 'bye', s],
        terminate: (why) => { send(me, ['terminated', why]); },
      });
      const pid = yield* started(Stopper);
      const ref = monitor('process', pid);
      const r = yield* GenServer.call(pid, 'stop');
      const first = yield* receive(null, { after: 0 });
      const down = (yield* receive(isDownOf(ref))) as unknown[];
      return [r, first, down[4]];
    });
    expect(v).toEqual(['bye', ['terminated', 'done'], 'done']);
  });

  it("GS-10: ['stop', Why, S] leaves the caller to fail with Why", () => {
    const v = runOk<unknown[]>(function* () {
      processFlag('trap_exit', true);
      const pid = yield* started(mod({ handleCall: (_r, _f, s) => ['stop', 'why', s] }));
      return (yield* attempt(GenServer.call(pid, 'x')))[1];
    });
    expect(v).toEqual(['why', ['gen_server', 'call', [expect.any(Pid), 'x']]]);
  });
});

describe('GS-11/GS-12: malformed results and exceptions', () => {
  it('GS-11: a malformed result exits bad_return_value; the caller fails with it', () => {
    const v = runOk<unknown[]>(function* () {
      processFlag('trap_exit', true);
      const pid = yield* started(mod({ handleCall: () => ['rep', 1] as never }));
      const r = yield* attempt(GenServer.call(pid, 'x'));
      const exit = yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
      return [r[1], (exit as unknown[])[2]];
    });
    expect(v).toEqual([[['bad_return_value', ['rep', 1]], ['gen_server', 'call', [expect.any(Pid), 'x']]], ['bad_return_value', ['rep', 1]]]);
  });

  it('GS-12: error → [R, Stacktrace]; exit → R; throw(V) → V as the result; terminate sees the reason', () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      processFlag('trap_exit', true);
      const M = mod({
        handleCall: (req, _f, s) => (req === 'err' ? error('e1') : req === 'exit' ? exitException('x1') : throwTerm(['reply', 'thrown', s])),
        terminate: (why) => { send(me, ['term', why]); },
      });
      const p1 = yield* started(M);
      const thrown = yield* GenServer.call(p1, 'throw');
      const errExit = yield* attempt(GenServer.call(p1, 'err'));
      const t1 = (yield* receive((m) => Array.isArray(m) && m[0] === 'term')) as unknown[];
      const p2 = yield* started(M);
      const exExit = yield* attempt(GenServer.call(p2, 'exit'));
      return [thrown, ((errExit[1] as unknown[])[0]), t1[1], (exExit[1] as unknown[])[0]];
    });
    expect(v[0]).toBe('thrown');
    expect(isErrorReason(v[1], 'e1')).toBe(true);
    expect(isErrorReason(v[2], 'e1')).toBe(true);
    expect(v[3]).toBe('x1');
  });
});

describe('GS-13/GS-14: casts and info', () => {
  it('GS-13: cast returns ok for dead, unregistered, global and remote targets', () => {
    const v = runOk<unknown[]>(function* () {
      const dead = spawn(function* () { /* done */ });
      yield* exitOf(dead);
      return [GenServer.cast(dead, 1), GenServer.cast('nobody', 1), GenServer.cast({ global: 'none' }, 1), GenServer.cast(['x', 'n@h'], 1)];
    });
    expect(v).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('GS-13: casts arrive as [$gen_cast, msg] in order; GS-14: other messages go to handleInfo', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo);
      GenServer.cast(pid, 'a');
      send(pid, 'plain');
      GenServer.cast(pid, 'b');
      return yield* GenServer.call(pid, 'state');
    });
    expect(v).toEqual(['a', ['info', 'plain'], 'b']);
  });

  it('GS-13/GS-14: any term is a cast payload or an info message: a non-string tag, a symbol, the TIMEOUT symbol as a cast', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo);
      const me = self();
      GenServer.cast(pid, TIMEOUT);
      send(pid, [me, 'not a tag']);
      send(pid, Symbol.for('dfsweo.test'));
      send(pid, ['$gen_cast']); // the wrong length for a cast: info
      return yield* GenServer.call(pid, 'state');
    });
    expect(v[0]).toBe(TIMEOUT);
    expect(v.slice(1)).toEqual([['info', [expect.any(Pid), 'not a tag']], ['info', Symbol.for('dfsweo.test')], ['info', ['$gen_cast']]]);
  });

  it('GS-10/GS-13: callbacks are called with the module as this (as Mod:F(...)), also after a code change', () => {
    const m = {
      ...mod({}),
      bump(n: number): number { return n + 1; },
      handleCall(this: { bump(n: number): number }, req: unknown, _from: unknown, s: number) { return ['reply', this.bump(s), s]; },
      handleCast(this: { bump(n: number): number }, _msg: unknown, s: number) { return ['noreply', this.bump(s)]; },
      handleInfo(this: { bump(n: number): number }, _msg: unknown, s: number) { return ['noreply', this.bump(this.bump(s))]; },
    };
    const v = runOk<unknown>(function* () {
      const r = yield* GenServer.start(m as never, 0);
      const pid = (r as ['ok', Pid])[1];
      GenServer.cast(pid, 'x');
      send(pid, 'y');
      return yield* GenServer.call(pid, 'get');
    });
    expect(v).toBe(4); // 0 → cast 1 → info 3 → reply bump(3)
  });

  it('GS-14: without handleInfo the message is logged and dropped; without handleCast the server crashes undef', () => {
    const r = simulate(function* () {
      const pid = yield* started(mod({ handleCall: (_r, _f, s) => ['reply', 'alive', s] }));
      send(pid, 'stray');
      const alive = yield* GenServer.call(pid, 'x');
      processFlag('trap_exit', true);
      GenServer.cast(pid, 'c');
      const reason = yield* exitOf(pid);
      return [alive, reason];
    });
    const v = r.value as unknown[];
    expect(v[0]).toBe('alive');
    expect(isErrorReason(v[1], 'undef')).toBe(true);
    expect(r.trace.some((e) => e.kind === 'log' && /handleInfo/.test(e.text))).toBe(true);
  });
});

describe('typed modules', () => {
  it("the module's call, cast and reply types flow into call's return type", () => {
    const Counter = GenServer.define<number, 'get' | ['add', number], 'reset', number, number>({
      init: (n) => ['ok', n],
      handleCall: (req, _from, n) => (req === 'get' ? ['reply', n, n] : ['reply', n + req[1], n + req[1]]),
      handleCast: () => ['noreply', 0],
    });
    const v = runOk(function* () {
      const r = yield* GenServer.startLink(Counter, 1);
      if (r === 'ignore' || r[0] !== 'ok') return -1;
      const n = yield* GenServer.call(r[1], ['add', 2]);
      expectTypeOf(n).toEqualTypeOf<number>();
      // @ts-expect-error: not a request this server takes
      if (n < 0) yield* GenServer.call(r[1], 'nope');
      // @ts-expect-error: not a cast this server takes
      if (n < 0) GenServer.cast(r[1], 'stop');
      GenServer.cast(r[1], 'reset');
      const named = GenServer.ref(Counter, 'counter');
      expectTypeOf(GenServer.call(named, 'get')).toEqualTypeOf<Op<number>>();
      return n + (yield* GenServer.call(r[1], 'get'));
    });
    expect(v).toBe(3);
  });
});
