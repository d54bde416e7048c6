/**
 * Supervisor API scenarios of scripts/fidelity-otp.escript: start/terminate/restart/delete
 * results, which/count_children, get_childspec, init failures, intensity.
 */
import {
  ets, exit, GenServer, isProcessAlive, monitor, Pid, processFlag, receive, Ref, self, Supervisor, termEquals, TIMEOUT, unlink, type Op,
} from '../../src/index.js';
import { child, downOf, msgs, sleep, SupFid, sup, supStart, type Body } from './lib.js';

/** The pid of child `id`. */
function* pidOf(s: Pid, id: string): Op<Pid> {
  return (yield* Supervisor.whichChildren(s)).find((c) => c[0] === id)![1] as Pid;
}

/** Makes the gen_server child `id` stop with `reason`; returns the supervisor's view of `id` afterwards. */
function* childStops(s: Pid, id: string, reason: unknown): Op<unknown[]> {
  const p = yield* pidOf(s, id);
  const m = monitor('process', p);
  GenServer.cast(p, (st: unknown) => ['stop', reason, st]);
  yield* downOf(m);
  yield* sleep(10);
  return (yield* Supervisor.whichChildren(s)).filter((c) => c[0] === id).map(([, c]) => (c === p ? 'same' : c instanceof Pid ? 'new' : c));
}

/** The starts and terminations a crash of child `id` (stopping with boom) sets off, in order. */
function* crashSequence(strategy: string, id: string): Op<unknown> {
  const me = self();
  const s = yield* sup({ strategy }, ['a', 'b', 'c'].map((i) => child(i, ['report', i, me])));
  yield* msgs();
  yield* childStops(s, id, 'boom');
  return yield* msgs();
}

/** Terminates child `id` and returns the reason it exited with. */
function* terminatedReason(s: Pid, id: string): Op<unknown> {
  const m = monitor('process', yield* pidOf(s, id));
  yield* Supervisor.terminateChild(s, id);
  return yield* downOf(m);
}

/** Restarts after child `id` crashes: for each child, whether its pid is the same or new. */
function* afterCrash(strategy: string, id: string): Op<unknown> {
  const s = yield* sup({ strategy }, [child('a', 'ok'), child('b', 'ok'), child('c', 'ok')]);
  const before = new Map((yield* Supervisor.whichChildren(s)).map(([i, p]) => [i, p]));
  yield* childStops(s, id, 'boom');
  const now = (yield* Supervisor.whichChildren(s)).map(([i, p]) => [i, before.get(i) === p ? 'same' : 'new'] as [string, string]);
  return now.sort((x, y) => (x[0] < y[0] ? -1 : 1));
}

/** Makes the gen_server child `id` stop with `reason` and waits until it is gone. */
function* stopChild(s: Pid, id: string, reason: unknown): Op<void> {
  const m = monitor('process', yield* pidOf(s, id));
  GenServer.cast(yield* pidOf(s, id), (st: unknown) => ['stop', reason, st]);
  yield* downOf(m);
}

/** The reason `s` exited with, from the 'EXIT' of the case's link to it, or 'alive' after 500 ms. */
function* exitOf(s: Pid): Op<unknown> {
  const m = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === s, { after: 500 });
  return m === TIMEOUT ? 'alive' : (m as unknown[])[2];
}

const significant = (id: string, restart: string) => child(id, 'ok', { restart, significant: true });

