/**
 * Supervisor cases where dfsweo used to differ from OTP 25. Each expected value is what OTP 25
 * printed for the same case (the reviewer's side-by-side probes sup1/sup2, run with the
 * escript harness of scripts/fidelity-otp.escript); terms are normalized as there ('PID',
 * 'STACK', 'CHILD' for the child a failed start_child reports).
 */
import { describe, expect, it } from 'vitest';
import { GenServer, Pid, Supervisor, ets, exit, monotonicTime, processFlag, receive, self, type Op, type Tab } from '../../src/index.js';
import { Fid, okInit, outcomeOf, sleep, startWorker, sup, supStart } from '../fidelity/lib.js';
import { explain, simulate } from '../helpers.js';
import { started, startStubborn, supMod } from './supervisor-helpers.js';

/** `[id, 'pid' | 'undefined' | 'restarting']` per child, as which_children lists them. */
function* ids(s: Pid): Op<unknown[]> {
  return (yield* Supervisor.whichChildren(s)).map(([i, p]) => [i, p instanceof Pid ? 'pid' : p]);
}

/** A start `[fn, []]` that answers the n-th call with `answers[n]` (the last one from then on); counter `k` of table `t`. */
function sequence(t: Tab, k: string, answers: unknown[]): Supervisor.ChildStart {
  return [function* () {
    const n = ets.updateCounter(t, k, 1, [k, 0]) as number;
    const x = answers[Math.min(n, answers.length) - 1];
    return x === 'ok' ? yield* startWorker(x) : x;
  }, []];
}

describe('supervisor: OTP 25 fidelity', () => {
  it('SUP-18: a start that answers already_started is wrapped with the child, as OTP 25', () => {
    // OTP 25 (sup1 already_started_from_child): {error, {{already_started, Pid}, #child{}}}
    const v = outcomeOf(function* () {
      yield* GenServer.start(Fid, okInit, { name: 'taken' });
      const s = yield* sup({}, []);
      return yield* Supervisor.startChild(s, { id: 'x', start: [GenServer, 'startLink', [Fid, okInit, { name: 'taken' }]] } as never);
    });
    expect(v).toEqual(['error', [['already_started', 'PID'], 'CHILD']]);
  });

  it('SUP-2: init/1 giving child specs that are not a list fails with function_clause, as OTP 25', () => {
    // OTP 25 (sup1 init_specs_not_list): check_startspec has no clause for foo: {error, {function_clause, Stack}}
    expect(outcomeOf(() => supStart(() => ['ok', [{}, 'foo']]))).toEqual(['error', ['function_clause', 'STACK']]);
  });

  it('SUP-13: a simple_one_for_one restart that answers ignore leaves an undefined child, as OTP 25', () => {
    // OTP 25 (sup2 simple_restart_ignore): [[{undefined, undefined}], [{specs,1},{active,1},{supervisors,0},{workers,1}]]
    const v = outcomeOf(function* () {
      const t = ets.new('t', ['public']);
      const s = yield* sup({ strategy: 'simple_one_for_one' }, [{ id: 'a', start: sequence(t, 'a', ['ok', 'ignore']) }]);
      const r = (yield* Supervisor.startChild(s, [])) as [string, Pid];
      exit(r[1], 'kill');
      yield* sleep(50);
      return [yield* ids(s), yield* Supervisor.countChildren(s)];
    });
    expect(v).toEqual([[['undefined', 'undefined']], [['specs', 1], ['active', 1], ['supervisors', 0], ['workers', 1]]]);
  });

  it('SUP-13: simple_one_for_one start_child with extra arguments that are not a list fails in apply with badarg, as OTP 25', () => {
    // OTP 25 (sup1 simple_start_non_list): A ++ foo is no argument list: {error, {'EXIT', {badarg, Stack}}}
    const v = outcomeOf(function* () {
      const s = yield* sup({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [(...a: unknown[]) => ['error', ['args', a]], []] } as never]);
      return yield* Supervisor.startChild(s, 'foo' as never);
    });
    expect(v).toEqual(['error', ['EXIT', ['badarg', 'STACK']]]);
  });

  it('SUP-3: a shutdown above 2^32-1 ms is a valid shutdown, as OTP 25', () => {
    // OTP 25 (sup1 check_big_shutdown): validShutdown takes any integer >= 0: ok
    expect(outcomeOf(function* () {
      return Supervisor.checkChildspecs([{ id: 'a', start: [startWorker, ['ok']], shutdown: 5_000_000_000 }]);
    })).toBe('ok');
  });

  it('SUP-15: a shutdown above 2^32-1 ms still waits that long, then kills (static and simple_one_for_one children)', () => {
    // SUP-15 (the rule, not a probe): an integer shutdown waits that many ms for the child, then kills it.
    const big = 5_000_000_000;
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const me = self();
      yield* Supervisor.startLink('one', supMod({}, [
        { id: 's', start: [startStubborn, ['s', me]], shutdown: big },
        { id: 'w', start: [GenServer, 'startLink', [Fid, okInit]], shutdown: big },
      ]), undefined);
      yield* started('s');
      let t0 = monotonicTime();
      const quick = [yield* Supervisor.terminateChild('one', 'w'), monotonicTime() - t0];
      t0 = monotonicTime();
      const slow = [yield* Supervisor.terminateChild('one', 's'), monotonicTime() - t0];
      const [, dyn] = (yield* Supervisor.startLink(supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startStubborn, []], shutdown: big }]), undefined)) as [string, Pid];
      yield* Supervisor.startChild(dyn, ['d', me]);
      yield* started('d');
      t0 = monotonicTime();
      exit(dyn, 'shutdown');
      const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === dyn)) as unknown[];
      return [quick, slow, [m[2], monotonicTime() - t0]];
    }, { timeMaxMs: 3 * big });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual([['ok', 0], ['ok', big], ['shutdown', big]]);
  });
});
