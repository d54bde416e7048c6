/**
 * Supervisor cases where dfsweo used to differ from OTP 25, found in a second review round.
 * Each expected value is what OTP 25 printed for the same case, run side by side with the
 * escript harness of scripts/fidelity-otp.escript (probes c1, c3, c4 of that round); terms are
 * normalized as there ('PID', 'STACK', 'CHILD').
 */
import { describe, expect, it } from 'vitest';
import { Pid, Supervisor, ets, exit, isProcessAlive, receive, send, spawnMonitor, sys, type Op, type Tab } from '../../src/index.js';
import { child, outcomeOf, sleep, startWorker, SupFid, sup } from '../fidelity/lib.js';

/** `[id, 'pid' | 'undefined' | 'restarting']` per child, as which_children lists them. */
function* ids(s: Pid): Op<unknown[]> {
  return (yield* Supervisor.whichChildren(s)).map(([i, p]) => [i, p instanceof Pid ? 'pid' : p]);
}

function* pidOf(s: Pid, id: string): Op<Pid> {
  return (yield* Supervisor.whichChildren(s)).find((c) => c[0] === id)![1] as Pid;
}

/** A start taking `[key, answers]` as extra arguments: sleeps 10 ms, then answers the n-th call of `key` with `answers[n]` (the last from then on). */
function dynStart(t: Tab): Supervisor.ChildStart {
  return [function* (k: string, answers: unknown[]) {
    yield* sleep(10);
    const n = ets.updateCounter(t, k, 1, [k, 0]) as number;
    const x = answers[Math.min(n, answers.length) - 1];
    return x === 'ok' ? yield* startWorker(x) : x;
  }, []];
}

function* deadPid(): Op<Pid> {
  const [p, m] = spawnMonitor(function* () {});
  yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m);
  return p;
}

/** A supervisor whose init answers what key `init` of table `t` holds, so a code change can see another answer. */
function* changingSup(t: Tab, first: unknown): Op<Pid> {
  ets.insert(t, ['init', first]);
  const r = (yield* Supervisor.startLink(SupFid, () => (ets.lookup(t, 'init')[0] as unknown[])[1])) as [string, Pid];
  return r[1];
}

function* changeCode(s: Pid): Op<unknown> {
  yield* sys.suspend(s);
  const r = yield* sys.changeCode(s, 'MOD', 'old', 'x');
  yield* sys.resume(s);
  return r;
}

