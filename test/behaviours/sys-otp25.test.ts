/**
 * sys, checked against what OTP 25 does: each expected value is what OTP 25 printed for the same
 * case in a side-by-side probe (escript vs. tsx), unless a comment says it comes from OTP 25's
 * source (sys.erl, gen_server.erl, gen.erl).
 */
import { describe, expect, it } from 'vitest';
import { error, exitException, GenServer, isProcessAlive, receive, self, send, spawn, sys, throwTerm, TIMEOUT, type Op, type Pid } from '../../src/index.js';
import { flush, runOk, simulate, sleep } from '../helpers.js';
import { attempt, Echo, isErrorReason, mod, started, startedNolink, watch } from './gen-helpers.js';



/** A state that casts add one to (the probe's `fun(S) -> {noreply, S + 1} end`). */
const Count = mod({ init: () => ['ok', 0], handleCast: (_m, s: number) => ['noreply', s + 1], handleCall: (_r, _f, s) => ['reply', s, s] });
/** A state that casts leave as it is. */
const Keep = mod({ handleCast: (_m, s) => ['noreply', s], handleCall: (_r, _f, s) => ['reply', s, s] });

describe('SYS-10: installed debug functions, as sys:handle_debug/4', () => {
  it("SYS-10: an installed fun gets the server's name as its third argument (its pid when unnamed), as OTP 25", () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      const named = yield* started(Count, undefined, { name: 'probe_srv' });
      yield* sys.install(named, [(st: unknown, ev: unknown, x: unknown) => (send(me, ['dbg', ev, x]), st), 0]);
      GenServer.cast(named, 'c');
      const a = yield* flush();
      const anon = yield* started(Echo, []);
      yield* sys.install(anon, [(st: unknown, _ev: unknown, x: unknown) => (send(me, x), st), 0]);
      GenServer.cast(anon, 'c');
      return [a, (yield* flush())[0] === anon];
    });
    // OTP 25: [{dbg,{in,{'$gen_cast',_}},probe_srv},{dbg,{noreply,1},probe_srv}]
    expect(v[0]).toEqual([['dbg', ['in', ['$gen_cast', 'c']], 'probe_srv'], ['dbg', ['noreply', 1], 'probe_srv']]);
    expect(v[1]).toBe(true); // gen_server: Name = self() when started without a name (gen.erl, gen_server.erl)
  });

  it('SYS-10: throw X keeps the fun with state X (throw done, or an error, removes it), as OTP 25', () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      const pid = yield* started(Echo, []);
      yield* sys.install(pid, [(st: number) => { send(me, ['dbg', st]); throwTerm(st + 1); }, 0]);
      GenServer.cast(pid, 'x');
      GenServer.cast(pid, 'y');
      const kept = yield* flush();
      yield* sys.install(pid, ['once', () => { send(me, 'once'); throwTerm('done'); }, 0]);
      yield* sys.install(pid, ['err', () => { send(me, 'err'); error('boom'); }, 0]);
      GenServer.cast(pid, 'z');
      return [kept, (yield* flush()).filter((m) => m === 'once' || m === 'err')];
    });
    // OTP 25: [{dbg,0},{dbg,1},{dbg,2},{dbg,3}]
    expect(v[0]).toEqual([['dbg', 0], ['dbg', 1], ['dbg', 2], ['dbg', 3]]);
    expect(v[1]).toEqual(['err', 'once']); // each ran once only (sys.erl: throw:done and _:_ drop it)
  });

  it('SYS-10: install [F, [a, b]] never calls F (OTP matches {Id, {Func, St}} first and the bad call drops it), as OTP 25', () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      const pid = yield* started(Echo, []);
      yield* sys.install(pid, [(st: unknown) => (send(me, ['dbg', st]), st), ['a', 'b']] as never);
      GenServer.cast(pid, 'x');
      return [yield* flush(), isProcessAlive(pid)];
    });
    expect(v).toEqual([[], true]); // OTP 25: []
  });

  it('SYS-10: remove(S, log) drops the log (keydelete on the Debug list), as OTP 25', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, [], { debug: ['log'] });
      GenServer.cast(pid, 'x');
      const r = yield* sys.remove(pid, 'log');
      return [r, yield* sys.log(pid, 'get')];
    });
    expect(v).toEqual(['ok', ['ok', []]]); // OTP 25: [ok,{ok,[]}]
  });
});

describe('SYS-4: get_state / replace_state raise error(R) for any {error, R}', () => {
  it('SYS-4: getState of a server whose state is [error, foo] raises error foo, as OTP 25', () => {
    const v = runOk(function* () {
      const pid = yield* started(mod({ init: () => ['ok', ['error', 'foo']] }));
      return yield* attempt(sys.getState(pid));
    });
    expect(v).toEqual(['error', 'foo']); // OTP 25: [error,foo]
  });

  it('SYS-4: replaceState with a fun returning [error, bar] raises error bar, the state replaced anyway, as OTP 25', () => {
    const v = runOk(function* () {
      const pid = yield* started(Keep, 0);
      const r = yield* attempt(sys.replaceState(pid, () => ['error', 'bar']));
      return [r, yield* attempt(sys.getState(pid))];
    });
    // OTP 25: [error,bar]; the second (source: do_cmd replaced it, so get_state raises too)
    expect(v).toEqual([['error', 'bar'], ['error', 'bar']]);
  });
});

