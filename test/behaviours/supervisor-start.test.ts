import { describe, expect, it } from 'vitest';
import { GenServer, Supervisor, error, isProcessAlive, processInfo, receive, self, whereis, type Pid } from '../../src/index.js';
import { explain, runOk, simulate } from '../helpers.js';
import { exits, startError, startIgnore, started, startedIds, startWorker, supMod, supReports, w } from './supervisor-helpers.js';

describe('supervisor start (SUP-1..6)', () => {
  it('SUP-1: start_link traps exits, starts children left to right and returns only after all started [sup_start_normal]', () => {
    const r = simulate(function* () {
      const me = self();
      const res = yield* Supervisor.startLink('sup', supMod({}, [w('a', me), w('b', me), w('c', me)]), undefined);
      const sup = (res as [string, Pid])[1];
      const kids = yield* Supervisor.whichChildren('sup');
      return [res[0], kids.map(([id, pid]) => [id, isProcessAlive(pid as Pid)]), processInfo(sup, 'trap_exit')];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual(['ok', [['c', true], ['b', true], ['a', true]], ['trap_exit', true]]);
    expect(startedIds(r.trace)).toEqual(['a', 'b', 'c']);
    // The ack to the caller comes after the last child's progress report.
    const ack = r.trace.findIndex((e) => e.kind === 'send' && Array.isArray(e.msg) && e.msg[0] === 'ack');
    const lastStart = r.trace.map((e) => e.kind === 'report' && e.category === 'progress').lastIndexOf(true);
    expect(ack).toBeGreaterThan(lastStart);
  });

  it('SUP-2: init returning ignore gives ignore and the supervisor exits normal [sup_start_ignore_init]', () => {
    const r = simulate(function* () {
      return yield* Supervisor.startLink({ name: 'ign', init: () => 'ignore' }, undefined);
    });
    expect(r.value).toBe('ignore');
    expect(exits(r.trace).filter(([p]) => p.serial !== 1).map(([, why]) => why)).toEqual(['normal']);
  });

  it('SUP-2: a bad init result is bad_return, a crash is {R, Stack} [sup_start_error_return, sup_start_fail]', () => {
    const v = runOk(function* () {
      const bad = yield* Supervisor.startLink({ name: 'bad', init: () => ['ok', 'nope'] as never }, undefined);
      const crash = yield* Supervisor.startLink({ name: 'boom', init: () => error('oops') }, undefined);
      return [bad, crash];
    }) as unknown[][];
    expect(v[0]).toEqual(['error', ['bad_return', ['bad', 'init', ['ok', 'nope']]]]);
    expect(v[1]![0]).toBe('error');
    expect((v[1]![1] as unknown[])[0]).toBe('oops');
  });

  it('SUP-2: bad flags are supervisor_data, bad specs start_spec, simple_one_for_one needs one spec [sup_start_map_faulty_specs]', () => {
    const v = runOk(function* () {
      const me = self();
      return [
        yield* Supervisor.startLink(supMod({ strategy: 'all_for_none' }, []), undefined),
        yield* Supervisor.startLink(supMod({ intensity: -1 }, []), undefined),
        yield* Supervisor.startLink(supMod({}, [{ start: [startWorker, ['x', me]] }]), undefined),
        yield* Supervisor.startLink(supMod({}, [w('a', me), w('a', me)]), undefined),
        yield* Supervisor.startLink(supMod({}, [{ id: 'a', start: [startWorker, ['x', me]], restart: 'forever' }]), undefined),
        yield* Supervisor.startLink(supMod({ strategy: 'simple_one_for_one' }, [w('a', me), w('b', me)]), undefined),
        yield* Supervisor.startLink(supMod({ strategy: 'simple_one_for_one' }, []), undefined),
      ];
    }) as unknown[];
    expect(v[0]).toEqual(['error', ['supervisor_data', ['invalid_strategy', 'all_for_none']]]);
    expect(v[1]).toEqual(['error', ['supervisor_data', ['invalid_intensity', -1]]]);
    expect(v[2]).toEqual(['error', ['start_spec', 'missing_id']]);
    expect(v[3]).toEqual(['error', ['start_spec', ['duplicate_child_name', 'a']]]);
    expect(v[4]).toEqual(['error', ['start_spec', ['invalid_restart_type', 'forever']]]);
    expect((v[5] as unknown[])[1]).toEqual(['bad_start_spec', expect.any(Array)]);
    expect(v[6]).toEqual(['error', ['bad_start_spec', []]]);
  });

  it('SUP-4: a start returning anything else, or raising, is a start error [extra_return]', () => {
    const v = runOk(function* () {
      const odd = yield* Supervisor.startLink(supMod({}, [{ id: 'x', start: [() => 'bogus', []] }]), undefined);
      const raise = yield* Supervisor.startLink(supMod({}, [{ id: 'y', start: [() => error('nope'), []] }]), undefined);
      return [odd, raise];
    }) as unknown[][];
    expect(v[0]).toEqual(['error', ['shutdown', ['failed_to_start_child', 'x', 'bogus']]]);
    const e = (v[1]![1] as unknown[])[1] as unknown[];
    expect(e.slice(0, 2)).toEqual(['failed_to_start_child', 'y']);
    expect((e[2] as unknown[])[0]).toBe('EXIT');
  });

  it('SUP-5: a child failing at start shuts down those already started, in reverse order', () => {
    const r = simulate(function* () {
      const me = self();
      const res = yield* Supervisor.startLink(supMod({}, [w('a', me), w('b', me), { id: 'c', start: [startError, ['no_way']] }]), undefined);
      return res;
    });
    expect(r.value).toEqual(['error', ['shutdown', ['failed_to_start_child', 'c', 'no_way']]]);
    expect(supReports(r.trace, 'start_error').map((x) => x.reason)).toEqual(['no_way']);
    const kids = exits(r.trace).filter(([, why]) => why === 'shutdown').map(([p]) => p.serial);
    expect(kids.length).toBe(2); // b, then a
    expect(kids[0]).toBeGreaterThan(kids[1]!); // b (started later) stops first
    // The supervisor itself exits with the error's reason, after its children.
    expect(exits(r.trace).at(-2)![1]).toEqual(['shutdown', ['failed_to_start_child', 'c', 'no_way']]);
  });

  it('SUP-6: ignore keeps a non-temporary spec with pid undefined and drops a temporary one [sup_start_ignore_child, sup_start_ignore_temporary_child]', () => {
    const v = runOk(function* () {
      const me = self();
      const specs = [{ id: 'p', start: [startIgnore, []] }, { id: 't', start: [startIgnore, []], restart: 'temporary' }, w('a', me)];
      yield* Supervisor.startLink('sup', supMod({}, specs), undefined);
      return [yield* Supervisor.whichChildren('sup'), yield* Supervisor.countChildren('sup')];
    }) as unknown[][];
    expect((v[0] as unknown[][]).map((c) => [c[0], typeof c[1] === 'string' ? c[1] : 'pid'])).toEqual([['a', 'pid'], ['p', 'undefined']]);
    expect(v[1]).toEqual([['specs', 2], ['active', 1], ['supervisors', 0], ['workers', 2]]);
  });

  it('SUP-4: a gen_server child started through [GenServer, "startLink", args] (OTP MFA form)', () => {
    const v = runOk(function* () {
      const Counter = GenServer.define<number, 'get', never, number, number>({
        init: (n) => ['ok', n],
        handleCall: (_r, _f, n) => ['reply', n, n],
      });
      yield* Supervisor.startLink('sup', supMod({}, [{ id: 'c', start: [GenServer, 'startLink', [Counter, 41, { name: 'counter' }]] }]), undefined);
      const n = yield* GenServer.call('counter', 'get');
      const spec = yield* Supervisor.getChildspec('sup', 'c');
      return [n, (spec[1] as unknown as { modules: unknown[] }).modules[0] === GenServer, isProcessAlive(whereis('counter') as Pid)];
    });
    expect(v).toEqual([41, true, true]);
  });

  it('SUP-1: children started through a generator start function block the supervisor until they answer', () => {
    const v = runOk(function* () {
      const me = self();
      function* slowStart(name: string): Generator<unknown, unknown, unknown> {
        const r = startWorker(name, me);
        yield* receive(null, { after: 100 });
        return r;
      }
      const res = yield* Supervisor.startLink(supMod({}, [{ id: 'g', start: [slowStart, ['g']] }]), undefined);
      yield* started('g');
      return [res[0], (yield* Supervisor.whichChildren(res[1] as Pid)).length];
    });
    expect(v).toEqual(['ok', 1]);
  });
});
