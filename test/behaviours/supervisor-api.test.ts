import { describe, expect, it } from 'vitest';
import { GenServer, Pid, Supervisor, classify, exit, isProcessAlive, processFlag, self, send, spawn, sys, timer, receive, whereis, type Op } from '../../src/index.js';
import { SupervisorSpecError } from '../../src/behaviours/supervisor.js';
import { explain, runOk, simulate } from '../helpers.js';
import { started, startError, startIgnore, startWorker, supMod, w } from './supervisor-helpers.js';

/** The exit reason `op` raises, or `'none'`. */
function* exitOf(op: Op<unknown>): Op<unknown> {
  try {
    yield* op;
    return 'none';
  } catch (e) {
    return classify(e).reason;
  }
}

function simple(extra: object = {}): ReturnType<typeof supMod> {
  return supMod({ strategy: 'simple_one_for_one' }, [{ id: 'tmpl', start: [startWorker, []], ...extra }]);
}

describe('dynamic children (SUP-13, SUP-14, SUP-18..21, SUP-27)', () => {
  it('SUP-13: simple_one_for_one appends extra args; ids are undefined; errors unwrapped; ignore gives {ok, undefined} [simple_one_for_one_extra]', () => {
    const v = runOk(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', simple(), undefined);
      const none = yield* Supervisor.whichChildren('sup');
      const a = yield* Supervisor.startChild('sup', ['a', me]);
      yield* started('a');
      const kids = yield* Supervisor.whichChildren('sup');
      return [none, a[0], kids.map((k) => [k[0], k[1] === a[1], k[2]]), yield* Supervisor.countChildren('sup')];
    });
    expect(v).toEqual([[], 'ok', [['undefined', true, 'worker']], [['specs', 1], ['active', 1], ['supervisors', 0], ['workers', 1]]]);
    const e = runOk(function* () {
      yield* Supervisor.startLink('e', supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startError, []] }]), undefined);
      yield* Supervisor.startLink('i', supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startIgnore, []] }]), undefined);
      return [yield* Supervisor.startChild('e', ['bad']), yield* Supervisor.startChild('i', []), yield* Supervisor.countChildren('i')];
    });
    expect(e).toEqual([['error', 'bad'], ['ok', 'undefined'], [['specs', 1], ['active', 0], ['supervisors', 0], ['workers', 0]]]);
  });

  it('SUP-14: on simple_one_for_one restart/delete are refused; terminate needs a pid [child_adm_simple]', () => {
    const v = runOk(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', simple(), undefined);
      const [, pid] = (yield* Supervisor.startChild('sup', ['a', me])) as [string, Pid];
      const stranger = spawn(function* () { yield* receive(); });
      const dead = spawn(function* () { /* ends at once */ });
      yield* timer.sleep(1);
      return [
        yield* Supervisor.restartChild('sup', 'tmpl'), yield* Supervisor.deleteChild('sup', 'tmpl'),
        yield* Supervisor.terminateChild('sup', 'tmpl'), yield* Supervisor.terminateChild('sup', stranger),
        yield* Supervisor.terminateChild('sup', dead), yield* Supervisor.terminateChild('sup', pid), isProcessAlive(pid),
        yield* Supervisor.whichChildren('sup'),
      ];
    });
    expect(v).toEqual([['error', 'simple_one_for_one'], ['error', 'simple_one_for_one'], ['error', 'simple_one_for_one'],
      ['error', 'not_found'], 'ok', 'ok', false, []]);
  });

  it('SUP-18: start_child: ok, already_started, already_present, start errors wrapped with the spec, invalid specs; new children go last [child_adm, sup_start_child_returns_error]', () => {
    const v = runOk(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({}, [w('a', me)]), undefined);
      const b = yield* Supervisor.startChild('sup', w('b', me));
      const again = yield* Supervisor.startChild('sup', w('b', me));
      yield* Supervisor.terminateChild('sup', 'b');
      const present = yield* Supervisor.startChild('sup', w('b', me));
      const failed = yield* Supervisor.startChild('sup', { id: 'x', start: [startError, ['nope']] });
      const invalid = yield* Supervisor.startChild('sup', { id: 'y', start: [startError, []], shutdown: -5 });
      const c = yield* Supervisor.startChild('sup', w('c', me));
      const ids = (yield* Supervisor.whichChildren('sup')).map((k) => k[0]);
      return [b[0], again, present, failed, invalid, c[0], ids];
    });
    const [b, again, present, failed, invalid, c, ids] = v as unknown[][];
    expect(b).toBe('ok');
    expect(again![0]).toBe('error');
    expect((again![1] as unknown[])[0]).toBe('already_started');
    expect(present).toEqual(['error', 'already_present']);
    expect(failed![0]).toBe('error');
    expect((failed![1] as unknown[])[0]).toBe('nope');
    expect(((failed![1] as unknown[])[1] as { id: string; restart: string })).toMatchObject({ id: 'x', restart: 'permanent' });
    expect(invalid).toEqual(['error', ['invalid_shutdown', -5]]);
    expect(c).toBe('ok');
    expect(ids).toEqual(['c', 'b', 'a']); // x was discarded
  });

  it('SUP-19, SUP-20: terminate keeps the spec (not for temporary) and restarts nothing; restart and delete only stopped children [sup_start_restart_child_returns_error]', () => {
    const v = runOk(function* () {
      const me = self();
      let fail = false;
      const maybe = (n: string) => (fail ? ['error', 'later'] : startWorker(n, me));
      yield* Supervisor.startLink('sup', supMod({}, [w('a', me), w('t', me, { restart: 'temporary' }), { id: 'm', start: [maybe, ['m']] }]), undefined);
      const running = [yield* Supervisor.restartChild('sup', 'a'), yield* Supervisor.deleteChild('sup', 'a')];
      const term = [yield* Supervisor.terminateChild('sup', 'a'), yield* Supervisor.terminateChild('sup', 't'), yield* Supervisor.terminateChild('sup', 'nope')];
      yield* timer.sleep(10);
      const after = (yield* Supervisor.whichChildren('sup')).map((k) => [k[0], typeof k[1] === 'string' ? k[1] : 'pid']);
      const restarted = (yield* Supervisor.restartChild('sup', 'a'))[0];
      yield* Supervisor.terminateChild('sup', 'm');
      fail = true;
      const restartErr = yield* Supervisor.restartChild('sup', 'm');
      const del = [yield* Supervisor.deleteChild('sup', 'm'), yield* Supervisor.deleteChild('sup', 'm')];
      return [running, term, after, restarted, restartErr, del];
    });
    expect(v).toEqual([
      [['error', 'running'], ['error', 'running']],
      ['ok', 'ok', ['error', 'not_found']],
      [['m', 'pid'], ['a', 'undefined']],
      'ok',
      ['error', 'later'],
      ['ok', ['error', 'not_found']],
    ]);
  });

  it('SUP-21: which_children, count_children and get_childspec with defaults [which_children, count_children, sup_start_map]', () => {
    const v = runOk(function* () {
      const me = self();
      const inner = supMod({}, [], 'inner');
      yield* Supervisor.startLink('sup', supMod({}, [w('a', me), { id: 's', start: [Supervisor.startLink, [inner, undefined]], type: 'supervisor' }]), undefined);
      return [yield* Supervisor.countChildren('sup'), yield* Supervisor.getChildspec('sup', 'a'), yield* Supervisor.getChildspec('sup', 'zz')];
    });
    const [count, spec, missing] = v as unknown[][];
    expect(count).toEqual([['specs', 2], ['active', 2], ['supervisors', 1], ['workers', 1]]);
    expect(spec![1]).toEqual({ id: 'a', start: [startWorker, ['a', expect.anything()]], restart: 'permanent', significant: false, shutdown: 5000, type: 'worker', modules: [startWorker] });
    expect(missing).toEqual(['error', 'not_found']);
  });

  it('SUP-21: get_childspec of simple_one_for_one by pid: its template for a child, and for a dead pid; not_found for a live process that is no child (find_child)', () => {
    const v = runOk(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startWorker, []] }]), undefined);
      const [, child] = (yield* Supervisor.startChild('sup', ['k', me])) as [string, Pid];
      const dead = spawn(function* () {});
      yield* timer.sleep(1);
      const specs = [yield* Supervisor.getChildspec('sup', child), yield* Supervisor.getChildspec('sup', dead), yield* Supervisor.getChildspec('sup', self())];
      return specs.map((r) => (r[0] === 'ok' ? ['ok', (r[1] as { id: unknown }).id] : r));
    });
    expect(v).toEqual([['ok', 't'], ['ok', 't'], ['error', 'not_found']]);
  });

  it('SUP-27: temporary children added later keep no start args; those from init keep theirs [do_not_save_start_parameters_for_temporary_children]', () => {
    const v = runOk(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({}, [w('i', me, { restart: 'temporary' })]), undefined);
      yield* Supervisor.startChild('sup', w('d', me, { restart: 'temporary' }));
      const fromInit = (yield* Supervisor.getChildspec('sup', 'i'))[1] as unknown as { start: unknown[] };
      const added = (yield* Supervisor.getChildspec('sup', 'd'))[1] as unknown as { start: unknown[] };
      send('d', ['stop', 'crash']);
      yield* timer.sleep(10);
      return [fromInit.start[1], added.start[1], (yield* Supervisor.whichChildren('sup')).map((k) => k[0])];
    });
    expect(v).toEqual([['i', expect.anything()], 'undefined', ['i']]);
  });

  it('SUP-24: EXIT from unknown pids is ignored, other messages are logged and ignored', () => {
    const r = simulate(function* () {
      const me = self();
      const [, sup] = (yield* Supervisor.startLink('sup', supMod({}, [w('a', me)]), undefined)) as [string, Pid];
      const stranger = spawn(function* () { exit(sup, 'from_a_stranger'); }); // trapped: an EXIT from a non-child
      send(sup, ['EXIT', stranger, 'whatever']);
      send(sup, 'hello');
      yield* timer.sleep(1);
      return (yield* Supervisor.countChildren('sup'))[1];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual(['active', 1]);
    expect(r.trace.some((e) => e.kind === 'log' && e.text.includes("'hello'"))).toBe(true);
  });

  it('SUP-24: an unknown call or cast crashes the supervisor with function_clause (OTP has no catch-all clause), its children first', () => {
    for (const how of ['call', 'cast'] as const) {
      const v = runOk(function* () {
        const me = self();
        processFlag('trap_exit', true);
        const [, sup] = (yield* Supervisor.startLink('sup', supMod({}, [w('a', me)]), undefined)) as [string, Pid];
        const child = yield* started('a');
        let callExit: unknown = 'none';
        if (how === 'call') callExit = yield* exitOf(GenServer.call(sup, 'foo'));
        else GenServer.cast(sup, 'foo');
        const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === sup)) as unknown[];
        return [callExit, m[2], isProcessAlive(child)];
      });
      const [callExit, reason, childAlive] = v as [unknown, unknown[], boolean];
      expect(reason[0]).toBe('function_clause');
      if (how === 'call') expect(callExit).toEqual([reason, ['gen_server', 'call', [expect.any(Pid), 'foo']]]);
      expect(childAlive).toBe(false);
    }
  });

  it('checkChildspecs: OTP terms inside a process, a typed error naming the field outside one', () => {
    const v = runOk(function* () {
      return [Supervisor.checkChildspecs([{ id: 1, start: [startWorker, []] }]), Supervisor.checkChildspecs([{ id: 1, start: [startWorker, []], type: 'x' }]),
        Supervisor.checkChildspecs('nope'), Supervisor.checkChildspecs([{ id: 1, start: [startWorker, []], restart: 'transient', significant: true }], 'never')];
    });
    expect(v).toEqual(['ok', ['error', ['invalid_child_type', 'x']], ['error', ['badarg', 'nope']],
      ['error', ['bad_combination', [['auto_shutdown', 'never'], ['significant', true]]]]]);
    expect(() => Supervisor.checkChildspecs([{ id: 1, start: [startWorker, []], restart: 'always' }])).toThrow(SupervisorSpecError);
    expect(() => Supervisor.checkChildspecs([{ id: 1, start: [startWorker, []], restart: 'always' }])).toThrow(/childSpecs\[0\]\.restart.*'always'/);
  });

  it('sys works on a supervisor: get_state shows its children, suspend/resume, get_status ends with its callback module', () => {
    const v = runOk(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({}, [w('a', me)]), undefined);
      yield* sys.suspend('sup');
      yield* sys.resume('sup');
      const st = (yield* sys.getState('sup')) as { children: { id: unknown }[]; flags: { strategy: string } };
      const status = (yield* sys.getStatus('sup')) as unknown[];
      const misc = ((status[3] as unknown[])[4] as unknown[][]);
      return [st.children.map((c) => c.id), st.flags.strategy, whereis('a') !== 'undefined', (status[2] as unknown[])[1], misc.map((s) => s[0]), misc.at(-1)];
    });
    // OTP: [header, data (status, parent, log), data (state), {supervisor, [{"Callback", Mod}]}]
    expect(v).toEqual([['a'], 'one_for_one', true, 'gen_server', ['header', 'data', 'data', 'supervisor'], ['supervisor', [['Callback', 'test_sup']]]]);
  });
});