export const SUPERVISOR_CASES: Record<string, Body> = {
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
  *sup_terminate_by_pid() {
    const s = yield* sup({}, [child('a', 'ok'), child('b', 'ok')]);
    const b = yield* pidOf(s, 'b');
    const first = yield* Supervisor.terminateChild(s, b);
    const kids = (yield* Supervisor.whichChildren(s)).map((c) => [c[0], c[1] instanceof Pid]);
    return [first, kids, yield* Supervisor.terminateChild(s, b), yield* Supervisor.terminateChild(s, self())];
  },
  *sup_simple_terminate_by_pid() {
    const s = yield* sup({ strategy: 'simple_one_for_one' }, [child('t', 'ok')]);
    const [, p] = (yield* Supervisor.startChild(s, [])) as [string, Pid];
    yield* Supervisor.startChild(s, []);
    const first = yield* Supervisor.terminateChild(s, p);
    return [first, isProcessAlive(p), yield* Supervisor.countChildren(s), yield* Supervisor.terminateChild(s, p), yield* Supervisor.terminateChild(s, self())];
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
  // --- auto_shutdown and significant children (SUP-25)
  *sup_auto_any_normal() {
    processFlag('trap_exit', true);
    const s = yield* sup({ auto_shutdown: 'any_significant' }, [significant('a', 'transient'), child('b', 'ok')]);
    const mb = monitor('process', yield* pidOf(s, 'b'));
    yield* stopChild(s, 'a', 'normal');
    const r = yield* exitOf(s);
    const down = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === mb, { after: 0 });
    return [r, down === TIMEOUT ? 'alive' : (down as unknown[])[4]];
  },
  *sup_auto_any_crash_restarts() {
    const s = yield* sup({ auto_shutdown: 'any_significant' }, [significant('a', 'transient')]);
    return [yield* childStops(s, 'a', 'boom'), isProcessAlive(s)];
  },
  *sup_auto_any_temporary_crash() {
    processFlag('trap_exit', true);
    const s = yield* sup({ auto_shutdown: 'any_significant' }, [significant('a', 'temporary')]);
    yield* stopChild(s, 'a', 'boom');
    return yield* exitOf(s);
  },
  *sup_auto_all() {
    processFlag('trap_exit', true);
    const s = yield* sup({ auto_shutdown: 'all_significant' }, [significant('a', 'transient'), child('b', 'ok'), significant('c', 'temporary')]);
    yield* stopChild(s, 'a', 'normal');
    const first = isProcessAlive(s);
    yield* stopChild(s, 'c', 'normal');
    return [first, yield* exitOf(s)];
  },
  *sup_auto_terminate_child() {
    const s = yield* sup({ auto_shutdown: 'any_significant' }, [significant('a', 'transient')]);
    return [yield* Supervisor.terminateChild(s, 'a'), isProcessAlive(s), yield* Supervisor.whichChildren(s)];
  },
  sup_auto_never_significant: () => supStart(() => ['ok', [{}, [significant('a', 'transient')]]]),
  *sup_significant_permanent() {
    return yield* Supervisor.startChild(yield* sup({ auto_shutdown: 'any_significant' }, []), child('a', 'ok', { significant: true }));
  },
  *sup_significant_bad() {
    return yield* Supervisor.startChild(yield* sup({ auto_shutdown: 'any_significant' }, []), child('a', 'ok', { restart: 'transient', significant: 'yes' }));
  },
  sup_auto_bad_flag: () => supStart(() => ['ok', [{ auto_shutdown: 'sometimes' }, []]]),
  *sup_auto_childspec_shows() {
    const r = yield* Supervisor.getChildspec(yield* sup({ auto_shutdown: 'any_significant' }, [significant('a', 'transient')]), 'a');
    const { start: _s, modules: _m, ...rest } = r[1] as Supervisor.FullChildSpec;
    return rest;
  },
  *sup_start_child_info() {
    return yield* Supervisor.startChild(yield* sup({}, []), child('b', 'info'));
  },
  *sup_temporary_terminated() {
    const s = yield* sup({}, [child('a', 'ok', { restart: 'temporary' }), child('b', 'ok')]);
    const t = yield* Supervisor.terminateChild(s, 'a');
    const ids = (yield* Supervisor.whichChildren(s)).map((c) => c[0]);
    return [t, ids, yield* Supervisor.restartChild(s, 'a'), yield* Supervisor.deleteChild(s, 'a')];
  },
  *sup_intensity_period() {
    processFlag('trap_exit', true);
    const s = yield* sup({ intensity: 1, period: 1 }, [child('a', 'ok')]);
    yield* stopChild(s, 'a', 'boom');
    yield* sleep(2100);
    yield* stopChild(s, 'a', 'boom');
    yield* sleep(10);
    const alive = isProcessAlive(s);
    yield* stopChild(s, 'a', 'boom');
    return [alive, yield* exitOf(s)];
  },
  // --- supervisor restarts and shutdowns
  *sup_terminate_reason() {
    return yield* terminatedReason(yield* sup({}, [child('a', 'ok')]), 'a');
  },
  *sup_terminate_trapping_reason() {
    return yield* terminatedReason(yield* sup({}, [child('a', 'trap')]), 'a');
  },
  *sup_terminate_brutal() {
    return yield* terminatedReason(yield* sup({}, [child('a', 'ok', { shutdown: 'brutal_kill' })]), 'a');
  },
  *sup_terminate_stubborn() {
    return yield* terminatedReason(yield* sup({}, [child('a', 'stubborn', { shutdown: 10 })]), 'a');
  },
  *sup_permanent_normal() {
    return yield* childStops(yield* sup({}, [child('a', 'ok')]), 'a', 'normal');
  },
  *sup_transient_normal() {
    return yield* childStops(yield* sup({}, [child('a', 'ok', { restart: 'transient' })]), 'a', 'normal');
  },
  *sup_transient_shutdown_x() {
    return yield* childStops(yield* sup({}, [child('a', 'ok', { restart: 'transient' })]), 'a', ['shutdown', 'x']);
  },
  *sup_transient_crash() {
    return yield* childStops(yield* sup({}, [child('a', 'ok', { restart: 'transient' })]), 'a', 'boom');
  },
  *sup_temporary_crash() {
    return yield* childStops(yield* sup({}, [child('a', 'ok', { restart: 'temporary' })]), 'a', 'boom');
  },
  sup_one_for_one_crash: () => afterCrash('one_for_one', 'b'),
  sup_one_for_all_crash: () => afterCrash('one_for_all', 'b'),
  sup_rest_for_one_crash: () => afterCrash('rest_for_one', 'b'),
  *sup_stop_order() {
    const s = yield* sup({}, [child('a', 'ok'), child('b', 'ok'), child('c', 'ok')]);
    const ms = new Map((yield* Supervisor.whichChildren(s)).map(([i, p]) => [monitor('process', p as Pid), i]));
    unlink(s);
    yield* GenServer.stop(s);
    const out: unknown[] = [];
    for (let k = 0; k < ms.size; k++) {
      const d = (yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN')) as [string, Ref, string, Pid, unknown];
      out.push([ms.get(d[1]), d[4]]);
    }
    return out;
  },
  *sup_intensity_exceeded() {
    processFlag('trap_exit', true);
    const r = yield* Supervisor.startLink(SupFid, () => ['ok', [{ intensity: 0 }, [child('a', 'ok')]]]);
    const s = (r as [string, Pid])[1];
    const [[, c]] = yield* Supervisor.whichChildren(s);
    exit(c as Pid, 'kill');
    const m = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === s, { after: 500 });
    return m === TIMEOUT ? 'alive' : (m as unknown[])[2];
  },
  // --- the order of which_children
  *sup_which_children_order() {
    const s = yield* sup({}, [child('a', 'ok'), child('b', 'ok'), child('c', 'ok')]);
    const ids = function* () { return (yield* Supervisor.whichChildren(s)).map((c) => c[0]); };
    const a = yield* ids();
    yield* Supervisor.startChild(s, child('d', 'ok'));
    const b = yield* ids();
    yield* Supervisor.terminateChild(s, 'b');
    yield* Supervisor.deleteChild(s, 'b');
    yield* Supervisor.startChild(s, child('b', 'ok'));
    return [a, b, yield* ids()];
  },
  *sup_simple_which_children_order() {
    const s = yield* sup({ strategy: 'simple_one_for_one' }, [child('w', 'ok')]);
    const ps: unknown[] = [];
    for (let i = 0; i < 3; i++) ps.push(((yield* Supervisor.startChild(s, [])) as readonly unknown[])[1]);
    return (yield* Supervisor.whichChildren(s)).map((c) => ps.indexOf(c[1]) + 1);
  },
  // --- what a crash sets off, in order, and restarts that fail
  sup_one_for_all_sequence: () => crashSequence('one_for_all', 'b'),
  sup_rest_for_one_sequence: () => crashSequence('rest_for_one', 'b'),
  sup_one_for_one_sequence: () => crashSequence('one_for_one', 'b'),
  sup_rest_for_one_last_sequence: () => crashSequence('rest_for_one', 'c'),
  *sup_restart_fails_retries() {
    const t = ets.new('t', ['public']);
    processFlag('trap_exit', true);
    const s = yield* sup({ intensity: 3, period: 5 }, [child('a', ['flaky', t]), child('b', 'ok')]);
    exit(yield* pidOf(s, 'a'), 'kill');
    const r = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === s, { after: 1000 });
    return [r === TIMEOUT ? 'alive' : (r as unknown[])[2], ets.lookup(t, 'n')];
  },
};
