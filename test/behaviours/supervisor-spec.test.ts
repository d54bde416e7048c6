import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertFlags, assertStartSpec, checkChildSpec, checkFlags, checkStartSpec, SupervisorSpecError, withoutArgs,
} from '../../src/behaviours/supervisor-spec.js';
import {
  RestartWindow, addRestart, autoShutdownDue, exceededAt, exitVerdict, intensityExceeded, restartScope, restartStamp, shutdownAsExpected,
} from '../../src/behaviours/supervisor-restart.js';
import { BadArgumentError } from '../../src/index.js';

function* startW(): Generator<unknown, unknown, unknown> {
  return 'ignore';
}
const Mod = { startLink: startW };

describe('supervisor flags and child specs (SUP-2, SUP-3)', () => {
  it('SUP-3: flags default to one_for_one, intensity 1, period 5, auto_shutdown never', () => {
    expect(checkFlags({})).toEqual(['ok', { strategy: 'one_for_one', intensity: 1, period: 5, auto_shutdown: 'never' }]);
    expect(checkFlags(['one_for_all', 3, 10])).toEqual(['ok', { strategy: 'one_for_all', intensity: 3, period: 10, auto_shutdown: 'never' }]);
  });

  it('SUP-2: invalid flags give OTP error terms', () => {
    expect(checkFlags({ strategy: 'one_for_some' })).toEqual(['error', ['invalid_strategy', 'one_for_some']]);
    expect(checkFlags({ intensity: -1 })).toEqual(['error', ['invalid_intensity', -1]]);
    expect(checkFlags({ intensity: 1.5 })).toEqual(['error', ['invalid_intensity', 1.5]]);
    expect(checkFlags({ period: 0 })).toEqual(['error', ['invalid_period', 0]]);
    expect(checkFlags({ auto_shutdown: 'sometimes' })).toEqual(['error', ['invalid_auto_shutdown', 'sometimes']]);
    expect(checkFlags('nope')).toEqual(['error', ['invalid_type', 'nope']]);
  });

  it('SUP-3: child spec defaults: permanent worker, shutdown 5000 (infinity for a supervisor), modules [M], not significant', () => {
    const [ok, spec] = checkChildSpec({ id: 'a', start: [Mod, 'startLink', []] }, 'never');
    expect(ok).toBe('ok');
    expect(spec).toEqual({ id: 'a', start: [Mod, 'startLink', []], restart: 'permanent', shutdown: 5000, type: 'worker', significant: false, modules: [Mod] });
    const sup = checkChildSpec({ id: 'b', start: [startW, [1]], type: 'supervisor', unknownKey: 1 }, 'never');
    expect(sup).toEqual(['ok', { id: 'b', start: [startW, [1]], restart: 'permanent', shutdown: 'infinity', type: 'supervisor', significant: false, modules: [startW] }]);
  });

  it('SUP-2: faulty map specs give OTP error terms [sup_start_map_faulty_specs]', () => {
    const start = [startW, []];
    expect(checkChildSpec({ start }, 'never')).toEqual(['error', 'missing_id']);
    expect(checkChildSpec({ id: 1 }, 'never')).toEqual(['error', 'missing_start']);
    expect(checkChildSpec({ id: 1, start: ['m', 'f', []] }, 'never')).toEqual(['error', ['invalid_mfa', ['m', 'f', []]]]);
    expect(checkChildSpec({ id: 1, start: [Mod, 'nofun', []] }, 'never')[0]).toBe('error');
    expect(checkChildSpec({ id: 1, start, restart: 'sometimes' }, 'never')).toEqual(['error', ['invalid_restart_type', 'sometimes']]);
    expect(checkChildSpec({ id: 1, start, shutdown: -1 }, 'never')).toEqual(['error', ['invalid_shutdown', -1]]);
    expect(checkChildSpec({ id: 1, start, type: 'boss' }, 'never')).toEqual(['error', ['invalid_child_type', 'boss']]);
    expect(checkChildSpec({ id: 1, start, modules: 'x' }, 'never')).toEqual(['error', ['invalid_modules', 'x']]);
    expect(checkChildSpec({ id: 1, start, modules: [1] }, 'never')).toEqual(['error', ['invalid_module', 1]]);
    expect(checkChildSpec({ id: 1, start, significant: 'yes' }, 'any_significant')).toEqual(['error', ['invalid_significant', 'yes']]);
    expect(checkChildSpec(42, 'never')).toEqual(['error', ['invalid_child_spec', 42]]);
  });

  it('SUP-25: significant needs a non-permanent child and auto_shutdown other than never', () => {
    const start = [startW, []];
    expect(checkChildSpec({ id: 1, start, restart: 'transient', significant: true }, 'never'))
      .toEqual(['error', ['bad_combination', [['auto_shutdown', 'never'], ['significant', true]]]]);
    expect(checkChildSpec({ id: 1, start, significant: true }, 'any_significant'))
      .toEqual(['error', ['bad_combination', [['restart', 'permanent'], ['significant', true]]]]);
    expect(checkChildSpec({ id: 1, start, restart: 'temporary', significant: true }, 'all_significant')[0]).toBe('ok');
    expect(checkChildSpec({ id: 1, start, restart: 'transient', significant: true }, undefined)[0]).toBe('ok');
  });

  it('SUP-2: duplicate ids are duplicate_child_name; the old tuple form is accepted', () => {
    const start = [startW, []];
    expect(checkStartSpec([{ id: ['a', 1], start }, { id: ['a', 1], start }], 'never')).toEqual(['error', ['duplicate_child_name', ['a', 1]]]);
    const [ok, specs] = checkStartSpec([['t', start, 'transient', 'brutal_kill', 'worker', 'dynamic']], 'never');
    expect(ok).toBe('ok');
    expect(specs).toEqual([{ id: 't', start, restart: 'transient', significant: false, shutdown: 'brutal_kill', type: 'worker', modules: 'dynamic' }]);
  });

  it('outside a process: a typed error naming the field and the value, keeping the OTP term', () => {
    let err: unknown;
    try {
      assertStartSpec('Supervisor.checkChildspecs', [{ id: 'a', start: [startW, []] }, { id: 'b', start: [startW, []], shutdown: 'soon' }], undefined);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SupervisorSpecError);
    expect(err).toBeInstanceOf(BadArgumentError);
    const e = err as SupervisorSpecError;
    expect(e.argument).toBe('childSpecs[1].shutdown');
    expect(e.value).toBe('soon');
    expect(e.term).toEqual(['invalid_shutdown', 'soon']);
    expect(e.message).toContain("'childSpecs[1].shutdown'");
    expect(() => assertFlags('Supervisor.startLink', { period: -2 })).toThrow(/flags\.period/);
  });

  it('SUP-27: a temporary spec keeps no arguments', () => {
    const [, spec] = checkChildSpec({ id: 1, start: [Mod, 'startLink', [1, 2]], restart: 'temporary' }, 'never');
    expect(withoutArgs(spec as never).start).toEqual([Mod, 'startLink', 'undefined']);
  });

  it('SUP-3: any valid spec validates, whatever the order and presence of optional keys (property)', () => {
    const arb = fc.record({
      id: fc.oneof(fc.string(), fc.integer(), fc.tuple(fc.string(), fc.integer())),
      start: fc.constant([startW, []] as const),
      restart: fc.constantFrom('permanent', 'transient', 'temporary'),
      shutdown: fc.oneof(fc.constantFrom('brutal_kill', 'infinity'), fc.nat(100000)),
      type: fc.constantFrom('worker', 'supervisor'),
    }, { requiredKeys: ['id', 'start'] });
    fc.assert(fc.property(arb, (spec) => {
      const r = checkChildSpec(spec, 'never');
      expect(r[0]).toBe('ok');
      const full = r[1] as Record<string, unknown>;
      for (const k of Object.keys(spec)) expect(full[k]).toEqual((spec as Record<string, unknown>)[k]);
    }), { numRuns: 100 });
  });
});