describe('code change (SUP-26)', () => {
  it('SUP-26: init runs again: new flags apply, known ids are replaced keeping their process, new ids added unstarted, missing ids kept [code_change]', () => {
    const v = runOk(function* () {
      const me = self();
      const mod = supMod({ intensity: 1 }, [w('a', me), w('b', me)]);
      yield* Supervisor.startLink('sup', mod, undefined);
      const a = yield* started('a');
      yield* started('b');
      mod.init = () => ['ok', [{ strategy: 'one_for_all', intensity: 7 }, [w('a', me, { restart: 'transient' }), w('c', me)]]] as never;
      yield* sys.suspend('sup');
      const res = yield* sys.changeCode('sup', 'supervisor', 'old', undefined);
      yield* sys.resume('sup');
      const st = (yield* sys.getState('sup')) as { flags: { strategy: string; intensity: number } };
      const kids = (yield* Supervisor.whichChildren('sup')).map((k) => [k[0], k[1] === a ? 'a-pid' : typeof k[1] === 'string' ? k[1] : 'pid']);
      const specA = (yield* Supervisor.getChildspec('sup', 'a'))[1] as unknown as { restart: string };
      return [res, st.flags.strategy, st.flags.intensity, kids, specA.restart];
    });
    expect(v).toEqual(['ok', 'one_for_all', 7, [['b', 'pid'], ['c', 'undefined'], ['a', 'a-pid']], 'transient']);
  });

  it('SUP-26: an invalid result leaves the state unchanged and returns an error; simple_one_for_one may not add specs [code_change_simple]', () => {
    const v = runOk(function* () {
      const me = self();
      const mod = supMod({}, [w('a', me)]);
      const simpleMod = supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startWorker, []] }]);
      yield* Supervisor.startLink('sup', mod, undefined);
      yield* Supervisor.startLink('simple', simpleMod, undefined);
      mod.init = () => ['ok', [{ strategy: 'sideways' }, []]] as never;
      simpleMod.init = () => ['ok', [{ strategy: 'simple_one_for_one' }, [w('x', me), w('y', me)]]] as never;
      const out: unknown[] = [];
      for (const s of ['sup', 'simple']) {
        yield* sys.suspend(s);
        out.push(yield* sys.changeCode(s, 'supervisor', 'old', undefined));
        yield* sys.resume(s);
      }
      const st = (yield* sys.getState('sup')) as { flags: { strategy: string } };
      return [out, st.flags.strategy];
    });
    const [out, strategy] = v as [unknown[][], string];
    expect(out[0]).toEqual(['error', ['error', ['invalid_strategy', 'sideways']]]);
    // UPG-2 wraps the callback's error once more; OTP 25's update_childspec answers {error, {ok, {Ids, Db}}} (supervisor-otp25-2.test.ts)
    expect((out[1]![1] as unknown[])[1]).toEqual(['ok', [['x', 'y'], expect.any(Map)]]);
    expect(strategy).toBe('one_for_one');
  });

  it('SUP-26: init answering ignore keeps the state (ok); any other answer X is [error, X]; a bad child spec is an error; an init that would block is refused', () => {
    const v = runOk(function* () {
      const me = self();
      const mod = supMod({ intensity: 4 }, [w('a', me)]);
      yield* Supervisor.startLink('sup', mod, undefined);
      yield* started('a');
      const answers: unknown[] = ['ignore', 'weird', ['ok', [{}, [{ id: 'z' }]]]];
      const out: unknown[] = [];
      for (const answer of [...answers, 'blocks']) {
        mod.init = (answer === 'blocks' ? function* () { yield* receive(); } : () => answer) as never;
        yield* sys.suspend('sup');
        out.push(yield* sys.changeCode('sup', 'supervisor', 'old', undefined));
        yield* sys.resume('sup');
      }
      const st = (yield* sys.getState('sup')) as { flags: { intensity: number } };
      return [out, st.flags.intensity, (yield* Supervisor.whichChildren('sup')).map((k) => k[0])];
    });
    const [out, intensity, ids] = v as [unknown[][], number, unknown[]];
    expect(out.slice(0, 2)).toEqual(['ok', ['error', 'weird']]);
    expect(out[2]).toEqual(['error', ['error', 'missing_start']]); // supervisor:code_change's {error, E}, wrapped by sys
    expect(out[3]).toEqual(['error', ['error', 'init_blocks_in_code_change']]);
    expect([intensity, ids]).toEqual([4, ['a']]);
  });
});
