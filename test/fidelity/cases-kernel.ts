/**
 * Kernel scenarios of scripts/fidelity-otp.escript: exit signals, links, monitors, send and the
 * registry.
 */
import {
  alias, demonitor, exit, unregister, isProcessAlive, link, makeRef, monitor, Pid, processFlag, processInfo, receive, Ref, register, self,
  send, spawn, spawnLink, spawnMonitor, spawnOpt, throwTerm, unalias, unlink, whereis, yieldNow, error, exitException, put, get, erase, getKeys, registered,
} from '../../src/index.js';
import { attempt, msgs, sleep, downOf, dead, idle, trappingTarget, gotFrom, type Body } from './lib.js';

export const KERNEL_CASES: Record<string, Body> = {
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
  *process_info_items() {
    const p = spawn(idle);
    yield* sleep(5);
    return (['registered_name', 'trap_exit', 'message_queue_len', 'links', 'monitored_by', 'status'] as const).map((i) => processInfo(p, i));
  },
  *process_info_registered() {
    register('reg_me', self());
    return processInfo(self(), 'registered_name');
  },
  *pdict_ops() {
    return [
      put('k', 1), put('k', 2), get('k'), get('nokey'), getKeys(2), getKeys('nokey'), erase('k'), erase('k'), get('k'),
      put(['t', 1], ['x']), get(['t', 1]), erase(),
    ];
  },
  *alias_unalias_twice() {
    const a = alias();
    send(a, 'one');
    const first = yield* msgs();
    const u1 = unalias(a);
    send(a, 'two');
    return [first, u1, unalias(a), yield* msgs()];
  },
  *process_info_own_queue() {
    send(self(), 'a');
    send(self(), ['b', 1]);
    send(self(), 'c');
    const before = [processInfo(self(), 'message_queue_len'), processInfo(self(), 'messages')];
    const x = ((yield* receive((m) => Array.isArray(m) && m[0] === 'b')) as unknown[])[1];
    return [...before, x, processInfo(self(), 'messages')];
  },
  *process_info_list() {
    const p = spawn(idle);
    yield* sleep(5);
    return [processInfo(p, ['trap_exit', 'message_queue_len']), processInfo(p, [])];
  },
  *spawn_opt_monitor() {
    const [, m] = spawnOpt(function* () { exitException('x'); }, { monitor: true });
    return yield* downOf(m);
  },
  *trap_exit_flag_old() {
    return [processFlag('trap_exit', true), processFlag('trap_exit', false)];
  },
  *monitor_tag_option() {
    const r = monitor('process', yield* dead(), { tag: 'mytag' });
    const m = (yield* receive(null, { after: 100 })) as unknown[];
    return [m[0], m[1] === r];
  },
  *monitor_bad_options() {
    return [
      yield* attempt(() => monitor('process', self(), { bogus: 1 } as never)),
      yield* attempt(() => monitor('port' as never, self())),
      yield* attempt(() => monitor('process', 42 as never)),
    ];
  },
  *demonitor_info_twice() {
    const r = monitor('process', spawn(idle));
    return [
      demonitor(r, { info: true }), demonitor(r, { info: true }),
      yield* attempt(() => demonitor(r, { bogus: true } as never)), yield* attempt(() => demonitor('notref' as never)), demonitor(makeRef()),
    ];
  },
  *process_flag_priority() {
    return [
      processFlag('priority', 'high'), processFlag('priority', 'normal'),
      yield* attempt(() => processFlag('priority', 'bogus' as never)), yield* attempt(() => processFlag('trap_exit', 'maybe' as never)),
    ];
  },
  *spawn_opt_bad_options() {
    const f = function* (): Generator<never, void> {};
    return [
      yield* attempt(() => spawnOpt(f, { bogus: true } as never)),
      yield* attempt(() => spawnOpt(f, { priority: 'bogus' } as never)),
      yield* attempt(() => spawnOpt(f, { min_heap_size: -1 })),
    ];
  },
  yield_result: () => yieldNow(),
  *unlink_self() {
    return [unlink(self()), link(self())];
  },
  exit_ref: () => attempt(() => exit(makeRef() as never, 'kill')),
  *register_second_name() {
    register('fid_n1', self());
    return [yield* attempt(() => register('fid_n2', self())), whereis('fid_n1') === self()];
  },
  *monitor_reply_demonitor_alias() {
    const p = spawn(function* () {
      const [a] = (yield* receive()) as [Ref, string];
      send(a, 'reply');
    });
    const r = monitor('process', p, { alias: 'reply_demonitor' });
    send(p, [r, 'm']);
    yield* receive((x) => x === 'reply');
    return [demonitor(r, { info: true }), yield* msgs()];
  },
  *alias_options() {
    const a = alias({ mode: 'reply' });
    send(a, 'one');
    send(a, 'two');
    const got = yield* msgs();
    return [
      got, unalias(a),
      yield* attempt(() => alias({ mode: 'reply_demonitor' } as never)), yield* attempt(() => alias({ mode: 'bogus' } as never)), yield* attempt(() => unalias('notref' as never)),
    ];
  },
  // --- monitors and the registry, continued
  *monitor_registered_live() {
    const p = spawn(idle);
    register('fid_r', p);
    const m = monitor('process', 'fid_r');
    exit(p, 'kill');
    return yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m);
  },
  *demonitor_not_a_monitor() {
    return [demonitor(makeRef()), demonitor(makeRef(), { info: true }), demonitor(makeRef(), { flush: true, info: true })];
  },
  *registered_dies_frees_name() {
    const [p, m] = spawnMonitor(idle);
    register('fid_d', p);
    exit(p, 'kill');
    yield* downOf(m);
    return [whereis('fid_d'), register('fid_d', self()), whereis('fid_d') === self(), registered().includes('fid_d')];
  },
  *process_info_links_monitors() {
    processFlag('trap_exit', true);
    const p = spawnLink(idle);
    const m = monitor('process', p);
    const q = spawn(idle);
    monitor('process', q);
    const [[, l], [, ms]] = processInfo(self(), ['links', 'monitors']) as [string, unknown][] as [[string, Pid[]], [string, unknown[][]]];
    const mine = ms.map((x) => x[1]);
    const r: unknown[] = [l.length === 1 && l[0] === p, ms.length === 2 && mine.includes(p) && mine.includes(q) && ms.every((x) => x[0] === 'process')];
    const by = processInfo(p, 'monitored_by') as [string, unknown[]];
    r.push(by[1].length === 1 && by[1][0] === self(), processInfo(p, 'trap_exit'), demonitor(m), processInfo(p, 'monitored_by'));
    return r;
  },
};