describe('supervisor decisions (SUP-7..12, SUP-15, SUP-25)', () => {
  it('SUP-8: stamps are whole seconds of the virtual clock', () => {
    expect(restartStamp(0)).toBe(0);
    expect(restartStamp(999)).toBe(0);
    expect(restartStamp(1000)).toBe(1);
    expect(restartStamp(5999)).toBe(5);
  });

  it('SUP-8: a stamp is kept while Now =< Then + Period [multiple_restarts]', () => {
    expect(addRestart([5, 3, 0], 8, 5)).toEqual([8, 5, 3]);
    expect(addRestart([5, 3, 0], 5, 5)).toEqual([5, 5, 3, 0]);
    expect(intensityExceeded([1], 0)).toBe(true); // MaxR = 0: the first restart is fatal
    expect(intensityExceeded([1, 1], 1)).toBe(true);
    expect(intensityExceeded([1], 1)).toBe(false);
  });

  it('SUP-8: the window gives up exactly when more than MaxR restarts fell within MaxT (property)', () => {
    const arb = fc.record({
      gaps: fc.array(fc.nat(4000), { minLength: 1, maxLength: 200 }),
      intensity: fc.nat(150),
      period: fc.integer({ min: 1, max: 6 }),
    });
    fc.assert(fc.property(arb, ({ gaps, intensity, period }) => {
      let ms = 0;
      const times = gaps.map((g) => restartStamp((ms += g)));
      let stamps: number[] = [];
      const win = new RestartWindow();
      for (let k = 0; k < times.length; k++) {
        stamps = addRestart(stamps, times[k]!, period);
        const kept = win.add(times[k]!, period);
        expect(win.toArray()).toEqual(stamps);
        const gaveUp = intensityExceeded(kept, intensity);
        expect(gaveUp).toBe(exceededAt(times, k, intensity, period));
        if (gaveUp) return; // the supervisor is gone
      }
    }), { numRuns: 200 });
  });

  it('SUP-7: permanent always restarts; transient only abnormal; temporary never', () => {
    for (const r of ['normal', 'shutdown', ['shutdown', 'x'], 'killed', ['badarith', []]]) {
      expect(exitVerdict('permanent', r)).toEqual({ report: true, restart: true });
      expect(exitVerdict('temporary', r).restart).toBe(false);
    }
    expect(exitVerdict('transient', 'normal')).toEqual({ report: false, restart: false });
    expect(exitVerdict('transient', ['shutdown', 1])).toEqual({ report: false, restart: false });
    expect(exitVerdict('transient', 'killed')).toEqual({ report: true, restart: true });
    expect(exitVerdict('temporary', 'killed')).toEqual({ report: true, restart: false });
    expect(exitVerdict('temporary', 'shutdown')).toEqual({ report: false, restart: false });
  });

  it('SUP-10..12: the scope of a restart by strategy', () => {
    expect(restartScope('one_for_one', 5, 2)).toEqual({ from: 2, to: 3 });
    expect(restartScope('one_for_all', 5, 2)).toEqual({ from: 0, to: 5 });
    expect(restartScope('rest_for_one', 5, 2)).toEqual({ from: 2, to: 5 });
  });

  it('SUP-15: expected shutdown reasons', () => {
    expect(shutdownAsExpected('shutdown', 'permanent', false)).toBe(true);
    expect(shutdownAsExpected('killed', 'permanent', true)).toBe(true);
    expect(shutdownAsExpected('killed', 'permanent', false)).toBe(false);
    expect(shutdownAsExpected('normal', 'permanent', false)).toBe(false);
    expect(shutdownAsExpected('normal', 'transient', false)).toBe(true);
    expect(shutdownAsExpected(['shutdown', 1], 'temporary', true)).toBe(true);
    expect(shutdownAsExpected('shutdown', 'permanent', true)).toBe(false);
  });

  it('SUP-25: any_significant at once, all_significant when none is left', () => {
    expect(autoShutdownDue('never', true, 0)).toBe(false);
    expect(autoShutdownDue('any_significant', false, 0)).toBe(false);
    expect(autoShutdownDue('any_significant', true, 3)).toBe(true);
    expect(autoShutdownDue('all_significant', true, 1)).toBe(false);
    expect(autoShutdownDue('all_significant', true, 0)).toBe(true);
  });
});
