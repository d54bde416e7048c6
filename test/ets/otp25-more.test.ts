/**
 * ETS cases where dfsweo used to differ from OTP 25. Each expected value is what OTP 25 printed
 * for the same case (the reviewer's side-by-side probes ets1..ets5); `attempt` gives
 * `['ok', V]` or `[Class, Reason]` as the probes' attempt/1 does.
 */
import { describe, expect, it } from 'vitest';
import { classify, ets, type SelectChunk, type Tab } from '../../src/index.js';
import { inProc } from '../helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const E = ets as any; // the calls below pass what the types forbid, as the probes do

function attempt(f: () => unknown): unknown {
  try {
    return ['ok', f()];
  } catch (e) {
    const c = classify(e);
    return [c.class, c.reason];
  }
}

/** The probes' chunks/3: every chunk of select(T, MS, N) as [Results, 'cont' | 'eot'], then '$end_of_table' if reached. */
function chunks(t: Tab, ms: unknown, n: number): unknown[] {
  const out: unknown[] = [];
  let r = ets.select(t, ms as never, n) as SelectChunk | '$end_of_table';
  for (;;) {
    if (r === '$end_of_table') return [...out, '$end_of_table'];
    if (r[1] === '$end_of_table') return [...out, [r[0], 'eot']];
    out.push([r[0], 'cont']);
    r = ets.select(r[1]);
  }
}

const cont = (x: unknown): unknown => (x === '$end_of_table' ? x : [(x as unknown[])[0], (x as unknown[])[1] === '$end_of_table' ? 'eot' : 'cont']);

