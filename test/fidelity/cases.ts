/**
 * The scenarios of scripts/fidelity-otp.escript, written against dfsweo: same names, same steps,
 * same result shapes. Each case runs in a fresh process; `outcomeOf` runs one under the simulator
 * and normalizes its term as the escript does (pids 'PID', refs 'REF', functions 'FUN',
 * stacktraces 'STACK').
 */
import {
  classify, demonitor, procLib, exit, GenServer, makeRef, unregister, isProcessAlive, link, monitor, Pid, processFlag, processInfo, receive, Ref, register, self,
  send, spawn, spawnLink, Supervisor, termEquals, spawnMonitor, Stacktrace, sys, throwTerm, TIMEOUT, unlink, whereis, error, exitException,
  type Op,
} from '../../src/index.js';
import { runOk } from '../helpers.js';
import { mod, type AnyMod } from '../behaviours/gen-helpers.js';

type Body = () => Op<unknown>;
type Fn = (...a: unknown[]) => unknown;

/** The escript's callback module: init/1 and handle_call/3 run a function passed in by the case. */
const Fid: AnyMod = mod({
  *init(f: Fn) {
    return (yield* run(f())) as never;
  },
  *handleCall(req, from, s) {
    return (typeof req === 'function' ? yield* run((req as Fn)(from, s)) : ['noreply', s]) as never;
  },
  handleCast: (m, s) => (typeof m === 'function' ? (m as Fn)(s) : ['noreply', s]) as never,
  handleInfo: (m, s) => (typeof m === 'function' ? (m as Fn)(s) : ['noreply', s]) as never,
});

/** The value of a plain function's result, or of the generator a generator function returned. */
function* run(v: unknown): Op<unknown> {
  return isGen(v) ? yield* v : v;
}

const okInit = (): unknown => ['ok', 0];

/**
 * Replaces values that differ between systems by a marker, recursively. As in the escript: the
 * child start function stands for the script's module ('MOD', which OTP lists as a child's
 * modules), and the child a supervisor reports with a failed start ({error, {R, Child}}: OTP's
 * internal #child{} record, our child spec) is 'CHILD'.
 */
export function norm(t: unknown): unknown {
  if (t === startWorker) return 'MOD';
  if (isChildSpec(t)) return 'CHILD';
  if (t instanceof Pid) return 'PID';
  if (t instanceof Ref) return 'REF';
  if (t instanceof Stacktrace) return 'STACK';
  if (typeof t === 'function') return 'FUN';
  if (Array.isArray(t)) return t.map(norm);
  return t;
}

const isChildSpec = (t: unknown): boolean => typeof t === 'object' && t !== null && !Array.isArray(t) && 'id' in t && 'start' in t;

function* attempt(f: () => unknown): Op<unknown> {
  try {
    return ['ok', yield* run(f())];
  } catch (e) {
    const c = classify(e);
    return [c.class, c.reason];
  }
}

const isGen = (v: unknown): v is Op<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Op<unknown>).next === 'function' && typeof (v as Op<unknown>).throw === 'function';

function* msgs(): Op<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = yield* receive(null, { after: 20 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

function* sleep(ms: number): Op<void> {
  yield* receive((m) => m === 'never', { after: ms });
}

function* downOf(ref: Ref): Op<unknown> {
  const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref)) as unknown[];
  return m[4];
}

function* dead(): Op<Pid> {
  const [p, m] = spawnMonitor(function* () {});
  yield* downOf(m);
  return p;
}

function* idle(): Op<void> {
  yield* receive((m) => m === 'never');
}

function* started(init: Fn = okInit, opts?: Parameters<typeof GenServer.start>[2]): Op<Pid> {
  const r = yield* GenServer.start(Fid, init, opts);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** Starts a server, gives it a cast (or a message) that runs `f`, and returns its exit reason. */
function* exitAfter(kind: 'cast' | 'info', f: Fn): Op<unknown> {
  const s = yield* started();
  const m = monitor('process', s);
  if (kind === 'cast') GenServer.cast(s, f);
  else send(s, f);
  const r = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m, { after: 200 });
  return r === TIMEOUT ? 'alive' : (r as unknown[])[4];
}

