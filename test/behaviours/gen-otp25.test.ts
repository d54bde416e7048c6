/**
 * gen / gen_server / proc_lib edges checked against OTP 25: every expected value below is what
 * OTP 25 printed for the same scenario (the probe escript run side by side with dfsweo; pids,
 * refs and stacktraces stand for themselves here).
 */
import { describe, expect, it } from 'vitest';
import {
  GenServer, makeRef, monitor, Pid, procLib, receive, Ref, register, self, send, spawn, Stacktrace, sys, timer, TIMEOUT,
  unregister, whereis, type Op,
} from '../../src/index.js';
import { flush, runOk } from '../helpers.js';
import { attempt, Echo, exitOf, isDownOf, mod, startedNolink } from './gen-helpers.js';


/** A server whose calls run the function they carry: `(from, state) => result`. */
const Fn = mod({
  handleCall: (req, from, s) => (typeof req === 'function' ? req(from, s) : ['noreply', s]),
});

const stopWith = (why: string) => (_f: unknown, s: unknown) => ['stop', why, s];

describe('gen and gen_server as OTP 25', () => {
  it('GS-10: reply to a hand-made [pid, makeRef()] From sends [ref, reply] to the pid, as OTP 25', () => {
    const v = runOk(function* () {
      // reply_handmade_from: OTP 25 [true]
      const r = makeRef();
      const ok = GenServer.reply([self(), r] as never, 'x');
      const handmade = (yield* flush()).map((m) => Array.isArray(m) && m[0] === r && m[1] === 'x');
      // fake_gen_call: a hand-sent '$gen_call' is answered to the pid; OTP 25 [true]
      const s = yield* startedNolink(Fn);
      const r2 = makeRef();
      send(s, ['$gen_call', [self(), r2], (_f: unknown, st: unknown) => ['reply', 'hi', st]]);
      const fake = (yield* flush()).map((m) => Array.isArray(m) && m[0] === r2 && m[1] === 'hi');
      // GS-9 still holds: a reply to a call that timed out is dropped (its tag is gen's, its alias gone).
      const slow = yield* startedNolink(mod({ *handleCall(_r, _f, st) { yield* timer.sleep(50); return ['reply', 'late', st]; } }));
      const timedOut = (yield* attempt(GenServer.call(slow, 'x', 10)))[0];
      yield* timer.sleep(100);
      return [ok, handmade, fake, timedOut, yield* flush()];
    });
    expect(v).toEqual(['ok', [true], [true], 'exit', []]);
  });

  it('GS-20: a bad hibernateAfter (foo, -1) still starts the server, which then dies timeout_value, as OTP 25', () => {
    const v = runOk(function* () {
      // hibernate_after_bad / hibernate_after_neg: OTP 25 [[ok, {ok, PID}], noproc] (dead before the probe's monitor)
      const bad = yield* attempt(GenServer.start(Echo, [], { hibernateAfter: 'foo' as never }));
      const neg = yield* attempt(GenServer.start(Echo, [], { hibernateAfter: -1 }));
      // hibernate_after_neg2 (start_monitor): OTP 25 {timeout_value, STACK}
      const r = yield* GenServer.startMonitor(Echo, [], { hibernateAfter: -1 });
      const mref = r !== 'ignore' && r[0] === 'ok' ? (r[1] as readonly [Pid, Ref])[1] : undefined;
      const down = mref === undefined ? r : ((yield* receive(isDownOf(mref))) as unknown[])[4];
      return [bad, neg, down];
    });
    const [bad, neg, down] = v as [unknown[], unknown[], unknown[]];
    for (const r of [bad, neg]) expect(r[0] === 'ok' && (r[1] as unknown[])[0] === 'ok' && (r[1] as unknown[])[1] instanceof Pid).toBe(true);
    expect(down[0]).toBe('timeout_value');
    expect(down[1]).toBeInstanceOf(Stacktrace);
  });

  it('GS-4: a bad start timeout fails timeout_value after the child is spawned and registered, as OTP 25', () => {
    const v = runOk(function* () {
      // start_timeout_bad: OTP 25 [[error, timeout_value], PID]
      const r = yield* attempt(GenServer.start(Echo, [], { name: 'tb', timeout: -1 }));
      yield* timer.sleep(10);
      return [r, whereis('tb') instanceof Pid];
    });
    expect(v).toEqual([['error', 'timeout_value'], true]);
  });

  it('GS-22: stop with a timeout neither infinity nor an integer ≥ 0 raises function_clause, the server runs on, as OTP 25', () => {
    const v = runOk(function* () {
      // stop_bad_timeout / stop_bad_timeout_atom: OTP 25 [[error, function_clause], true]
      const s = yield* startedNolink(Echo);
      const neg = yield* attempt(GenServer.stop(s, 'normal', -1));
      const atom = yield* attempt(GenServer.stop(s, 'normal', 'foo' as never));
      const nosuch = yield* attempt(GenServer.stop('nosuch', 'normal', -1)); // OTP 25: [error, function_clause]
      return [neg, atom, nosuch, yield* GenServer.call(s, 'alive')];
    });
    expect(v).toEqual([['error', 'function_clause'], ['error', 'function_clause'], ['error', 'function_clause'], 'alive']);
  });

  it('GS-26: a request to a name whose server stops answers [error, [reason, pid]], as OTP 25', () => {
    const v = runOk(function* () {
      // req_name_dies / req_global_dies: OTP 25 {error, {boom, PID}}
      const a = yield* startedNolink(Fn, undefined, { name: 'rnd' });
      const ra = yield* GenServer.receiveResponse(GenServer.sendRequest('rnd', stopWith('boom')), 1000);
      const b = yield* startedNolink(Fn, undefined, { name: { global: 'rgd' } });
      const rb = yield* GenServer.receiveResponse(GenServer.sendRequest({ global: 'rgd' }, stopWith('boom')), 1000);
      return [ra, rb, [a, b]];
    });
    const [ra, rb, [a, b]] = v as [unknown, unknown, Pid[]];
    expect(ra).toEqual(['error', ['boom', a]]);
    expect((ra as unknown[][])[1][1]).toBe(a);
    expect((rb as unknown[][])[1][1]).toBe(b);
  });

  it('GS-26: a request to [name, node] on a node not connected answers [error, [[nodedown, node], [name, node]]], as OTP 25', () => {
    const far = new Pid('other@host', 9, 1);
    const v = runOk(function* () {
      // g.escript: OTP 25 {error, {{nodedown, other@host}, {x, other@host}}} and {error, {noproc, {global, nosuch}}}
      const remote = yield* GenServer.receiveResponse(GenServer.sendRequest(['x', 'other@host'], 'req'), 100);
      const global = yield* GenServer.receiveResponse(GenServer.sendRequest({ global: 'nosuch' }, 'req'), 100);
      // a pid on that node is monitored as it is (MON-2): OTP 25 {error, {noconnection, <9218.0.1>}}
      const pid = yield* GenServer.receiveResponse(GenServer.sendRequest(far, 'req'), 100);
      return [remote, global, pid];
    });
    expect(v).toEqual([
      ['error', [['nodedown', 'other@host'], ['x', 'other@host']]], ['error', ['noproc', { global: 'nosuch' }]], ['error', ['noconnection', far]],
    ]);
  });

  it('GS-26: a response timeout neither infinity nor 0..2^32-1 raises badarg, on an empty collection too, as OTP 25', () => {
    const v = runOk(function* () {
      // req_bad_timeout: OTP 25 [[error, badarg], [error, badarg]]
      const s = yield* startedNolink(Echo);
      const id = GenServer.sendRequest(s, 'x');
      const one = [yield* attempt(GenServer.receiveResponse(id, -1)), yield* attempt(GenServer.waitResponse(id, 'foo' as never))];
      // req_empty_bad_timeout: OTP 25 [[error, badarg], [error, badarg]] (timeout_value before no_request)
      const c = GenServer.reqIdsNew();
      const empty = [yield* attempt(GenServer.waitResponses(c, -1, true)), yield* attempt(GenServer.receiveResponses(c, -1, true))];
      return [one, empty, yield* GenServer.receiveResponses(c, 10, true)];
    });
    expect(v).toEqual([[['error', 'badarg'], ['error', 'badarg']], [['error', 'badarg'], ['error', 'badarg']], 'no_request']);
  });

  it('PLIB-2: procLib.startMonitor timing out returns [[error, timeout], ref] and leaves the killed child\'s DOWN, as OTP 25', () => {
    const v = runOk(function* () {
      // start_monitor_timeout_plib: OTP 25 [{error, timeout}, true, [{'DOWN', REF, process, PID, killed}]]
      const [r, ref] = yield* procLib.startMonitor(function* () {
        yield* receive((m) => m === 'never');
      }, [], { timeout: 20 });
      const plib = [r, ref instanceof Ref, (yield* flush()).map((m) => (m as unknown[]).map((x, i) => (i === 1 ? x === ref : x instanceof Pid ? 'PID' : x)))];
      // gen_server:start_monitor takes that DOWN (gen:monitor_return): OTP 25 {error, timeout} and []
      const gs = yield* GenServer.startMonitor(mod({ *init() { yield* timer.sleep(1000); return ['ok', 0]; } }), [], { timeout: 20 });
      return [plib, gs, yield* flush()];
    });
    expect(v).toEqual([[['error', 'timeout'], true, [['DOWN', true, 'process', 'PID', 'killed']]], ['error', 'timeout'], []]);
  });

  it('PLIB-4: enterLoop whose registered ancestor is no longer registered exits could_not_find_registered_name, as OTP 25', () => {
    const v = runOk(function* () {
      // enter_loop_parent_gone: OTP 25 could_not_find_registered_name
      register('anc', self());
      const p = procLib.spawn(function* () {
        yield* receive((m) => m === 'go');
        yield* GenServer.enterLoop(Echo, []);
      });
      unregister('anc');
      const down = monitor('process', p);
      send(p, 'go');
      const gone = ((yield* receive(isDownOf(down))) as unknown[])[4];
      // GS-25 before PLIB-4 (gen:get_proc_name, then gen:get_parent): a plain process entering with a
      // name it does not own exits process_not_registered; OTP 25 process_not_registered
      const plain = yield* exitOf(spawn(function* () {
        yield* GenServer.enterLoop(Echo, [], { name: 'foo' });
      }));
      return [gone, plain];
    });
    expect(v).toEqual(['could_not_find_registered_name', 'process_not_registered']);
  });

  it('GS-15: a server started with startMonitor has the starter as its parent; unlinked, itself, as OTP 25', () => {
    const v = runOk(function* () {
      // OTP 25 (gen_server:start_monitor, then P ! {'EXIT', Starter, bar}): [true, true, bar]
      const me = self();
      const r = yield* GenServer.startMonitor(Echo, []);
      const p = (r as readonly ['ok', readonly [Pid, Ref]])[1][0];
      const parent = ((yield* sys.getStatus(p)) as unknown[][])[3]![2];
      const [, q] = (yield* GenServer.start(Echo, [])) as [string, Pid];
      const parentQ = ((yield* sys.getStatus(q)) as unknown[][])[3]![2];
      const down = monitor('process', p);
      send(p, ['EXIT', me, 'bar']);
      const why = ((yield* receive(isDownOf(down))) as unknown[])[4];
      return [parent === me, parentQ === q, why];
    });
    expect(v).toEqual([true, true, 'bar']);
  });

  it('GS-20: enterLoop takes hibernateAfter as start does: an invalid one kills the server with timeout_value when it waits', () => {
    const v = runOk(function* () {
      const p = procLib.spawn(function* () {
        yield* GenServer.enterLoop(Echo, [], { hibernateAfter: 'foo' as never });
      });
      const ok = procLib.spawn(function* () {
        yield* GenServer.enterLoop(Echo, [], { hibernateAfter: 1000 });
      });
      const why = yield* exitOf(p);
      return [Array.isArray(why) ? (why as unknown[])[0] : why, yield* GenServer.call(ok, 'ping')];
    });
    expect(v).toEqual(['timeout_value', 'ping']);
  });
});
