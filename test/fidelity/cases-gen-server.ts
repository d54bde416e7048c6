/**
 * gen_server and sys scenarios of scripts/fidelity-otp.escript: call failures (GS-5..9), start
 * failures (GS-1..4), stop (PLIB-6), callback results and exceptions (GS-11/12), sys (SYS-4).
 */
import {
  procLib, exit, GenServer, makeRef, isProcessAlive, monitor, Pid, receive, register, self, send, spawn, spawnLink,
  spawnMonitor, sys, throwTerm, TIMEOUT, whereis, error, exitException, Ref, type Op,
} from '../../src/index.js';
import { Fid, okInit, attempt, msgs, sleep, downOf, dead, idle, started, exitAfter, callWith, startWith, startLinkTrapping, startLinkPlain, type Body, type Fn } from './lib.js';

/** sys.changeCode of a suspended server whose codeChange runs `f`; returns the result and the state after. */
function* codeChangeWith(f: Fn): Op<unknown> {
  const s = yield* started();
  yield* sys.suspend(s);
  const r = yield* sys.changeCode(s, 'MOD', 'old', f as never);
  yield* sys.resume(s);
  return [r, yield* sys.getState(s)];
}

export const GEN_SERVER_CASES: Record<string, Body> = {
  // --- GS-6..9: call failures
  *call_dead_pid() {
    const p = yield* dead();
    return [yield* attempt(() => GenServer.call(p, 'req')), yield* msgs()];
  },
  *call_dead_pid_timeout() {
    const p = yield* dead();
    return yield* attempt(() => GenServer.call(p, 'req', 100));
  },
  *call_dead_pid_infinity() {
    const p = yield* dead();
    return yield* attempt(() => GenServer.call(p, 'req', 'infinity'));
  },
  *call_unregistered() {
    return yield* attempt(() => GenServer.call('nosuch', 'req'));
  },
  *call_name_node() {
    return yield* attempt(() => GenServer.call(['nosuch', 'nonode@nohost'], 'req'));
  },
  *call_self() {
    return yield* attempt(() => GenServer.call(self(), 'req'));
  },
  *call_self_name() {
    register('me', self());
    return yield* attempt(() => GenServer.call('me', 'req'));
  },
  *call_timeout_late_reply() {
    const s = yield* started();
    const late = (from: unknown, st: unknown): unknown => {
      spawn(function* () {
        yield* sleep(100);
        GenServer.reply(from as never, 'late');
      });
      return ['noreply', st];
    };
    const r = yield* attempt(() => GenServer.call(s, late, 50));
    yield* sleep(150);
    return [r, yield* msgs()];
  },
  call_stop_normal: () => callWith((_f, s) => ['stop', 'normal', s]),
  call_stop_shutdown: () => callWith((_f, s) => ['stop', 'shutdown', s]),
  call_stop_shutdown_x: () => callWith((_f, s) => ['stop', ['shutdown', 'x'], s]),
  call_stop_boom: () => callWith((_f, s) => ['stop', 'boom', s]),
  call_stop_kill: () => callWith((_f, s) => ['stop', 'kill', s]),
  call_stop_reply: () => callWith((_f, s) => ['stop', 'normal', 'bye', s]),
  call_killed: () => callWith((_f, s) => (exit(self(), 'kill'), ['noreply', s])),
  call_error: () => callWith(() => error('badarith')),
  call_exit: () => callWith(() => exitException('bye')),
  call_throw: () => callWith((_f, s) => throwTerm(['reply', 'thrown', s])),
  call_bad_return: () => callWith(() => 'foo'),
  // --- GS-1..4: start failures
  start_stop: () => startWith(() => ['stop', 'boom']),
  start_stop_normal: () => startWith(() => ['stop', 'normal']),
  start_ignore: () => startWith(() => 'ignore'),
  start_error_class: () => startWith(() => error('boom')),
  start_exit_class: () => startWith(() => exitException('boom')),
  *start_throw_ok() {
    const r = yield* startWith(() => throwTerm(['ok', 1]));
    return typeof r === 'string' ? r : r[0];
  },
  start_throw_other: () => startWith(() => throwTerm('foo')),
  start_bad_return: () => startWith(() => 'foo'),
  *start_already_started() {
    yield* started(okInit, { name: 'taken' });
    return yield* GenServer.start(Fid, okInit, { name: 'taken' });
  },
  *start_timeout() {
    const r = yield* GenServer.start(Fid, function* () {
      yield* sleep(200);
      return ['ok', 0];
    }, { name: 'slow', timeout: 10 });
    yield* sleep(10);
    return [r, whereis('slow')];
  },
  start_link_stop_trapping: () => startLinkTrapping(() => ['stop', 'boom']),
  start_link_ignore_trapping: () => startLinkTrapping(() => 'ignore'),
  start_link_error_trapping: () => startLinkTrapping(() => error('boom')),
  start_link_bad_return_trapping: () => startLinkTrapping(() => 'foo'),
  start_link_stop_plain: () => startLinkPlain(() => ['stop', 'boom']),
  start_link_stop_normal_plain: () => startLinkPlain(() => ['stop', 'normal']),
  start_link_ignore_plain: () => startLinkPlain(() => 'ignore'),
  start_link_error_plain: () => startLinkPlain(() => error('boom')),
  // --- more gen_server API edges
  *call_remote_name() {
    return yield* attempt(() => GenServer.call(['x', 'other@host'], 'req'));
  },
  *call_negative_timeout() {
    const s = yield* started();
    return ((yield* attempt(() => GenServer.call(s, 'req', -1))) as unknown[])[0];
  },
  *cast_dead_targets() {
    const p = yield* dead();
    return [GenServer.cast(p, 'm'), GenServer.cast('nosuch', 'm'), GenServer.cast(['nosuch', 'nonode@nohost'], 'm'), GenServer.cast(['x', 'other@host'], 'm')];
  },
  *reply_to_dead_caller() {
    const p = yield* dead();
    return GenServer.reply([p, makeRef()] as never, 'r');
  },
  *stop_dead() {
    const p = yield* dead();
    return yield* attempt(() => GenServer.stop(p));
  },
  stop_unregistered: () => attempt(() => GenServer.stop('nosuch')),
  stop_self: () => attempt(() => GenServer.stop(self())),
  *stop_self_name() {
    register('me', self());
    return yield* attempt(() => GenServer.stop('me', 'bye', 100));
  },
  proc_lib_stop_self: () => attempt(() => procLib.stop(self())),
  *proc_lib_init_ack_twice() {
    const [, p] = (yield* procLib.start(function* () {
      procLib.initAck(['ok', self()]);
      procLib.initAck('again');
      yield* receive((m) => m === 'stop');
    }, [])) as [string, Pid];
    const m = (yield* msgs()) as unknown[][];
    send(p, 'stop');
    return m.map(([a, , x]) => [a, x]);
  },
  proc_lib_init_ack_outside: () => attempt(() => procLib.initAck('outside')),
  proc_lib_stop_plain_process: () => attempt(() => procLib.stop(spawn(idle), 'normal', 100)),
  *stop_reason() {
    const s = yield* started();
    const m = monitor('process', s);
    const r = yield* GenServer.stop(s, ['shutdown', 'x'], 'infinity');
    return [r, yield* downOf(m)];
  },
  start_spawn_opt_monitor: () => attempt(() => GenServer.start(Fid, okInit, { spawnOpt: { monitor: true } })),
  *get_status_shape() {
    const s = yield* started();
    const [, p, m, [, sysState, parent, dbg, misc]] = (yield* sys.getStatus(s)) as [string, Pid, unknown, unknown[]];
    return [p, m, sysState, parent, dbg, (misc as unknown[][]).map((x) => x[0])];
  },
  // --- more call, start and sys edges
  *call_zero_timeout() {
    const s = yield* started();
    return yield* attempt(() => GenServer.call(s, (_f: unknown, st: unknown) => ['reply', 'r', st], 0));
  },
  *call_plain_process_exits() {
    const p = spawn(function* () {
      yield* receive((m) => Array.isArray(m) && m[0] === '$gen_call');
      exitException(['gone', 1]);
    });
    return yield* attempt(() => GenServer.call(p, 'req'));
  },
  call_server_exit_normal: () => callWith(() => exitException('normal')),
  *call_suspended_timeout() {
    const s = yield* started();
    yield* sys.suspend(s);
    const r = yield* attempt(() => GenServer.call(s, 'req', 30));
    yield* sys.resume(s);
    return r;
  },
  *start_name_taken_by_plain() {
    const p = spawn(idle);
    register('taken2', p);
    const r = yield* GenServer.start(Fid, okInit, { name: 'taken2' });
    return [r, whereis('taken2') === p];
  },
  *linked_killed_propagates_killed() {
    const me = self();
    const [, m] = spawnMonitor(function* () {
      send(me, ['q', spawnLink(idle)]);
      yield* idle();
    });
    const [, q] = (yield* receive((x) => Array.isArray(x) && x[0] === 'q')) as [string, Pid];
    exit(q, 'kill');
    return yield* downOf(m);
  },
  *sys_suspend_dead() {
    const p = yield* dead();
    return yield* attempt(() => sys.suspend(p));
  },
  sys_get_state_unregistered: () => attempt(() => sys.getState('nosuch')),
  sys_get_state_plain_process: () => attempt(() => sys.getState(spawn(idle), 20)),
  *sys_terminate() {
    const s = yield* started();
    const m = monitor('process', s);
    const r = yield* sys.terminate(s, ['shutdown', 'y']);
    return [r, yield* downOf(m)];
  },
  sys_get_state_self: () => attempt(() => sys.getState(self())),
  // --- start_monitor, enter_loop
  *start_monitor_ok() {
    const [, [p, m]] = (yield* GenServer.startMonitor(Fid, okInit)) as [string, [unknown, unknown]];
    return [p instanceof Pid, m instanceof Ref];
  },
  *start_monitor_stop() {
    return [yield* GenServer.startMonitor(Fid, () => ['stop', 'boom']), yield* msgs()];
  },
  *start_monitor_ignore() {
    return [yield* GenServer.startMonitor(Fid, () => 'ignore'), yield* msgs()];
  },
  *start_monitor_error() {
    return [yield* GenServer.startMonitor(Fid, () => error('boom')), yield* msgs()];
  },
  *enter_loop_not_proc_lib() {
    return yield* downOf(spawnMonitor(function* () { yield* GenServer.enterLoop(Fid, 0); })[1]);
  },
  *enter_loop_not_registered() {
    const p = procLib.spawn(function* () { yield* GenServer.enterLoop(Fid, 0, { name: 'nope' }); });
    return yield* downOf(monitor('process', p));
  },
  // --- gen_server code change (SYS-5)
  code_change_ok: () => codeChangeWith((s) => ['ok', (s as number) + 1]),
  code_change_error: () => codeChangeWith(() => error('boom')),
  code_change_exit: () => codeChangeWith(() => exitException('nah')),
  code_change_throw_ok: () => codeChangeWith((s) => throwTerm(['ok', (s as number) + 5])),
  code_change_throw_other: () => codeChangeWith(() => throwTerm('foo')),
  code_change_bad: () => codeChangeWith(() => 'foo'),
  code_change_error_tuple: () => codeChangeWith(() => ['error', 'why']),
  *code_change_running() {
    return yield* sys.changeCode(yield* started(), 'MOD', 'old', ((x: unknown) => ['ok', x]) as never);
  },
  // --- GS-11/12: what a callback's result or exception makes the server exit with
  cast_bad_return: () => exitAfter('cast', () => 'foo'),
  cast_error: () => exitAfter('cast', () => error('boom')),
  cast_throw_bad: () => exitAfter('cast', () => throwTerm('foo')),
  cast_throw_stop: () => exitAfter('cast', (s) => throwTerm(['stop', 'thrown', s])),
  cast_reply_tuple: () => exitAfter('cast', (s) => ['reply', 'r', s]),
  info_stop_shutdown: () => exitAfter('info', (s) => ['stop', ['shutdown', 'z'], s]),
  info_exit_kill: () => exitAfter('info', () => exitException('kill')),
  cast_noreply_bad_timeout: () => exitAfter('cast', (s) => ['noreply', s, 'foo']),
  cast_noreply_negative_timeout: () => exitAfter('cast', (s) => ['noreply', s, -5]),
  init_bad_action: () => startWith(() => ['ok', 0, 'foo']),
  *init_continue_ok() {
    const r = yield* startWith(() => ['ok', 0, ['continue', 'c']]);
    return typeof r === 'string' ? r : r[0];
  },
  init_stop_with_state: () => startWith(() => ['stop', 'boom', 0]),
  *call_reply_bad_timeout() {
    const s = yield* started();
    const m = monitor('process', s);
    const r = yield* attempt(() => GenServer.call(s, (_f: unknown, st: unknown) => ['reply', 'r', st, 'foo']));
    const d = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m, { after: 200 });
    return [r, d === TIMEOUT ? 'alive' : (d as unknown[])[4]];
  },
  // --- sys
  *sys_get_state_suspended() {
    const s = yield* started();
    yield* sys.suspend(s);
    const v = yield* sys.getState(s);
    yield* sys.resume(s);
    return v;
  },
  *sys_get_state_dead() {
    const p = yield* dead();
    return yield* attempt(() => sys.getState(p));
  },
  *sys_replace_state_crash() {
    const s = yield* started();
    const r = yield* attempt(() => sys.replaceState(s, () => error('boom')));
    return [r, isProcessAlive(s), yield* sys.getState(s)];
  },
  *sys_replace_state_ok() {
    const s = yield* started();
    return [yield* sys.replaceState(s, (x: number) => x + 1), yield* sys.getState(s)];
  },
  *sys_call_timeout() {
    const s = yield* started();
    GenServer.cast(s, 'x');
    spawn(function* () {
      yield* GenServer.call(s, function* (_f: unknown, st: unknown) {
        yield* sleep(100);
        return ['reply', 'ok', st];
      });
    });
    yield* sleep(5);
    return yield* attempt(() => sys.getState(s, 10));
  },
  *sys_debug_flags() {
    const s = yield* started();
    const out: unknown[] = [];
    for (const f of ['bogus', 5, [true, 0], [true, 'x'], [false, 1], 'get', [true, 2], true, 'print']) out.push([f, yield* sys.log(s, f as never)]);
    return [...out, yield* sys.statistics(s, 'bogus' as never), yield* sys.trace(s, 'bogus' as never), yield* sys.trace(s, true), yield* sys.trace(s, false)];
  },
  *sys_log_events() {
    const s = yield* started(okInit, { debug: ['log'] });
    yield* GenServer.call(s, (_f: unknown, st: unknown) => ['reply', st, st]);
    GenServer.cast(s, () => ['noreply', 5]);
    send(s, (st: number) => ['noreply', st + 1]);
    yield* attempt(() => GenServer.call(s, (_f: unknown, st: unknown) => ['noreply', st], 10));
    const [, l] = (yield* sys.log(s, 'get')) as [string, unknown[][]];
    return l.map((e) => {
      if (e[0] === 'in') return Array.isArray(e[1]) && typeof e[1][0] === 'string' && e[1][0].startsWith('$gen_') ? ['in', e[1][0]] : ['in', 'info'];
      if (e[0] === 'out') return Array.isArray(e[2]) && e[2][0] instanceof Pid ? ['out', e[1], 'FROM', e[3]] : e;
      return e;
    });
  },
  *multi_call_and_abcast() {
    const s = yield* started(() => ['ok', 7], { name: 'fid_mc' });
    const get = (_f: unknown, st: unknown): unknown => ['reply', st, st];
    const here = 'nonode@nohost';
    return [
      yield* GenServer.multiCall('fid_mc', get), yield* GenServer.multiCall('fid_nosuch', get),
      yield* GenServer.multiCall('fid_mc', get, { nodes: [here, 'other@nowhere'] }),
      yield* GenServer.multiCall('fid_mc', function* (_f: unknown, st: unknown) {
        yield* sleep(100);
        return ['reply', 'late', st];
      }, { nodes: [here], timeout: 10 }),
      yield* msgs(),
      GenServer.abcast('fid_mc', (_st: unknown) => ['noreply', 9]), yield* GenServer.call(s, get), GenServer.abcast('fid_nosuch', 'x'),
      yield* attempt(() => GenServer.multiCall('fid_mc', get, { nodes: [here], timeout: -1 })),
      yield* GenServer.multiCall('fid_mc', () => error('boom'), { nodes: [here] }), whereis('fid_mc'),
    ];
  },
  *sys_log_first_size_holds() {
    const s = yield* started();
    const casts = function* (n: number): Op<number> {
      for (let x = 1; x <= n; x++) GenServer.cast(s, x);
      yield* sys.getState(s);
      return ((yield* sys.log(s, 'get')) as [string, unknown[]])[1].length;
    };
    yield* sys.log(s, [true, 3]);
    const a = yield* casts(4);
    yield* sys.log(s, true);
    const b = yield* casts(4);
    yield* sys.log(s, false);
    yield* sys.log(s, true);
    const c = yield* casts(8);
    yield* sys.log(s, [true, 2]);
    const d = yield* casts(1);
    yield* sys.statistics(s, true);
    yield* casts(3);
    yield* sys.statistics(s, true);
    const st = (yield* sys.statistics(s, 'get')) as [string, [string, unknown][]];
    return [a, b, c, d, st[1].find((x) => x[0] === 'messages_in')![1]];
  },
};