/** A supervisor child's start function (the escript's start_worker/1). */
function* startWorker(how: unknown): Op<unknown> {
  if (how === 'ok') return yield* GenServer.startLink(Fid, okInit);
  if (how === 'crash') error('boom');
  return how;
}

const child = (id: string, how: unknown, extra: object = {}): Supervisor.ChildSpec => ({ id, start: [startWorker, [how]], ...extra }) as Supervisor.ChildSpec;

/** The escript's supervisor callback module is the script itself, printed 'MOD'. */
const SupFid = { name: 'MOD', init: (f: Fn) => f() as Supervisor.SupInitResult };

function* sup(flags: object, children: Supervisor.ChildSpec[]): Op<Pid> {
  const r = yield* Supervisor.startLink(SupFid, () => ['ok', [flags, children]]);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`supervisor start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** (trapping: OTP 25 leaves an 'EXIT' from the failed start, OTP 26 does not, PLIB-2; not compared) */
function supStart(init: Fn): Op<unknown> {
  processFlag('trap_exit', true);
  return Supervisor.startLink(SupFid, init);
}

function* callWith(handleCall: Fn): Op<unknown> {
  const s = yield* started();
  const r = yield* attempt(() => GenServer.call(s, handleCall));
  return [r, yield* msgs()];
}

const startWith = (init: Fn) => GenServer.start(Fid, init);

function* startLinkTrapping(init: Fn): Op<unknown> {
  processFlag('trap_exit', true);
  const r = yield* GenServer.startLink(Fid, init);
  return [r, yield* msgs()];
}

/** start_link from a process that does not trap exits: what it got back, then how it ended. */
function* startLinkPlain(init: Fn): Op<unknown> {
  const me = self();
  const [, m] = spawnMonitor(function* () {
    send(me, ['got', yield* GenServer.startLink(Fid, init)]);
    yield* sleep(50);
    send(me, 'survived');
  });
  const got = (yield* receive((x) => Array.isArray(x) && x[0] === 'got', { after: 1000 })) as unknown[];
  const rest = yield* receive((x) => x === 'survived' || (Array.isArray(x) && x[0] === 'DOWN' && x[1] === m));
  return [got[1], rest === 'survived' ? rest : ['down', (rest as unknown[])[4]]];
}

function* trappingTarget(): Op<Pid> {
  const me = self();
  const p = spawn(function* () {
    processFlag('trap_exit', true);
    send(me, 'ready');
    send(me, ['got', yield* receive()]);
  });
  yield* receive((m) => m === 'ready');
  return p;
}

function* gotFrom(): Op<unknown> {
  return ((yield* receive((m) => Array.isArray(m) && m[0] === 'got')) as unknown[])[1];
}

export const CASES: Record<string, Body> = {
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
  // --- exit signals, links, monitors
  *exit_normal_plain() {
    const p = spawn(idle);
    exit(p, 'normal');
    yield* sleep(10);
    return isProcessAlive(p);
  },
  *exit_normal_trapping() {
    exit(yield* trappingTarget(), 'normal');
    return yield* gotFrom();
  },
  *exit_kill_trapping() {
    const p = yield* trappingTarget();
    const m = monitor('process', p);
    exit(p, 'kill');
    return yield* downOf(m);
  },
  *exit_other_trapping() {
    exit(yield* trappingTarget(), 'foo');
    return yield* gotFrom();
  },
  *exit_other_plain() {
    const p = spawn(idle);
    const m = monitor('process', p);
    exit(p, ['foo', 1]);
    return yield* downOf(m);
  },
  *exit_self_normal_plain() {
    const [, m] = spawnMonitor(function* () {
      exit(self(), 'normal');
      yield* sleep(10);
      exitException('survived');
    });
    return yield* downOf(m);
  },
  *exit_self_normal_trapping() {
    processFlag('trap_exit', true);
    exit(self(), 'normal');
    return yield* msgs();
  },
  *exit_self_kill_trapping() {
    const [, m] = spawnMonitor(function* () {
      processFlag('trap_exit', true);
      exit(self(), 'kill');
      yield* sleep(10);
      exitException('survived');
    });
    return yield* downOf(m);
  },
  *monitor_dead_pid() {
    monitor('process', yield* dead());
    return yield* msgs();
  },
  *monitor_unregistered_name() {
    monitor('process', 'nosuch');
    return yield* msgs();
  },
  *monitor_name_node() {
    monitor('process', ['nosuch', 'nonode@nohost']);
    return yield* msgs();
  },
  *link_dead_trapping() {
    processFlag('trap_exit', true);
    const r = link(yield* dead());
    return [r, yield* msgs()];
  },
  *link_dead_plain() {
    const p = yield* dead();
    const [, m] = spawnMonitor(function* () {
      link(p);
      yield* sleep(10);
      exitException('survived');
    });
    return yield* downOf(m);
  },
  *spawn_monitor_normal() {
    return yield* downOf(spawnMonitor(function* () {})[1]);
  },
  *spawn_monitor_error() {
    return yield* downOf(spawnMonitor(function* () { error('boom'); })[1]);
  },
  *spawn_monitor_throw() {
    return yield* downOf(spawnMonitor(function* () { throwTerm('boom'); })[1]);
  },
  *spawn_monitor_exit_kill() {
    return yield* downOf(spawnMonitor(function* () { exitException('kill'); })[1]);
  },
  *spawn_monitor_down_shape() {
    spawnMonitor(function* () { exitException('x'); });
    return yield* msgs();
  },
  *linked_exit_normal_plain() {
    const me = self();
    const w = spawn(function* () {
      link(spawn(function* () { yield* receive((m) => m === 'go'); }));
      send(me, 'ready');
      yield* idle();
    });
    yield* receive((m) => m === 'ready');
    const links = processInfo(w, 'links') as [string, Pid[]];
    send(links[1][0]!, 'go');
    yield* sleep(10);
    return isProcessAlive(w);
  },
  *linked_killed_trapping() {
    processFlag('trap_exit', true);
    exit(spawnLink(idle), 'kill');
    return yield* msgs();
  },
  *linked_kill_propagates() {
    processFlag('trap_exit', true);
    spawnLink(function* () { exitException('kill'); });
    return yield* msgs();
  },
  *linked_kill_plain() {
    const [, m] = spawnMonitor(function* () {
      spawnLink(function* () { exitException('kill'); });
      yield* sleep(20);
      exitException('survived');
    });
    return yield* downOf(m);
  },
  *unlink_after_exit_trapping() {
    processFlag('trap_exit', true);
    const p = spawnLink(function* () {
      yield* receive((m) => m === 'go');
      exitException('bye');
    });
    unlink(p);
    send(p, 'go');
    yield* sleep(10);
    return yield* msgs();
  },
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
  // --- more kernel edges
  *send_unregistered() {
    return yield* attempt(() => send('nosuch', 'm'));
  },
  *send_name_node() {
    return yield* attempt(() => send(['nosuch', 'nonode@nohost'], 'm'));
  },
  *send_dead_pid() {
    const p = yield* dead();
    return yield* attempt(() => send(p, 'm'));
  },
  *register_dead() {
    const p = yield* dead();
    return yield* attempt(() => register('n', p));
  },
  *register_taken() {
    register('n', self());
    return yield* attempt(() => register('n', spawn(function* () {})));
  },
  *register_twice() {
    register('n', self());
    return yield* attempt(() => register('n2', self()));
  },
  register_undefined: () => attempt(() => register('undefined', self())),
  unregister_unknown: () => attempt(() => unregister('nosuch')),
  *whereis_unknown() {
    return whereis('nosuch');
  },
  *link_self() {
    return [link(self()), yield* msgs()];
  },
  *monitor_self() {
    monitor('process', self());
    return yield* msgs();
  },
  *demonitor_after_down_info() {
    const m = monitor('process', yield* dead());
    yield* downOf(m);
    return [demonitor(m, { info: true }), demonitor(m, { flush: true, info: true })];
  },
  *demonitor_flush_info_pending() {
    const m = monitor('process', yield* dead());
    yield* sleep(10);
    return [demonitor(m, { flush: true, info: true }), yield* msgs()];
  },
  *process_info_dead() {
    const p = yield* dead();
    return [processInfo(p), processInfo(p, 'links')];
  },
  *spawn_link_crash_trapping() {
    processFlag('trap_exit', true);
    spawnLink(function* () { error('boom'); });
    return yield* msgs();
  },
  *spawn_link_normal_trapping() {
    processFlag('trap_exit', true);
    spawnLink(function* () {});
    return yield* msgs();
  },
  *exit_kill_plain() {
    const p = spawn(idle);
    const m = monitor('process', p);
    exit(p, 'kill');
    return yield* downOf(m);
  },
  exit_not_a_pid: () => attempt(() => exit('foo' as never, 'bar')),
  link_not_a_pid: () => attempt(() => link('foo' as never)),
  *exit_dead_pid() {
    const p = yield* dead();
    return exit(p, 'bye');
  },
  *unlink_dead() {
    const p = yield* dead();
    return unlink(p);
  },
  *trap_exit_flag_old() {
    return [processFlag('trap_exit', true), processFlag('trap_exit', false)];
  },
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
  // --- supervisor API results
  *sup_start_child_running_id() {
    return yield* Supervisor.startChild(yield* sup({}, [child('a', 'ok')]), child('a', 'ok'));
  },
  *sup_start_child_present_id() {
    const s = yield* sup({}, [child('a', 'ok')]);
    yield* Supervisor.terminateChild(s, 'a');
    return yield* Supervisor.startChild(s, child('a', 'ok'));
  },
  *sup_start_child_error() {
    return yield* Supervisor.startChild(yield* sup({}, []), child('b', ['error', 'bad']));
  },
  *sup_start_child_ignore() {
    const s = yield* sup({}, []);
    return [yield* Supervisor.startChild(s, child('b', 'ignore')), yield* Supervisor.whichChildren(s)];
  },
  *sup_start_child_crash() {
    return (yield* Supervisor.startChild(yield* sup({}, []), child('b', 'crash')))[0];
  },
  *sup_start_child_bad_return() {
    return yield* Supervisor.startChild(yield* sup({}, []), child('b', 'foo'));
  },
  *sup_start_child_bad_restart() {
    return yield* Supervisor.startChild(yield* sup({}, []), child('b', 'ok', { restart: 'sometimes' }));
  },
  *sup_start_child_bad_shutdown() {
    return yield* Supervisor.startChild(yield* sup({}, []), child('b', 'ok', { shutdown: -1 }));
  },
  *sup_start_child_bad_type() {
    return yield* Supervisor.startChild(yield* sup({}, []), child('b', 'ok', { type: 'boss' }));
  },
  *sup_terminate_unknown() {
    return yield* Supervisor.terminateChild(yield* sup({}, []), 'nosuch');
  },
  *sup_restart_running() {
    return yield* Supervisor.restartChild(yield* sup({}, [child('a', 'ok')]), 'a');
  },
  *sup_restart_unknown() {
    return yield* Supervisor.restartChild(yield* sup({}, []), 'nosuch');
  },
  *sup_restart_terminated() {
    const s = yield* sup({}, [child('a', 'ok')]);
    yield* Supervisor.terminateChild(s, 'a');
    return (yield* Supervisor.restartChild(s, 'a'))[0];
  },
  *sup_delete_running() {
    return yield* Supervisor.deleteChild(yield* sup({}, [child('a', 'ok')]), 'a');
  },
  *sup_delete_unknown() {
    return yield* Supervisor.deleteChild(yield* sup({}, []), 'nosuch');
  },
  *sup_delete_terminated() {
    const s = yield* sup({}, [child('a', 'ok')]);
    yield* Supervisor.terminateChild(s, 'a');
    return [yield* Supervisor.deleteChild(s, 'a'), yield* Supervisor.whichChildren(s)];
  },
  *sup_which_children_terminated() {
    const s = yield* sup({}, [child('a', 'ok'), child('b', 'ok', { type: 'supervisor' })]);
    yield* Supervisor.terminateChild(s, 'a');
    return (yield* Supervisor.whichChildren(s)).map(([i, c, t]) => [i, c, t]);
  },
  *sup_count_children() {
    return yield* Supervisor.countChildren(yield* sup({}, [child('a', 'ok'), child('b', 'ok', { type: 'supervisor' }), child('c', 'ignore')]));
  },
  *sup_get_childspec_unknown() {
    return yield* Supervisor.getChildspec(yield* sup({}, []), 'nosuch');
  },
  *sup_get_childspec_defaults() {
    const r = yield* Supervisor.getChildspec(yield* sup({}, [child('a', 'ok')]), 'a');
    const { start: _s, modules: _m, ...rest } = r[1] as Supervisor.FullChildSpec;
    return rest;
  },
  *sup_simple_terminate_by_id() {
    return yield* Supervisor.terminateChild(yield* sup({ strategy: 'simple_one_for_one' }, [child('t', 'ok')]), 't');
  },
  *sup_simple_restart() {
    return yield* Supervisor.restartChild(yield* sup({ strategy: 'simple_one_for_one' }, [child('t', 'ok')]), 't');
  },
  *sup_simple_delete() {
    return yield* Supervisor.deleteChild(yield* sup({ strategy: 'simple_one_for_one' }, [child('t', 'ok')]), 't');
  },
  *sup_simple_get_childspec() {
    const s = yield* sup({ strategy: 'simple_one_for_one' }, [child('t', 'ok')]);
    return termEquals(yield* Supervisor.getChildspec(s, 't'), yield* Supervisor.getChildspec(s, 't'));
  },
  sup_init_child_fails: () => supStart(() => ['ok', [{}, [child('a', ['error', 'bad'])]]]),
  sup_init_child_bad_return: () => supStart(() => ['ok', [{}, [child('a', 'foo')]]]),
  sup_init_bad_return: () => supStart(() => 'foo'),
  sup_init_bad_flags: () => supStart(() => ['ok', [{ strategy: 'nope' }, []]]),
  sup_init_bad_childspec: () => supStart(() => ['ok', [{}, [child('a', 'ok', { restart: 'sometimes' })]]]),
  sup_init_duplicate_ids: () => supStart(() => ['ok', [{}, [child('a', 'ok'), child('a', 'ok')]]]),
  sup_init_ignore: () => supStart(() => 'ignore'),
  *sup_intensity_exceeded() {
    processFlag('trap_exit', true);
    const r = yield* Supervisor.startLink(SupFid, () => ['ok', [{ intensity: 0 }, [child('a', 'ok')]]]);
    const s = (r as [string, Pid])[1];
    const [[, c]] = yield* Supervisor.whichChildren(s);
    exit(c as Pid, 'kill');
    const m = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === s, { after: 500 });
    return m === TIMEOUT ? 'alive' : (m as unknown[])[2];
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
};

/** Runs case `name` as the escript's run/1 does and returns its normalized term. */
export function outcomeOf(name: string): unknown {
  const body = CASES[name]!;
  return norm(runOk(function* () {
    const me = self();
    const [p, m] = spawnMonitor(function* () {
      send(me, [self(), 'result', yield* body()]);
    });
    const r = (yield* receive((x) => Array.isArray(x) && ((x[0] === p && x[1] === 'result') || (x[0] === 'DOWN' && x[1] === m)), { after: 5000 })) as unknown[] | typeof TIMEOUT;
    if (r === TIMEOUT) return 'hung';
    if (r[0] === 'DOWN') return ['case_died', r[4]];
    yield* downOf(m);
    return r[2];
  }));
}
