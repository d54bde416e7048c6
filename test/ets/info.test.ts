/**
 * ETS-21: the `info` items beyond `info/1`'s list: `binary`, `safe_fixed` (an
 * `erlang:timestamp()` of the fixation), `safe_fixed_monotonic_time`, `stats`.
 */
import { describe, expect, it } from 'vitest';
import { ets, monotonicTime, self, systemTime, timer } from '../../src/index.js';
import { inProc, runOk, attempt } from '../helpers.js';


describe('ETS-21: info/2 items', () => {
  it('ETS-21: info binary lists stored binaries; safe_fixed gives a timestamp and safe_fixed_monotonic_time the monotonic time of fixation', () => {
    const v = runOk<unknown[]>(function* () {
      const t = ets.new('b', ['public']);
      ets.insert(t, ['k', new Uint8Array([1, 2, 3]), [new Uint8Array(5)]]);
      ets.insert(t, ['j', 1]);
      const unfixed = [ets.info(t, 'safe_fixed'), ets.info(t, 'safe_fixed_monotonic_time')];
      yield* timer.sleep(1234);
      const mono = monotonicTime();
      const us = systemTime() * 1000;
      ets.safeFixtable(t, true);
      yield* timer.sleep(10);
      ets.safeFixtable(t, true);
      const [ts, who] = ets.info(t, 'safe_fixed') as [number[], [unknown, number][]];
      const [mt, who2] = ets.info(t, 'safe_fixed_monotonic_time') as [number, [unknown, number][]];
      return [unfixed, ets.info(t, 'binary'), mt === mono && mono > 0, ts, [Math.floor(us / 1e12), Math.floor(us / 1e6) % 1e6, us % 1e6], who.map(([p, n]) => [p === self(), n]), who2.length, attempt(() => ets.info(t, 'nonsense' as never))];
    });
    expect(v[4]).toEqual(v[3]);
    expect([v[0], v[1], v[2], v[5], v[6], v[7]]).toEqual([[false, false], [[1, 3, 1], [2, 5, 1]], true, [[true, 2]], 1, 'badarg']);
  });


  it('ETS-21: info stats gives OTP\'s hash statistics shape (a key\'s objects as a chain), false for ordered_set', () => {
    const v = inProc(() => {
      const b = ets.new('b', ['duplicate_bag', 'public']);
      ets.insertMany(b, [['a', 1], ['a', 2], ['a', 3], ['b', 1]]);
      const s = ets.new('s', ['set', 'public']);
      ets.insertMany(s, [[1, 1], [2, 2], [3, 3]]);
      ets.safeFixtable(s, true);
      ets.delete(s, 2);
      const fixedStats = ets.info(s, 'stats');
      ets.safeFixtable(s, false);
      return [ets.info(b, 'stats'), fixedStats, ets.info(s, 'stats'), ets.info(ets.new('o', ['ordered_set']), 'stats'), ets.info(ets.new('e', ['bag']), 'stats')];
    });
    expect(v).toEqual([[2, 2, 1, 1, 1, 3, 0], [2, 1, 0, Math.sqrt(0.5), 1, 1, 1], [2, 1, 0, Math.sqrt(0.5), 1, 1, 0], false, [0, 0, 0, 0, 0, 0, 0]]);
  });

});