describe('SYS-6: sys:terminate is a plain system call', () => {
  it('SYS-6: the caller gets ok even when terminate crashes; the server still dies with [oops, Stack], as OTP 25', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* startedNolink(mod({ terminate: () => error('oops') }));
      const down = watch(pid);
      return [yield* attempt(sys.terminate(pid, 'bye')), yield* down];
    });
    expect(v[0]).toEqual(['ok', 'ok']); // OTP 25: [[ok,ok],{oops,'STACK'}]
    expect(isErrorReason(v[1], 'oops')).toBe(true);
  });

  it('SYS-6: the caller gets ok when terminate exits another reason, as OTP 25', () => {
    const v = runOk(function* () {
      const pid = yield* startedNolink(mod({ terminate: () => exitException('other') }));
      const down = watch(pid);
      return [yield* attempt(sys.terminate(pid, 'bye')), yield* down];
    });
    expect(v).toEqual([['ok', 'ok'], 'other']); // OTP 25: [[ok,ok],other]
  });

  it('SYS-6: the caller gets ok before a slow terminate ends (the timeout is the reply\'s only), as OTP 25', () => {
    const v = runOk(function* () {
      const pid = yield* startedNolink(mod({ *terminate() { yield* sleep(200); } }));
      return [yield* attempt(sys.terminate(pid, 'normal', 50)), isProcessAlive(pid)];
    });
    expect(v).toEqual([['ok', 'ok'], true]); // OTP 25: [[ok,ok],true]
  });

  it('SYS-6/SYS-1: a process that does not serve system messages: exit [timeout, [sys, terminate, [Pid, x, 50]]], as OTP 25', () => {
    const v = runOk<unknown[]>(function* () {
      const p: Pid = spawn(function* () { yield* receive((m) => m === 'never'); });
      return [p, yield* attempt(sys.terminate(p, 'x', 50))];
    });
    expect(v[1]).toEqual(['exit', ['timeout', ['sys', 'terminate', [v[0], 'x', 50]]]]); // OTP 25: [exit,{timeout,{sys,terminate,['PID',x,50]}}]
  });
});

describe('SYS-3: get_status', () => {
  it('SYS-3: the header of a server started with a global name is "Status for generic server gname", as OTP 25', () => {
    const r = simulate(function* () {
      const pid = yield* started(Echo, [], { name: { global: 'gname' } });
      const st = (yield* sys.getStatus(pid)) as unknown[];
      yield* sys.trace(pid, true);
      GenServer.cast(pid, 'x');
      yield* GenServer.call(pid, 'sync');
      return (((st[3] as unknown[])[4] as unknown[])[0] as unknown[])[1];
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toBe('Status for generic server gname'); // OTP 25
    // The same Name in *DBG* lines (gen_server:print_event/3, source).
    const lines = r.trace.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    expect(lines).toContain("*DBG* gname got cast 'x'");
  });

  it('SYS-3/GS-27: Logged events shows the log format_status/1 returns, as OTP 25', () => {
    const v = runOk(function* () {
      const M = mod({ ...Echo, formatStatus: (st) => ({ ...st, log: ['hidden'] }) });
      const pid = yield* started(M, [], { debug: ['log'] });
      GenServer.cast(pid, 'x');
      const st = (yield* sys.getStatus(pid)) as unknown[];
      return (((st[3] as unknown[])[4] as unknown[])[1] as unknown[][])[1]!.find((x) => (x as unknown[])[0] === 'Logged events');
    });
    expect(v).toEqual(['Logged events', ['hidden']]); // OTP 25: {"Logged events",[hidden]}
  });
});

describe('SYS-7: debug options', () => {
  it('SYS-7: the start option [log, 0] is skipped (sys:debug_options wants N > 0), so a later log(S, true) works, as OTP 25', () => {
    const v = runOk(function* () {
      const pid = yield* started(Keep, 0, { debug: [['log', 0]] });
      const a = yield* sys.log(pid, 'get');
      yield* sys.log(pid, true);
      GenServer.cast(pid, 'x');
      yield* sys.getState(pid);
      return [a, yield* sys.log(pid, 'get')];
    });
    // OTP 25: [{ok,[]},{ok,[{in,{'$gen_cast',x}},{noreply,0}]}]
    expect(v).toEqual([['ok', []], ['ok', [['in', ['$gen_cast', 'x']], ['noreply', 0]]]]);
  });
});