describe('ets: OTP 25 fidelity', () => {
  it('ETS-15: a threshold applies with a zero increment when the result is above it; a negative increment resets below it, as OTP 25', () => {
    const v = inProc(() => {
      const t = ets.new('t', []);
      ets.insert(t, ['a', 10]);
      const zero = [ets.updateCounter(t, 'a', [2, 0, 5, 0]), ets.lookup(t, 'a')];
      ets.insert(t, ['b', 10]);
      const neg = [ets.updateCounter(t, 'b', [2, -5, 5, 99]), ets.updateCounter(t, 'b', [2, 5, 10, 77])];
      ets.insert(t, ['c', 1]);
      const below = [ets.updateCounter(t, 'c', [2, 0, 5, 0]), ets.lookup(t, 'c')];
      ets.insert(t, ['d', 1, 1]);
      const list = [ets.updateCounter(t, 'd', [[2, 5, 3, 0], [3, -5, -2, 9]]), ets.lookup(t, 'd')];
      return [zero, neg, below, list];
    });
    // OTP 25 (ets1 uc_thr_zero_incr, uc_thr_neg_equal, uc_thr_zero_below, uc_thr_in_list)
    expect(v).toEqual([[0, [['a', 0]]], [5, 10], [1, [['c', 1]]], [[0, 9], [['d', 0, 9]]]]);
  });

  it('ETS-16: update_element on a missing key is false before the change is looked at; on a present key a bad change is badarg, as OTP 25', () => {
    const v = inProc(() => {
      const t = ets.new('t', []);
      const missing = [ets.updateElement(t, 'a', []), attempt(() => E.updateElement(t, 'a', 'foo'))];
      ets.insert(t, ['a', 1]);
      const existing = [attempt(() => E.updateElement(t, 'a', 'foo')), attempt(() => E.updateElement(t, 'a', [2])),
        attempt(() => E.updateElement(t, 'b', [2])), attempt(() => E.updateElement(t, 'b', [[2, 'x'], 'foo']))];
      return [missing, existing];
    });
    // OTP 25 (ets1 ue_empty_missing, ets5 ue_bad_change_existing)
    expect(v).toEqual([[false, ['ok', false]], [['error', 'badarg'], ['error', 'badarg'], ['ok', false], ['ok', false]]]);
  });

  it('ETS-15: update_counter/4 with a default that is not a tuple is badarg even when the key exists, as OTP 25', () => {
    const v = inProc(() => {
      const t = ets.new('t', []);
      ets.insert(t, ['a', 1]);
      return [attempt(() => E.updateCounter(t, 'a', 1, 'foo')), attempt(() => E.updateCounter(t, 'a', 1, []))];
    });
    // OTP 25 (ets5 uc_default_bad_key_exists): a present key takes any tuple, even {}
    expect(v).toEqual([['error', 'badarg'], ['ok', 2]]);
  });

  it('ETS-19: select_replace must be statically guaranteed to keep the key, else badarg even when nothing matches; $_, a const tuple with the head\'s key, the head\'s variables and element(Keypos, $_) pass, as OTP 25', () => {
    const v = inProc(() => {
      const t = () => ets.new('t', []);
      const t0 = t();
      ets.insert(t0, ['a', 1]);
      const wild = attempt(() => ets.selectReplace(t0, [[['_', '$1'], [], [[['a', '$1']]]]]));
      const guarded = attempt(() => ets.selectReplace(t0, [[['$1', '$2'], [['==', '$1', 'b']], [[['b', '$2']]]]]));
      const empty = attempt(() => ets.selectReplace(t(), [[['a', '$1'], [], [[['b', '$1']]]]]));
      const rejected = [wild, guarded, empty, ets.lookup(t0, 'a')];
      const t1 = t();
      ets.insert(t1, ['a', 1]);
      const constBody = attempt(() => ets.selectReplace(t1, [[['a', '_'], [], [['const', ['a', 2]]]]]));
      const t2 = t();
      ets.insertMany(t2, [['a', 1], ['b', 2]]);
      const self = attempt(() => ets.selectReplace(t2, [['_', [], ['$_']]]));
      const multi = attempt(() => ets.selectReplace(t2, [[['a', '$1'], [], [[['a', 10]]]], [['$1', '$2'], [], [[['$1', 20]]]]]));
      const k2 = ets.new('k', [['keypos', 2]]);
      ets.insert(k2, [1, 'a']);
      const keypos2 = [attempt(() => ets.selectReplace(k2, [[['$1', '$2'], [], [[[['+', '$1', 1], '$2']]]]])), ets.lookup(k2, 'a')];
      const t3 = t();
      ets.insert(t3, ['a', 1]);
      const element = attempt(() => ets.selectReplace(t3, [[['_', '$1'], [], [[[['element', 1, '$_'], 2]]]]]));
      const t4 = t();
      ets.insert(t4, ['a']);
      return [rejected, [constBody, self, multi, keypos2, element, attempt(() => ets.selectReplace(t4, []))]];
    });
    // OTP 25 (ets1 sr_head_wild_const_key, sr_guard_keychange, sr_empty_keychange; accepted: ets1 sr_const_body,
    // sr_dollar_underscore, sr_multi_clause, sr_keypos2, ets5 sr_element_key, sr_empty_ms)
    expect(v).toEqual([
      [['error', 'badarg'], ['error', 'badarg'], ['error', 'badarg'], [['a', 1]]],
      [['ok', 1], ['ok', 2], ['ok', 2], [['ok', 1], [[2, 'a']]], ['ok', 1], ['ok', 0]],
    ]);
  });

  it('ETS-19: a chunked match whose head binds the key ends with $end_of_table once the key is used up, even in a full chunk, as OTP 25', () => {
    const v = inProc(() => {
      const s = ets.new('s', []);
      ets.insertMany(s, [['a', 1], ['b', 2]]);
      const o = ets.new('o', ['ordered_set']);
      ets.insertMany(o, [['a', 1], ['b', 2]]);
      const b3 = ets.new('b3', ['bag']);
      for (const x of [['a', 1], ['a', 2], ['a', 3], ['b', 1]]) ets.insert(b3, x);
      const b2 = ets.new('b2', ['bag']);
      for (const x of [['a', 1], ['a', 2], ['b', 1]]) ets.insert(b2, x);
      const ms = [[['a', '_'], [], ['$_']]];
      return [chunks(s, ms, 1), chunks(s, ms, 2), chunks(o, ms, 1), chunks(b3, ms, 2), chunks(b2, ms, 2),
        cont(ets.match(s, ['a', '$1'], 1)), cont(ets.matchObject(s, ['a', '_'], 1))];
    });
    // OTP 25 (ets3 chunks_set_bound_1, chunks_set_bound_2, chunks_ordered_bound_1, chunks_bag_bound_3_2 — a bag key's
    // last objects first —, chunks_bag_bound_2_2, match3_bound, match_object3_bound)
    expect(v).toEqual([
      [[[['a', 1]], 'eot']], [[[['a', 1]], 'eot']], [[[['a', 1]], 'eot']],
      [[[['a', 2], ['a', 3]], 'cont'], [[['a', 1]], 'eot']], [[[['a', 1], ['a', 2]], 'eot']],
      [[[1]], 'eot'], [[['a', 1]], 'eot'],
    ]);
  });

  it('ETS-21: rename of a named table to its own name is badarg, as OTP 25', () => {
    const v = inProc(() => {
      ets.new('t', ['named_table']);
      return [attempt(() => ets.rename('t', 't')), ets.whereis('t') !== 'undefined'];
    });
    // OTP 25 (ets2 rename_same_name): the name is taken, by the table itself
    expect(v).toEqual([['error', 'badarg'], true]);
  });

  it('ETS-21: info decentralized_counters is the value in effect, as OTP 25', () => {
    const dc = (opts: unknown[]) => ets.info(ets.new('t', opts as never), 'decentralized_counters');
    const v = inProc(() => [
      dc(['ordered_set', ['write_concurrency', true]]), dc(['ordered_set', ['write_concurrency', 'auto']]),
      dc(['bag', ['write_concurrency', 'auto']]), dc([['write_concurrency', 'auto']]),
      dc([['write_concurrency', 'auto'], ['decentralized_counters', false]]), dc([['decentralized_counters', true]]),
      dc([['write_concurrency', true], ['decentralized_counters', true]]), dc(['set', ['write_concurrency', true]]),
      dc(['ordered_set']), dc([]),
    ]);
    // OTP 25 (ets3 dc_ordered_wc, dc_ordered_auto, dc_bag_auto, ets2 info_wc_auto, ets3 dc_explicit_false_auto,
    // dc_explicit_true_nowc, dc_set_wc_true_explicit, ets2 info_wc_set_dc, info_defaults_ordered, info_defaults)
    expect(v).toEqual([true, true, true, true, false, false, true, false, false, false]);
  });
});
