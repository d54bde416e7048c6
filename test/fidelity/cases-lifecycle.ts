/**
 * gen_server life-cycle scenarios of scripts/fidelity-otp.escript: terminate on stop, on a
 * parent's exit and when it raises (GS-11/12, GS-14), handle_continue chains, hibernate replies,
 * and exit signals from linked processes that are not the parent.
 */
import { classify, exit, GenServer, isProcessAlive, type ServerStatus, monitor, processFlag, receive, self, send, spawn, spawnLink, exitException, error, sys, type Op, type Pid } from '../../src/index.js';
import { Fid, downOf, msgs, reporting, sleep, type Body, type Fn } from './lib.js';

/**
 * A process that startLinks a server (trapping exits or not), sends the server's pid, then exits
 * with `reason` when told: what the server's terminate saw, and how the server ended.
 */
function* parentExits(trap: boolean, reason: unknown): Op<unknown> {
  const me = self();
  const st = reporting();
  const q = spawn(function* () {
    const [, s] = (yield* GenServer.startLink(Fid, () => (processFlag('trap_exit', trap), ['ok', st]))) as [string, Pid];
    send(me, ['server', s]);
    yield* receive((m) => m === 'go');
    exitException(reason);
  });
  const [, s] = (yield* receive((m) => Array.isArray(m) && m[0] === 'server')) as [string, Pid];
  const m = monitor('process', s);
  send(q, 'go');
  const d = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m, { after: 500 });
  return [yield* msgs(), typeof d === 'symbol' ? 'alive' : (d as unknown[])[4]];
}

/** Starts a server whose state is `state`, casts it `f`, and returns its exit reason. */
function* castStops(state: unknown, f: Fn): Op<unknown> {
  const [, s] = (yield* GenServer.start(Fid, () => ['ok', state])) as [string, Pid];
  const m = monitor('process', s);
  GenServer.cast(s, f);
  return yield* downOf(m);
}

/** The "State" sys.getStatus shows for a server whose formatStatus runs `f`. */
function* statusState(f: (st: ServerStatus<unknown>) => unknown): Op<unknown> {
  const [, s] = (yield* GenServer.start(Fid, () => ['ok', ['fmt', f, 0]])) as [string, Pid];
  const misc = ((yield* sys.getStatus(s)) as unknown[][])[3]![4] as unknown[][];
  return misc.filter((x) => x[0] === 'data').flatMap((x) => (x[1] as unknown[][]).filter((d) => d[0] === 'State').map((d) => d[1]))[0];
}

/** A server whose state ['report', me] sends the case process every non-function info message. */
function* reportingServer(init: (st: unknown[]) => unknown = (st) => ['ok', st]): Op<Pid> {
  const st = ['report', self()];
  return ((yield* GenServer.start(Fid, () => init(st))) as [string, Pid])[1];
}

export const LIFECYCLE_CASES: Record<string, Body> = {
  // --- exit(self(), R) in a callback: the process dies at once (EXIT-5), terminate does not run
  *gs_exit_self_in_callback() {
    const me = self();
    const [, s] = (yield* GenServer.start(Fid, () => ['ok', reporting()])) as [string, Pid];
    const m = monitor('process', s);
    GenServer.cast(s, (x: unknown) => {
      exit(self(), 'boom');
      send(me, 'after_exit');
      return ['noreply', x];
    });
    return [yield* downOf(m), yield* msgs()];
  },
  *gs_exit_self_in_callback_caught() {
    const me = self();
    const [, s] = (yield* GenServer.start(Fid, () => ['ok', reporting()])) as [string, Pid];
    const m = monitor('process', s);
    GenServer.cast(s, (x: unknown) => {
      let caught: unknown;
      try {
        caught = exit(self(), 'boom');
      } catch (e) {
        caught = classify(e);
      }
      send(me, ['caught', caught]);
      return ['noreply', x];
    });
    return [yield* downOf(m), yield* msgs()];
  },
  // --- timeouts in callback results (GS-10)
  *gs_timeout_fires() {
    GenServer.cast(yield* reportingServer(), (x: unknown) => ['noreply', x, 10]);
    yield* sleep(50);
    return yield* msgs();
  },
  *gs_timeout_cancelled_by_message() {
    const s = yield* reportingServer();
    GenServer.cast(s, (x: unknown) => ['noreply', x, 30]);
    send(s, 'hello');
    yield* sleep(80);
    return yield* msgs();
  },
  *gs_init_timeout_zero() {
    yield* reportingServer((st) => ['ok', st, 0]);
    return yield* msgs();
  },
  *gs_reply_timeout() {
    const s = yield* reportingServer();
    const r = yield* GenServer.call(s, (_f: unknown, x: unknown) => ['reply', 'r', x, 10]);
    yield* sleep(50);
    return [r, yield* msgs()];
  },
  *gs_timeout_then_timeout_message() {
    const s = yield* reportingServer();
    send(s, 'timeout');
    GenServer.cast(s, (x: unknown) => ['noreply', x, 'infinity']);
    yield* sleep(50);
    return yield* msgs();
  },

  format_status_hides: () => statusState((st) => ({ ...st, state: 'hidden' })),
  format_status_crashes: () => statusState(() => error('x')),
  format_status_not_map: () => statusState(() => 'nope'),
  format_status_drops_key: () => statusState(() => ({ state: 's' })),

  gs_parent_exit_trapping: () => parentExits(true, 'bye'),
  gs_parent_exit_plain: () => parentExits(false, 'bye'),
  gs_parent_exit_normal_trapping: () => parentExits(true, 'normal'),
  *gs_terminate_on_stop() {
    const r = yield* castStops(reporting(), (x: unknown) => ['stop', ['shutdown', 'x'], x]);
    return [yield* msgs(), r];
  },
  gs_terminate_crashes: () => castStops(['term', () => error('oops'), 0], (x: unknown) => ['stop', 'boom', x]),
  gs_terminate_exits: () => castStops(['term', () => exitException('gone'), 0], (x: unknown) => ['stop', 'boom', x]),
  *gs_continue_chain() {
    const [, s] = (yield* GenServer.start(Fid, () => {
      send(self(), (l: unknown[]) => ['noreply', ['info', ...l]]);
      return ['ok', [], ['continue', (l: unknown[]) => ['noreply', ['c1', ...l], ['continue', (l2: unknown[]) => ['noreply', ['c2', ...l2]]]]]];
    })) as [string, Pid];
    return yield* sys.getState(s);
  },
  *gs_continue_bad() {
    const [, s] = (yield* GenServer.start(Fid, () => ['ok', 0])) as [string, Pid];
    const m = monitor('process', s);
    GenServer.cast(s, (x: unknown) => ['noreply', x, ['continue', () => 'bad']]);
    const d = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m, { after: 200 });
    return typeof d === 'symbol' ? 'alive' : (d as unknown[])[4];
  },
  *gs_hibernate_reply() {
    const [, s] = (yield* GenServer.start(Fid, () => ['ok', 0])) as [string, Pid];
    return [yield* GenServer.call(s, (_f: unknown, x: number) => ['reply', 'r', x + 1, 'hibernate']), yield* sys.getState(s)];
  },
  *gs_exit_from_linked_trapping() {
    const [, s] = (yield* GenServer.start(Fid, () => (processFlag('trap_exit', true), ['ok', 0]))) as [string, Pid];
    yield* GenServer.call(s, (_f: unknown, x: unknown) => {
      spawnLink(function* () {
        exitException('boom');
      });
      return ['reply', 'ok', x];
    });
    yield* sleep(20);
    return isProcessAlive(s);
  },
};
