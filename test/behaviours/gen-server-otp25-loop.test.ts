/**
 * The gen_server loop against OTP 25: timeouts the loop cannot wait with, the debug events of
 * timeouts and continues, and the parent's 'EXIT'. Every expected value is what OTP 25 printed
 * for the same scenario (the probe's case name is given with each test; the hibernate_after
 * case with an init timeout and the terminate checks were run on OTP 25 as well).
 */
import { describe, expect, it } from 'vitest';
import {
  GenServer, monitor, processFlag, procLib, receive, self, send, spawn, sys, timer, TIMEOUT, exitException, type Op, type Pid, type Ref,
} from '../../src/index.js';
import { initIt } from '../../src/behaviours/gen-server-loop.js';
import { norm } from '../fidelity/lib.js';
import { flush, runOk } from '../helpers.js';
import { attempt, isDownOf, isErrorReason, mod, startedNolink } from './gen-helpers.js';

/** The exit reason of the process `ref` monitors, or 'alive' after `ms`. */
function* downWithin(ref: Ref, ms = 300): Op<unknown> {
  const m = yield* receive(isDownOf(ref), { after: ms });
  return m === TIMEOUT ? 'alive' : (m as unknown[])[4];
}

function* down(pid: Pid, ms = 300): Op<unknown> {
  return yield* downWithin(monitor('process', pid), ms);
}

/** The probe's server: casts, calls and continues are functions of the state; terminate tells `report` its reason. */
function fnServer(report?: Pid) {
  return mod({
    init: (f) => (f as () => unknown)() as never,
    handleCast: (f, s) => (f as (s: unknown) => unknown)(s) as never,
    handleCall: (f, from, s) => (f as (from: unknown, s: unknown) => unknown)(from, s) as never,
    handleContinue: (f, s) => (f as (s: unknown) => unknown)(s) as never,
    handleInfo: (_m, s) => ['noreply', s],
    terminate: (r) => {
      if (report !== undefined) send(report, ['terminate', r]);
    },
  });
}


describe('GS-10: timeouts above 2^32-1 in callback results', () => {
  it('GS-10: a timeout above 2^32-1 in a callback result kills the server with timeout_value, as OTP 25', () => {
    const v = runOk(function* () {
      const me = self();
      // noreply_huge_timeout: {timeout_value, Stack}; terminate/2 is not run (OTP raises outside its try).
      const s = yield* startedNolink(fnServer(me), () => ['ok', 0]);
      const m = monitor('process', s);
      GenServer.cast(s, (st: unknown) => ['noreply', st, 5000000000]);
      const noreply = yield* downWithin(m);
      const terminated = yield* flush();
      // noreply_max_timeout: 4294967295 is still a valid timeout: alive.
      const s2 = yield* startedNolink(fnServer(), () => ['ok', 0]);
      GenServer.cast(s2, (st: unknown) => ['noreply', st, 4294967295]);
      return [noreply, terminated, yield* down(s2)];
    });
    expect(isErrorReason((v as unknown[])[0], 'timeout_value')).toBe(true);
    expect((v as unknown[]).slice(1)).toEqual([[], 'alive']);
  });

  it('GS-10: init returning a timeout above 2^32-1 starts the server, which then dies with timeout_value, as OTP 25', () => {
    // init_huge_timeout2: start_monitor gives {ok, {Pid, Mon}}, then 'DOWN' with {timeout_value, Stack}.
    const v = runOk(function* () {
      const r = (yield* GenServer.startMonitor(fnServer(), () => ['ok', 0, 5000000000])) as readonly unknown[];
      return [r[0], yield* downWithin((r[1] as [Pid, Ref])[1])];
    });
    expect((v as unknown[])[0]).toBe('ok');
    expect(isErrorReason((v as unknown[])[1], 'timeout_value')).toBe(true);
  });

  it('GS-10: a reply with a timeout above 2^32-1 reaches the caller, then the server dies with timeout_value, as OTP 25', () => {
    // reply_huge_timeout2: [[ok, r], {timeout_value, Stack}].
    const v = runOk(function* () {
      const s = yield* startedNolink(fnServer(), () => ['ok', 0]);
      const m = monitor('process', s);
      const r = yield* attempt(GenServer.call(s, (_f: unknown, st: unknown) => ['reply', 'r', st, 5000000000]));
      return [r, yield* downWithin(m)];
    });
    expect((v as unknown[])[0]).toEqual(['ok', 'r']);
    expect(isErrorReason((v as unknown[])[1], 'timeout_value')).toBe(true);
  });
});