describe('supervisor: OTP 25 fidelity, second round', () => {
  it('SUP-24: a message {\'EXIT\', Id, R} naming a child id is that child\'s exit, its process left running, as OTP 25', () => {
    // OTP 25 matches any {'EXIT', X, R} and looks a non-pid X up as a child id (find_child_and_args):
    // exit_msg_with_id: [[[b,pid],[a,pid]], false, true, [{specs,2},{active,2},{supervisors,0},{workers,2}]]
    // exit_msg_with_id_all (one_for_all): [[[b,pid],[a,pid]], false, true, false]  (b restarted, old a not stopped)
    // exit_msg_with_id_normal_transient: [[[a,undefined]], true]; exit_msg_unknown_id: [true, true]
    const v = outcomeOf(function* () {
      const s1 = yield* sup({}, [child('a', 'ok'), child('b', 'ok')]);
      const a1 = yield* pidOf(s1, 'a');
      send(s1, ['EXIT', 'a', 'boom']);
      yield* sleep(20);
      const one = [yield* ids(s1), (yield* pidOf(s1, 'a')) === a1, isProcessAlive(a1), yield* Supervisor.countChildren(s1)];
      const s2 = yield* sup({ strategy: 'one_for_all' }, [child('a', 'ok'), child('b', 'ok')]);
      const [a2, b2] = [yield* pidOf(s2, 'a'), yield* pidOf(s2, 'b')];
      send(s2, ['EXIT', 'a', 'boom']);
      yield* sleep(20);
      const all = [yield* ids(s2), (yield* pidOf(s2, 'a')) === a2, isProcessAlive(a2), isProcessAlive(b2)];
      const s3 = yield* sup({}, [child('a', 'ok', { restart: 'transient' })]);
      const a3 = yield* pidOf(s3, 'a');
      send(s3, ['EXIT', 'a', 'normal']);
      send(s3, ['EXIT', 'zz', 'boom']);
      yield* sleep(20);
      return [one, all, [yield* ids(s3), isProcessAlive(a3)], isProcessAlive(s3)];
    });
    expect(v).toEqual([
      [[['b', 'pid'], ['a', 'pid']], false, true, [['specs', 2], ['active', 2], ['supervisors', 0], ['workers', 2]]],
      [[['b', 'pid'], ['a', 'pid']], false, true, false],
      [[['a', 'undefined']], true],
      true,
    ]);
  });

  it('SUP-14: terminate_child of a restarting simple_one_for_one child removes it, as OTP 25 (but its count stays true)', () => {
    // OTP 25 (simple_terminate_restarting): del_child erases the {restarting, Pid} entry but not
    // dynamic_restarts, so OTP 25 counts active -1 afterwards; that bug is not copied (active 0): [[[[undefined,restarting]], [{specs,1},{active,0},{supervisors,0},{workers,1}]],
    //   ok, [], [{specs,1},{active,-1},{supervisors,0},{workers,0}], false]
    const v = outcomeOf(function* () {
      const t = ets.new('t', ['public']);
      const s = yield* sup({ strategy: 'simple_one_for_one', intensity: 100 }, [{ id: 'a', start: dynStart(t) }]);
      const [, p] = (yield* Supervisor.startChild(s, ['k', ['ok', ['error', 'no']]])) as [string, Pid];
      exit(p, 'kill');
      yield* sleep(5); // the first restart attempt is under way; these calls come after it failed
      const before = [yield* ids(s), yield* Supervisor.countChildren(s)];
      const r = yield* Supervisor.terminateChild(s, p);
      const spec = yield* Supervisor.getChildspec(s, p);
      return [before, r, yield* ids(s), yield* Supervisor.countChildren(s), spec[0] === 'error' && spec[1] === 'not_found'];
    });
    expect(v).toEqual([
      [[['undefined', 'restarting']], [['specs', 1], ['active', 0], ['supervisors', 0], ['workers', 1]]],
      'ok', [], [['specs', 1], ['active', 0], ['supervisors', 0], ['workers', 0]], false,
    ]);
  });

  it('SUP-14: terminate_child of a dead pid on simple_one_for_one erases the entry an ignored restart left, as OTP 25', () => {
    // OTP 25 (simple_terminate_dead_erases_ignored): find_child answers a dead pid with the template
    // (pid undefined) and del_child erases the key undefined:
    //   [[[[undefined,undefined]], [{specs,1},{active,1},..,{workers,1}]], ok, [], [{specs,1},{active,0},..,{workers,0}]]
    const v = outcomeOf(function* () {
      const t = ets.new('t', ['public']);
      const s = yield* sup({ strategy: 'simple_one_for_one' }, [{ id: 'a', start: [function* () {
        return ets.updateCounter(t, 'n', 1, ['n', 0]) === 1 ? yield* startWorker('ok') : 'ignore';
      }, []] }]);
      const [, p] = (yield* Supervisor.startChild(s, [])) as [string, Pid];
      exit(p, 'kill');
      yield* sleep(50);
      const before = [yield* ids(s), yield* Supervisor.countChildren(s)];
      const r = yield* Supervisor.terminateChild(s, yield* deadPid());
      return [before, r, yield* ids(s), yield* Supervisor.countChildren(s)];
    });
    expect(v).toEqual([
      [[['undefined', 'undefined']], [['specs', 1], ['active', 1], ['supervisors', 0], ['workers', 1]]],
      'ok', [], [['specs', 1], ['active', 0], ['supervisors', 0], ['workers', 0]],
    ]);
  });

  it('SUP-26: a code change whose flags have no known shape is {bad_flags, F}; a bad value stays its own error, as OTP 25', () => {
    // OTP 25: cc_bad_flags_type: {error, {error, {bad_flags, foo}}}; cc_bad_intensity: {error, {error, {invalid_intensity, -1}}}
    const v = outcomeOf(function* () {
      const out: unknown[] = [];
      for (const flags of ['foo', { intensity: -1 }]) {
        const t = ets.new('t', ['public']);
        const s = yield* changingSup(t, ['ok', [{}, [child('a', 'ok')]]]);
        ets.insert(t, ['init', ['ok', [flags, []]]]);
        out.push(yield* changeCode(s));
      }
      return out;
    });
    expect(v).toEqual([['error', ['error', ['bad_flags', 'foo']]], ['error', ['error', ['invalid_intensity', -1]]]]);
  });

  it('SUP-26: a simple_one_for_one code change to two or no specs answers {error, {ok, {Ids, Db}}}, as OTP 25', () => {
    // OTP 25 (update_childspec matches {ok, {[_], _}} only): cc_simple_two:
    //   {error, {error, {ok, {[a, b], #{a => #child{}, b => #child{}}}}}}; cc_simple_zero: {error, {error, {ok, {[], #{}}}}}
    const v = outcomeOf(function* () {
      const out: unknown[] = [];
      for (const specs of [[child('a', 'ok'), child('b', 'ok')], []]) {
        const t = ets.new('t', ['public']);
        const s = yield* changingSup(t, ['ok', [{ strategy: 'simple_one_for_one' }, [child('a', 'ok')]]]);
        ets.insert(t, ['init', ['ok', [{ strategy: 'simple_one_for_one' }, specs]]]);
        const r = (yield* changeCode(s)) as [string, [string, [string, [unknown[], Map<unknown, unknown>]]]];
        const [ids_, db] = r[1][1][1];
        out.push([r[0], r[1][0], r[1][1][0], ids_, db instanceof Map ? [...db.keys()] : db, yield* Supervisor.countChildren(s)]);
      }
      return out;
    });
    const unchanged = [['specs', 1], ['active', 0], ['supervisors', 0], ['workers', 0]];
    expect(v).toEqual([['error', 'error', 'ok', ['a', 'b'], ['a', 'b'], unchanged], ['error', 'error', 'ok', [], [], unchanged]]);
  });
});
