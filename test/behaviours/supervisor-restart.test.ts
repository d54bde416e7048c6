import { describe, expect, it } from 'vitest';
import { Supervisor, exit, isProcessAlive, receive, self, send, timer, whereis, type Pid, type TraceEvent } from '../../src/index.js';
import { explain, simulate } from '../helpers.js';
import { exits, started, startedIds, startWorker, supMod, supReports, w } from './supervisor-helpers.js';

function kill(name: string): void {
  exit(whereis(name) as Pid, 'kill');
}

/** Shutdown signals the supervisor sent, as the registered names of their targets, in order. */
function shutdownsBy(trace: readonly TraceEvent[], sup: Pid, names: Map<number, string>): string[] {
  return trace.flatMap((e) => (e.kind === 'exitSignal' && !e.link && e.from === sup ? [names.get(e.pid.serial) ?? '?'] : []));
}

function nameMap(trace: readonly TraceEvent[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const e of trace) if (e.kind === 'register') m.set(e.pid.serial, e.name);
  return m;
}

describe('supervisor restarts (SUP-7..12)', () => {
  it('SUP-7: permanent restarts even after normal; transient only abnormal; temporary never [permanent_normal, transient_normal, temporary_abnormal]', () => {
    const r = simulate(function* () {
      const me = self();
      const specs = [w('p', me), w('tn', me, { restart: 'transient' }), w('ta', me, { restart: 'transient' }), w('tmp', me, { restart: 'temporary' })];
      yield* Supervisor.startLink('sup', supMod({ intensity: 10 }, specs), undefined);
      for (const n of ['p', 'tn', 'ta', 'tmp']) yield* started(n);
      send('p', ['stop', 'normal']);
      yield* started('p');
      send('tn', ['stop', 'normal']);
      send('ta', ['stop', 'crash']);
      yield* started('ta');
      send('tmp', ['stop', 'crash']);
      yield* timer.sleep(10);
      return yield* Supervisor.whichChildren('sup');
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const kids = (r.value as unknown[][]).map((c) => [c[0], typeof c[1] === 'string' ? c[1] : 'pid']);
    expect(kids).toEqual([['ta', 'pid'], ['tn', 'undefined'], ['p', 'pid']]);
    expect(supReports(r.trace, 'child_terminated').map((x) => [(x.offender as { id: string }).id, x.reason])).toEqual([['p', 'normal'], ['ta', 'crash'], ['tmp', 'crash']]);
  });

  it('SUP-8: more than MaxR restarts within MaxT seconds: children stopped, exit shutdown [multiple_restarts]', () => {
    const r = simulate(function* () {
      const me = self();
      yield* Supervisor.startLink(supMod({ intensity: 2, period: 5 }, [w('a', me), w('b', me)]), undefined);
      for (let i = 0; i < 3; i++) {
        yield* started('a');
        kill('a');
      }
      yield* receive(() => false); // until the supervisor's exit takes us down
    });
    expect(r.outcome, explain(r)).toBe('crashed'); // main is linked to the supervisor, which exits shutdown
    expect(r.exit).toBe('shutdown');
    const max = supReports(r.trace, 'shutdown');
    expect(max.map((x) => x.reason)).toEqual(['reached_max_restart_intensity']);
    expect(supReports(r.trace, 'child_terminated').length).toBe(3);
    // b was shut down before the supervisor exited
    const ex = exits(r.trace).map(([, why]) => why);
    expect(ex.slice(-3)).toEqual(['shutdown', 'shutdown', 'shutdown']);
  });

  it('SUP-8: the window is in whole seconds of virtual time; a stamp is kept while Now =< Then + Period', () => {
    const run = (gapMs: number) => simulate(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({ intensity: 1, period: 5 }, [w('a', me)]), undefined);
      yield* started('a');
      kill('a'); // restart at second 0
      yield* started('a');
      yield* timer.sleep(gapMs);
      kill('a');
      yield* timer.sleep(10);
      return whereis('sup') !== 'undefined';
    });
    const at5 = run(5999); // second 5: 5 =< 0 + 5 keeps the first stamp: 2 > 1
    expect(at5.outcome, explain(at5)).toBe('crashed');
    expect(supReports(at5.trace, 'shutdown').length).toBe(1);
    const at6 = run(6000); // second 6: the first stamp is forgotten
    expect(at6.outcome, explain(at6)).toBe('ok');
    expect(at6.value).toBe(true);
  });

  it('SUP-8: MaxR = 0 makes the first restart-worthy exit fatal', () => {
    const r = simulate(function* () {
      const me = self();
      yield* Supervisor.startLink(supMod({ intensity: 0 }, [w('a', me)]), undefined);
      yield* started('a');
      kill('a');
      yield* receive(() => false); // until the supervisor's exit takes us down
    });
    expect(r.exit).toBe('shutdown');
    expect(supReports(r.trace, 'shutdown').map((x) => x.reason)).toEqual(['reached_max_restart_intensity']);
  });

  it('SUP-9: exits that are not restarted never count; a one_for_all round counts once', () => {
    const r = simulate(function* () {
      const me = self();
      const specs = [w('t', me, { restart: 'temporary' }), w('tr', me, { restart: 'transient' }), w('a', me), w('b', me)];
      yield* Supervisor.startLink('sup', supMod({ strategy: 'one_for_all', intensity: 1 }, specs), undefined);
      for (const n of ['t', 'tr', 'a', 'b']) yield* started(n);
      send('t', ['stop', 'crash']); // temporary: not restarted, not counted
      send('tr', ['stop', 'normal']); // clean transient: not counted
      yield* timer.sleep(10);
      kill('a'); // one round: restarts a, b and tr (its spec is kept) — counted once
      yield* started('b');
      yield* timer.sleep(10);
      return [whereis('sup') !== 'undefined', isProcessAlive(whereis('a') as Pid)];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual([true, true]);
  });

  it('SUP-10: one_for_one restarts only the dead child, keeping its position [one_for_one]', () => {
    const r = simulate(function* () {
      const me = self();
      yield* Supervisor.startLink('sup', supMod({}, [w('a', me), w('b', me), w('c', me)]), undefined);
      const pids = [yield* started('a'), yield* started('b'), yield* started('c')];
      kill('b');
      const b2 = yield* started('b');
      const kids = yield* Supervisor.whichChildren('sup');
      return [kids.map((k) => k[1]), [pids[2], b2, pids[0]]];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const [now, expected] = r.value as unknown[][];
    expect(now).toEqual(expected);
  });

  it('SUP-11: one_for_all stops the others in reverse order, restarts all in start order; a temporary bystander is not restarted [one_for_all, temporary_bystander]', () => {
    const r = simulate(function* () {
      const me = self();
      const specs = [w('a', me), w('b', me), w('t', me, { restart: 'temporary' }), w('c', me), w('d', me)];
      const res = yield* Supervisor.startLink('sup', supMod({ strategy: 'one_for_all' }, specs), undefined);
      for (const n of ['a', 'b', 't', 'c', 'd']) yield* started(n);
      kill('b');
      for (const n of ['a', 'b', 'c', 'd']) yield* started(n);
      return [res[1], (yield* Supervisor.whichChildren('sup')).map((k) => k[0])];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const [sup, ids] = r.value as [Pid, unknown[]];
    expect(ids).toEqual(['d', 'c', 'b', 'a']);
    expect(shutdownsBy(r.trace, sup, nameMap(r.trace))).toEqual(['d', 'c', 't', 'a']);
    expect(startedIds(r.trace)).toEqual(['a', 'b', 't', 'c', 'd', 'a', 'b', 'c', 'd']);
  });

  it('SUP-12: rest_for_one stops the later children in reverse order, then restarts it and them in order [rest_for_one]', () => {
    const r = simulate(function* () {
      const me = self();
      const res = yield* Supervisor.startLink('sup', supMod({ strategy: 'rest_for_one' }, [w('a', me), w('b', me), w('c', me), w('d', me)]), undefined);
      const a = yield* started('a');
      for (const n of ['b', 'c', 'd']) yield* started(n);
      kill('b');
      for (const n of ['b', 'c', 'd']) yield* started(n);
      return [res[1], whereis('a') === a];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const [sup, aKept] = r.value as [Pid, boolean];
    expect(aKept).toBe(true);
    expect(shutdownsBy(r.trace, sup, nameMap(r.trace))).toEqual(['d', 'c']);
    expect(startedIds(r.trace).slice(4)).toEqual(['b', 'c', 'd']);
  });
});

describe('failed restarts, escalation, auto shutdown (SUP-22, SUP-23, SUP-25)', () => {
  it('SUP-22: a failed restart marks the child restarting and retries via a message to itself; each attempt counts [hanging_restart_loop]', () => {
    const r = simulate(function* () {
      const me = self();
      let attempts = 0;
      let allow = true;
      const flaky = (name: string) => (attempts++, allow ? startWorker(name, me) : ['error', 'flaky']);
      yield* Supervisor.startLink('sup', supMod({ intensity: 1_000_000 }, [{ id: 'f', start: [flaky, ['f']] }]), undefined);
      yield* started('f');
      allow = false;
      kill('f');
      let during: unknown;
      while ((during = (yield* Supervisor.whichChildren('sup'))[0]![1]) !== 'restarting') { /* until the first attempt failed */ }
      const replies = [yield* Supervisor.restartChild('sup', 'f'), yield* Supervisor.deleteChild('sup', 'f'),
        yield* Supervisor.startChild('sup', { id: 'f', start: [startWorker, ['x', me]] })];
      allow = true;
      yield* started('f');
      return [during, replies, attempts];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const [during, replies, attempts] = r.value as [unknown, unknown[], number];
    expect(during).toBe('restarting');
    expect(replies).toEqual([['error', 'restarting'], ['error', 'restarting'], ['error', 'already_present']]);
    // init + the failed attempts + the one that worked; every failure is reported
    expect(supReports(r.trace, 'start_error').length).toBe(attempts - 2);
    expect(attempts).toBeGreaterThan(2);
  });

  it('SUP-22: retries that keep failing exhaust the intensity', () => {
    const r = simulate(function* () {
      const me = self();
      let n = 0;
      const once = (name: string) => (n++ === 0 ? startWorker(name, me) : ['error', 'down']);
      yield* Supervisor.startLink(supMod({ intensity: 3 }, [{ id: 'f', start: [once, ['f']] }]), undefined);
      yield* started('f');
      kill('f');
      yield* receive(() => false); // until the supervisor's exit takes us down
    });
    expect(r.exit).toBe('shutdown');
    expect(supReports(r.trace, 'start_error').length).toBe(3); // 1 restart + 2 retries, the 4th attempt is over
    expect(supReports(r.trace, 'shutdown').length).toBe(1);
  });

  it('SUP-23: a child supervisor that exceeds its intensity exits shutdown and its parent restarts it [one_for_one_escalation]', () => {
    const r = simulate(function* () {
      const me = self();
      const inner = supMod({ intensity: 0 }, [w('leaf', me)], 'inner');
      const top = supMod({ intensity: 5 }, [{ id: 'inner', start: [Supervisor.startLink, ['inner', inner, undefined]], type: 'supervisor' }], 'top');
      yield* Supervisor.startLink('top', top, undefined);
      const inner1 = whereis('inner');
      yield* started('leaf');
      kill('leaf');
      yield* started('leaf');
      return [inner1, whereis('inner')];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const [before, after] = r.value as Pid[];
    expect(after).not.toBe(before);
    const terminated = supReports(r.trace, 'child_terminated').map((x) => [(x.offender as { id: string }).id, x.reason]);
    expect(terminated).toEqual([['leaf', 'killed'], ['inner', 'shutdown']]);
  });

  it('SUP-23: escalation under one_for_all restarts the siblings too; under simple_one_for_one the child supervisor is restarted with its args [one_for_all_escalation, simple_one_for_one_escalation]', () => {
    const r = simulate(function* () {
      const me = self();
      const inner = supMod({ intensity: 0 }, [w('leaf', me)], 'inner');
      const top = supMod({ strategy: 'one_for_all', intensity: 5 }, [
        w('sib', me), { id: 'inner', start: [Supervisor.startLink, ['inner', inner, undefined]], type: 'supervisor' },
      ], 'top');
      yield* Supervisor.startLink('top', top, undefined);
      const sib = yield* started('sib');
      yield* started('leaf');
      kill('leaf');
      yield* started('sib');
      yield* started('leaf');
      const dyn = supMod({ strategy: 'simple_one_for_one', intensity: 5 }, [{ id: 'd', start: [Supervisor.startLink, []], type: 'supervisor' }], 'dyn');
      yield* Supervisor.startLink('dyn', dyn, undefined);
      const [, child] = (yield* Supervisor.startChild('dyn', ['inner2', supMod({ intensity: 0 }, [w('leaf2', me)], 'inner2'), undefined])) as [string, Pid];
      yield* started('leaf2');
      kill('leaf2');
      yield* started('leaf2');
      return [sib !== whereis('sib'), child !== whereis('inner2'), (yield* Supervisor.countChildren('dyn'))[1]];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual([true, true, ['active', 1]]);
  });

  it('SUP-25: any_significant: a significant child ending by itself shuts the supervisor down [significant_transient]', () => {
    const r = simulate(function* () {
      const me = self();
      const specs = [w('s', me, { restart: 'transient', significant: true }), w('o', me)];
      yield* Supervisor.startLink(supMod({ auto_shutdown: 'any_significant' }, specs), undefined);
      yield* started('s');
      send('s', ['stop', 'normal']);
      yield* receive(() => false); // until the supervisor's exit takes us down
    });
    expect(r.exit).toBe('shutdown');
    expect(exits(r.trace).map(([, why]) => why)).toEqual(['normal', 'shutdown', 'shutdown', 'shutdown']);
  });

  it('SUP-25: all_significant waits for the last one; exits the supervisor caused never count [significant_temporary, significant_bystander]', () => {
    const r = simulate(function* () {
      const me = self();
      const specs = [w('s1', me, { restart: 'temporary', significant: true }), w('s2', me, { restart: 'temporary', significant: true })];
      yield* Supervisor.startLink('sup', supMod({ auto_shutdown: 'all_significant' }, specs), undefined);
      yield* started('s1');
      yield* started('s2');
      yield* Supervisor.terminateChild('sup', 's1'); // caused by the supervisor: does not count
      const alive1 = whereis('sup') !== 'undefined';
      send('s2', ['stop', 'crash']); // the last significant child ends by itself
      yield* receive(() => false); // until the supervisor's exit takes us down
      return alive1;
    });
    expect(r.exit).toBe('shutdown');
    expect(supReports(r.trace, 'child_terminated').length).toBe(1);
  });
});
