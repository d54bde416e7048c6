import { describe, expect, it } from 'vitest';
import { Supervisor, exit, monotonicTime, processFlag, receive, self, send, spawnLink, whereis, type Pid } from '../../src/index.js';
import { explain, simulate } from '../helpers.js';
import { exits, started, startSlow, startStubborn, startWorker, supMod, supReports, w } from './supervisor-helpers.js';

/** Starts `mod` as 'sup' from a trapping main, stops it with `reason`, returns the virtual ms it took. */
function stopRun(mk: (me: Pid) => ReturnType<typeof supMod>, names: string[], reason = 'shutdown') {
  return simulate(function* () {
    processFlag('trap_exit', true);
    const [, sup] = (yield* Supervisor.startLink('sup', mk(self()), undefined)) as [string, Pid];
    for (const n of names) yield* started(n);
    const t0 = monotonicTime();
    exit(sup, reason);
    const m = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === sup);
    return [(m as unknown[])[2], monotonicTime() - t0];
  });
}

describe('stopping children (SUP-15..17)', () => {
  it('SUP-15: a stubborn child is killed when its shutdown timeout runs out; killed is logged [sup_stop_timeout]', () => {
    const r = stopRun((me) => supMod({}, [{ id: 's', start: [startStubborn, ['s', me]], shutdown: 300 }]), ['s']);
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual(['shutdown', 300]);
    expect(supReports(r.trace, 'shutdown_error').map((x) => x.reason)).toEqual(['killed']);
  });

  it('SUP-15: brutal_kill kills at once and expects killed; infinity waits as long as it takes [sup_stop_brutal_kill]', () => {
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const me = self();
      const specs = [{ id: 'slow', start: [startSlow, ['slow', me, 20_000]], shutdown: 'infinity' }, w('b', me, { shutdown: 'brutal_kill' })];
      const [, sup] = (yield* Supervisor.startLink('sup', supMod({}, specs), undefined)) as [string, Pid];
      yield* started('slow');
      yield* started('b');
      const t0 = monotonicTime();
      exit(sup, 'shutdown');
      const m = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === sup);
      return [(m as unknown[])[2], monotonicTime() - t0];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual(['shutdown', 20_000]);
    expect(supReports(r.trace)).toEqual([]); // killed (brutal) and shutdown (slow) are both expected
    expect(exits(r.trace).map(([, why]) => why).slice(0, 2)).toEqual(['killed', 'shutdown']); // b first: reverse order
  });

  it('SUP-15: a child that unlinked itself cannot hang the supervisor; its reason comes from the DOWN [child_unlink]', () => {
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const me = self();
      const [, sup] = (yield* Supervisor.startLink('sup', supMod({}, [w('a', me)]), undefined)) as [string, Pid];
      yield* started('a');
      send('a', ['unlink', sup]);
      const t0 = monotonicTime();
      const res = yield* Supervisor.terminateChild('sup', 'a');
      return [res, monotonicTime() - t0, whereis('a')];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual(['ok', 0, 'undefined']);
  });

  it('SUP-15: a permanent child ending normal on shutdown is a shutdown_error; a transient one is fine', () => {
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const me = self();
      function* polite(name: string): Generator<unknown, unknown, unknown> {
        processFlag('trap_exit', true);
        send(me, ['started', name, self()]);
        yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
        return 'normal';
      }
      const start = (name: string) => ['ok', spawnLink(polite, name)];
      const [, sup] = (yield* Supervisor.startLink('sup', supMod({}, [{ id: 'p', start: [start, ['p']] }, { id: 't', start: [start, ['t']], restart: 'transient' }]), undefined)) as [string, Pid];
      yield* started('p');
      yield* started('t');
      exit(sup, 'shutdown');
      yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === sup);
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(supReports(r.trace, 'shutdown_error').map((x) => [(x.offender as { id: string }).id, x.reason])).toEqual([['p', 'normal']]);
  });

  it('SUP-16: children stop one at a time in reverse start order [order_of_children]', () => {
    const r = stopRun((me) => supMod({}, [w('a', me), w('b', me), w('c', me)]), ['a', 'b', 'c']);
    expect(r.outcome, explain(r)).toBe('ok');
    const names = new Map<number, string>();
    for (const e of r.trace) if (e.kind === 'register') names.set(e.pid.serial, e.name);
    const order = exits(r.trace).filter(([p]) => names.has(p.serial) && names.get(p.serial) !== 'sup').map(([p]) => names.get(p.serial));
    expect(order).toEqual(['c', 'b', 'a']);
  });

  it('SUP-16: simple_one_for_one signals all at once and waits under one shared timer [sup_stop_timeout_dynamic]', () => {
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const me = self();
      const mod = supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startStubborn, []], shutdown: 500 }]);
      const [, sup] = (yield* Supervisor.startLink('sup', mod, undefined)) as [string, Pid];
      for (const n of ['x', 'y', 'z']) yield* Supervisor.startChild('sup', [n, me]);
      for (const n of ['x', 'y', 'z']) yield* started(n);
      const t0 = monotonicTime();
      exit(sup, 'shutdown');
      yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === sup);
      return monotonicTime() - t0;
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toBe(500); // one timer for all three, not 3 × 500
    const errs = supReports(r.trace, 'shutdown_error');
    expect(errs.map((x) => [x.reason, (x.offender as { nb_children: number }).nb_children])).toEqual([['killed', 3]]);
  });

  it('SIM-7: simple_one_for_one signals its children in start order on every seed; the order they die in is the seeded scheduler\'s', () => {
    const ids = ['x', 'y', 'z', 'q'];
    const run = (seed: number) => {
      const r = simulate(function* () {
        processFlag('trap_exit', true);
        const me = self();
        const mod = supMod({ strategy: 'simple_one_for_one' }, [{ id: 't', start: [startWorker, []], shutdown: 500 }]);
        const [, sup] = (yield* Supervisor.startLink('sup', mod, undefined)) as [string, Pid];
        for (const n of ids) yield* Supervisor.startChild('sup', [n, me]);
        for (const n of ids) yield* started(n);
        exit(sup, 'shutdown');
        yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === sup);
        return sup;
      }, { seed });
      expect(r.outcome, explain(r)).toBe('ok');
      const names = new Map<Pid, string>();
      for (const e of r.trace) if (e.kind === 'register') names.set(e.pid, e.name);
      const signalled = r.trace.flatMap((e) => (e.kind === 'exitSignal' && e.from === r.value && names.has(e.pid) ? [names.get(e.pid)] : []));
      const died = exits(r.trace).flatMap(([p]) => (ids.includes(names.get(p)!) ? [names.get(p)] : []));
      return { signalled, died: died.join(' ') };
    };
    const runs = Array.from({ length: 12 }, (_, k) => run(k + 1));
    for (const x of runs) expect(x.signalled).toEqual(ids);
    expect(new Set(runs.map((x) => x.died)).size).toBeGreaterThan(1);
    expect(run(3)).toEqual(runs[2]);
  });

  it('SUP-17: a supervisor told to terminate stops its children first, then exits with the given reason', () => {
    const r = stopRun((me) => supMod({}, [w('a', me)]), ['a'], 'custom_reason');
    expect(r.outcome, explain(r)).toBe('ok');
    expect((r.value as unknown[])[0]).toBe('custom_reason');
    const ex = exits(r.trace);
    expect(ex.map(([, why]) => why).slice(0, 2)).toEqual(['shutdown', 'custom_reason']);
  });

  it('SUP-17: Supervisor.stop stops the children in reverse order, then the supervisor, and returns ok (OTP 29 stop/1,3)', () => {
    const r = simulate(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({}, [w('a', me), w('b', me)]), undefined);
      yield* started('a');
      yield* started('b');
      const res = yield* Supervisor.stop('sup');
      return [res, whereis('sup'), whereis('a'), whereis('b')];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual(['ok', 'undefined', 'undefined', 'undefined']);
    expect(exits(r.trace).map(([, why]) => why).slice(0, 3)).toEqual(['shutdown', 'shutdown', 'normal']);
  });
});