describe('SYS-7/SYS-8: a timeout is a message to the debug hooks', () => {
  it('SYS-7: a fired gen_server timeout is logged as [in, timeout] before its noreply, as OTP 25', () => {
    // log_timeout_event: {ok, [{in, timeout}, {noreply, 0}]}.
    const v = runOk(function* () {
      const s = yield* startedNolink(fnServer(), () => ['ok', 0, 10], { debug: ['log'] });
      yield* timer.sleep(50);
      return yield* sys.log(s, 'get');
    });
    expect(v).toEqual(['ok', [['in', 'timeout'], ['noreply', 0]]]);
  });

  it('SYS-8: statistics count a fired timeout as a message in, as OTP 25', () => {
    // stats_timeout: [{messages_in, 1}, {messages_out, 0}].
    const v = runOk(function* () {
      const s = yield* startedNolink(fnServer(), () => ['ok', 0, 10], { debug: ['statistics'] });
      yield* timer.sleep(50);
      const [, l] = (yield* sys.statistics(s, 'get')) as [string, unknown[][]];
      return [l.find((x) => x[0] === 'messages_in'), l.find((x) => x[0] === 'messages_out')];
    });
    expect(v).toEqual([['messages_in', 1], ['messages_out', 0]]);
  });
});

describe('SYS-7: continue events', () => {
  it('SYS-7: handleContinue is logged as [continue, C] before its noreply, as OTP 25', () => {
    // log_continue_event: {ok, [{in, {'$gen_cast', F}}, {noreply, 0}, {continue, F}, {noreply, 1}]}.
    const v = runOk(function* () {
      const s = yield* startedNolink(fnServer(), () => ['ok', 0], { debug: ['log'] });
      GenServer.cast(s, (st: unknown) => ['noreply', st, ['continue', (x: number) => ['noreply', x + 1]]]);
      yield* sys.getState(s);
      return norm(yield* sys.log(s, 'get'));
    });
    expect(v).toEqual(['ok', [['in', ['$gen_cast', 'FUN']], ['noreply', 0], ['continue', 'FUN'], ['noreply', 1]]]);
  });
});

describe("GS-15: the parent's 'EXIT' message", () => {
  it("GS-15: the parent's 'EXIT' ends a trapping server before the debug hooks see it, as OTP 25", () => {
    // exit_parent_install: [] (no debug event for the parent's 'EXIT').
    const v = runOk(function* () {
      const me = self();
      const q = spawn(function* () {
        const r = (yield* GenServer.startLink(fnServer(), () => (processFlag('trap_exit', true), ['ok', 0]))) as readonly unknown[];
        send(me, ['srv', r[1]]);
        yield* receive((m) => m === 'go');
        exitException('bye');
      });
      const s = ((yield* receive((x) => Array.isArray(x) && x[0] === 'srv')) as unknown[])[1] as Pid;
      yield* sys.install(s, [(st: unknown, ev: unknown) => (send(me, ['dbg', ev]), st), 0] as never);
      const m = monitor('process', s);
      send(q, 'go');
      yield* receive(isDownOf(m));
      return yield* flush();
    });
    expect(v).toEqual([]);
  });

  it("GS-15: an 'EXIT' message from the parent ends a server that does not trap exits, as OTP 25", () => {
    // fake_parent_exit: foo (gen_server:start: the server is its own parent). terminate/2 runs with foo.
    const v = runOk(function* () {
      const me = self();
      const s = yield* startedNolink(fnServer(me), () => ['ok', 0]);
      const m = monitor('process', s);
      send(s, ['EXIT', s, 'foo']);
      return [yield* downWithin(m), yield* flush()];
    });
    expect(v).toEqual(['foo', [['terminate', 'foo']]]);
  });
});

