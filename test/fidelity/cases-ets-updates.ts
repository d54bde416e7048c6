/**
 * ETS scenarios of scripts/fidelity-otp.escript, continued: counters with a default object and
 * lists of operations, element updates, keys that are not there, chunked matches, bag sizes.
 */
import { ets } from '../../src/index.js';
import { attempt, type Body } from './lib.js';

const sorted = (xs: unknown[][]): unknown[][] => [...xs].sort((a, b) => a.length - b.length || String(a[0]).localeCompare(String(b[0])));

export const ETS_UPDATE_CASES: Record<string, Body> = {
  *ets_update_counter_default() {
    const t = ets.new('t', []);
    return [
      ets.updateCounter(t, 'k', [2, 5], ['k', 10]), ets.updateCounter(t, 'k', 1, ['k', 0]), ets.updateCounter(t, 'j', [[2, 1], [3, 2]], ['j', 0, 0]),
      sorted(ets.tab2list(t)), yield* attempt(() => ets.updateCounter(t, 'z', 1, ['y', 0])), yield* attempt(() => ets.updateCounter(t, 'z', [3, 1], ['z', 0])),
    ];
  },
  *ets_update_counter_list() {
    const t = ets.new('t', []);
    ets.insert(t, ['k', 1, 10]);
    return [
      ets.updateCounter(t, 'k', [[2, 1], [3, -1], [2, 0]]), ets.updateCounter(t, 'k', []), ets.lookup(t, 'k'),
      yield* attempt(() => ets.updateCounter(t, 'k', [[2, 1], [1, 1]])), ets.lookup(t, 'k'),
    ];
  },
  *ets_update_element_list() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1, 2, 3]);
    return [
      ets.updateElement(t, 'a', [[2, 'x'], [4, 'y']]), ets.lookup(t, 'a'), yield* attempt(() => ets.updateElement(t, 'a', [[2, 'z'], [5, 'w']])),
      ets.lookup(t, 'a'), ets.updateElement(t, 'a', []),
    ];
  },
  *ets_insert_new_list_dup() {
    const t = ets.new('t', []);
    return [ets.insertNewMany(t, [['a', 1], ['a', 2]]), ets.lookup(t, 'a'), ets.insertNewMany(t, []), ets.insertMany(t, [])];
  },
  *ets_delete_missing() {
    const t = ets.new('t', []);
    return [ets.delete(t, 'nokey'), ets.deleteObject(t, ['nokey', 1]), ets.take(t, 'nokey'), ets.member(t, 'nokey'), ets.lookup(t, 'nokey')];
  },
  *ets_lookup_element_bad_pos() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return [ets.lookupElement(t, 'a', 1), yield* attempt(() => ets.lookupElement(t, 'a', 3)), yield* attempt(() => ets.lookupElement(t, 'a', 0))];
  },
  *ets_match_object_limit() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, [1, 2, 3, 4, 5].map((k) => [k, k % 2]));
    const [r1, c1] = ets.matchObject(t, ['_', 1], 2) as [unknown, never];
    const [r2, c2] = ets.matchObject(c1) as [unknown, never];
    return [r1, r2, ets.matchObject(c2), ets.match(t, ['$1', 0], 10)];
  },
  *ets_bag_size_member() {
    const t = ets.new('t', ['bag']);
    ets.insertMany(t, [['a', 1], ['a', 2], ['b', 1]]);
    const d = ets.new('d', ['duplicate_bag']);
    ets.insertMany(d, [['a', 1], ['a', 1]]);
    return [ets.member(t, 'a'), ets.info(t, 'size'), ets.info(d, 'size'), ets.selectCount(d, [[['a', '_'], [], [true]]])];
  },
};