describe('GS-20: an invalid hibernate_after', () => {
  /**
   * Starts a server as GenServer.start does (proc_lib's start of the loop's init), with
   * hibernate_after `ha` handed to the loop as given.
   */
  function* startHib(init: () => unknown, ha: unknown): Op<[unknown, Ref]> {
    const [r, ref] = yield* procLib.startMonitor(initIt as never, [fnServer(self()), init, undefined, undefined, undefined, ha] as never);
    return [r, ref];
  }

  it('GS-20: an invalid hibernate_after lets the server start, then kills it with timeout_value when it waits, as OTP 25', () => {
    // hibernate_after_bad: [[ok, {ok, Pid}], noproc] (dead before the monitor); hibernate_after_neg2: {timeout_value, Stack};
    // {hibernate_after, 4294967296}, run on OTP 25 the same way: {timeout_value, Stack}.
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const ha of ['foo', -1, 4294967296]) {
        const [r, ref] = yield* startHib(() => ['ok', 0], ha);
        out.push([(r as unknown[])[0], yield* downWithin(ref)]);
      }
      return out;
    });
    for (const [ok, reason] of v as unknown[][]) {
      expect(ok).toBe('ok');
      expect(isErrorReason(reason, 'timeout_value')).toBe(true);
    }
  });

  it('GS-20: GenServer.start with an invalid hibernateAfter returns ok, and the server dies with timeout_value, as OTP 25', () => {
    // hibernate_after_bad: [[ok, {ok, Pid}], noproc]; hibernate_after_neg2 (start_monitor, -1): {timeout_value, Stack}.
    const v = runOk(function* () {
      const r = (yield* attempt(GenServer.start(fnServer(), () => ['ok', 0], { hibernateAfter: 'foo' as never }))) as unknown[];
      const started = r[0] === 'ok' && (r[1] as unknown[])[0] === 'ok';
      const bad = started ? [r[0], (r[1] as unknown[])[0], yield* down((r[1] as unknown[])[1] as Pid)] : r;
      const m = (yield* GenServer.startMonitor(fnServer(), () => ['ok', 0], { hibernateAfter: -1 })) as readonly unknown[];
      return [bad, m[0], m[0] === 'ok' ? yield* downWithin((m[1] as [Pid, Ref])[1]) : m];
    });
    expect((v as unknown[])[0]).toEqual(['ok', 'ok', 'noproc']);
    expect((v as unknown[])[1]).toBe('ok');
    expect(isErrorReason((v as unknown[])[2], 'timeout_value')).toBe(true);
  });

  it('GS-20: with a timeout pending, an invalid hibernate_after is not used until the server waits without one, as OTP 25', () => {
    // OTP 25: {hibernate_after, foo} and init {ok, S, 100}: alive at 50 ms; the timeout reaches
    // handle_info, then the server dies with {timeout_value, Stack} and terminate/2 is not run.
    const v = runOk(function* () {
      const [, ref] = yield* startHib(() => ['ok', 0, 100], 'foo');
      const early = yield* downWithin(ref, 50);
      return [early, yield* downWithin(ref, 200), yield* flush()];
    });
    expect((v as unknown[])[0]).toBe('alive');
    expect(isErrorReason((v as unknown[])[1], 'timeout_value')).toBe(true);
    expect((v as unknown[])[2]).toEqual([]);
  });
});
