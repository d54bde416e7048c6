/**
 * ETS scenarios of scripts/fidelity-otp.escript: access rights, ownership and heirs, counters,
 * table types and their order, traversal, match patterns and match specifications, info.
 */
import { ets, monitor, receive, self, send, spawn, type Op, type Pid, type Tab } from '../../src/index.js';
import { attempt, downOf, sleep, type Body } from './lib.js';

/** Runs `f` in another process, as `attempt` would, and returns what it gave. */
function* other(f: () => unknown): Op<unknown> {
  const me = self();
  spawn(function* () {
    send(me, ['other', yield* attempt(f)]);
  });
  return ((yield* receive((m) => Array.isArray(m) && m[0] === 'other')) as [string, unknown])[1];
}

/** A process that creates a table with `opts`, sends it here, and exits when told `go`. */
function* tableOwner(opts: Parameters<typeof ets.new>[1], fill?: (t: Tab) => void): Generator<unknown, [Pid, Tab], unknown> {
  const me = self();
  const p = spawn(function* () {
    const t = ets.new('t', opts);
    fill?.(t);
    send(me, ['tab', t]);
    yield* receive((m) => m === 'go');
  });
  const t = ((yield* receive((m) => Array.isArray(m) && m[0] === 'tab')) as [string, Tab])[1];
  return [p, t];
}

const seq = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const sorted = (xs: unknown[]): unknown[] => [...xs].sort((x, y) => (String(x) < String(y) ? -1 : 1));

export const ETS_CASES: Record<string, Body> = {
  // --- creating tables
  *ets_new_named_twice() {
    ets.new('t', ['named_table']);
    return yield* attempt(() => ets.new('t', ['named_table']));
  },
  *ets_new_unnamed_twice() {
    ets.new('t', []);
    return [ets.new('t', []) !== ets.new('t', []), ets.whereis('t')];
  },
  *ets_new_bad_option() {
    return yield* attempt(() => ets.new('t', ['bogus' as never]));
  },
  *ets_new_two_types() {
    return ets.info(ets.new('t', ['set', 'bag']), 'type');
  },
  // --- access rights
  *ets_protected_other() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return [yield* other(() => ets.insert(t, ['b', 2])), yield* other(() => ets.lookup(t, 'a'))];
  },
  *ets_private_other() {
    const t = ets.new('t', ['private']);
    return [yield* other(() => ets.lookup(t, 'a')), yield* other(() => ets.info(t, 'size'))];
  },
  *ets_public_delete_other() {
    const t = ets.new('t', ['public']);
    return [yield* other(() => ets.delete(t)), ets.info(t, 'size')];
  },
  *ets_public_delete_all_other() {
    const t = ets.new('t', ['public']);
    ets.insert(t, ['a', 1]);
    return [yield* other(() => ets.deleteAllObjects(t)), ets.info(t, 'size')];
  },
  // --- owners, heirs, give_away
  *ets_heir_transfer() {
    const me = self();
    const [p, t] = yield* tableOwner([['heir', me, 'hd']], (tab) => ets.insert(tab, ['a', 1]));
    send(p, 'go');
    const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'ETS-TRANSFER', { after: 500 })) as unknown[] | symbol;
    if (!Array.isArray(m)) return 'none';
    return [m[1] === t, m[2] === p, m[3], ets.info(t, 'owner') === me, ets.lookup(t, 'a')];
  },
  *ets_heir_dead() {
    const h = spawn(function* () {});
    yield* sleep(5);
    const [p, t] = yield* tableOwner([['heir', h, 'hd']]);
    const m = monitor('process', p);
    send(p, 'go');
    yield* downOf(m);
    return ets.info(t);
  },
  *ets_heir_self() {
    return ets.info(ets.new('t', [['heir', self(), 'x']]), 'heir');
  },
  *ets_give_away_self() {
    const t = ets.new('t', []);
    return yield* attempt(() => ets.giveAway(t, self(), 'x'));
  },
  *ets_give_away_not_owner() {
    const t = ets.new('t', ['public']);
    const me = self();
    return yield* other(() => ets.giveAway(t, me, 'x'));
  },
  *ets_give_away_dead() {
    const p = spawn(function* () {});
    yield* sleep(5);
    const t = ets.new('t', []);
    return yield* attempt(() => ets.giveAway(t, p, 'x'));
  },
  *ets_give_away_ok() {
    const me = self();
    const p = spawn(function* () {
      send(me, ['got', yield* receive()]);
      yield* receive((m) => m === 'stop');
    });
    const t = ets.new('t', []);
    const r = ets.giveAway(t, p, 'gift');
    const [, [, t2, from, g]] = (yield* receive((m) => Array.isArray(m) && m[0] === 'got')) as [string, unknown[]];
    return [r, t2 === t, from === me, g, ets.info(t, 'owner') === p];
  },
  *ets_owner_dies() {
    const [p, t] = yield* tableOwner(['public', 'named_table']);
    const m = monitor('process', p);
    send(p, 'go');
    yield* downOf(m);
    return [ets.info(t), yield* attempt(() => ets.lookup(t, 'a')), ets.whereis('t')];
  },
  *ets_deleted_ops() {
    const t = ets.new('t', []);
    ets.delete(t);
    return [yield* attempt(() => ets.insert(t, ['a'])), ets.info(t, 'size'), yield* attempt(() => ets.delete(t))];
  },
  *ets_setopts_heir() {
    const t = ets.new('t', []);
    return [ets.setopts(t, ['heir', 'none']), ets.info(t, 'heir'), yield* attempt(() => ets.setopts(t, ['protection', 'public'] as never))];
  },
  *ets_setopts_protection() {
    const t = ets.new('t', []);
    const u = ets.new('u', ['public']);
    return [
      ets.setopts(t, ['protection', 'public']), ets.info(t, 'protection'),
      ets.setopts(t, [['protection', 'private'], ['heir', 'none']]), ets.info(t, 'protection'),
      yield* attempt(() => ets.setopts(t, ['protection', 'bogus'] as never)), yield* attempt(() => ets.setopts(t, ['keypos', 2] as never)), ets.setopts(t, []),
      yield* other(() => ets.setopts(u, ['protection', 'protected'])), ets.info(u, 'protection'),
    ];
  },
  *ets_safe_fixtable() {
    const t = ets.new('t', []);
    const a = ets.safeFixtable(t, true);
    const fixed = (ets.info(t, 'safe_fixed') as unknown[])[1] as unknown[];
    return [a, fixed.length !== 0, ets.safeFixtable(t, false), ets.info(t, 'safe_fixed')];
  },
  // --- counters and element updates
  *ets_update_counter_missing() {
    const t = ets.new('t', []);
    return yield* attempt(() => ets.updateCounter(t, 'a', 1));
  },
  *ets_update_counter_not_int() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 'x']);
    return yield* attempt(() => ets.updateCounter(t, 'a', 1));
  },
  *ets_update_counter_key_pos() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return yield* attempt(() => ets.updateCounter(t, 'a', [1, 1]));
  },
  *ets_update_counter_threshold() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 5, 10]);
    return [ets.updateCounter(t, 'a', [2, 3, 7, 0]), ets.updateCounter(t, 'a', [3, -20, 0, 100]), ets.lookup(t, 'a')];
  },
  *ets_update_counter_bag() {
    const t = ets.new('t', ['bag']);
    ets.insert(t, ['a', 1]);
    return yield* attempt(() => ets.updateCounter(t, 'a', 1));
  },
  *ets_update_counter_outside() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return yield* attempt(() => ets.updateCounter(t, 'a', [5, 1]));
  },
  *ets_update_element_key() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return [yield* attempt(() => ets.updateElement(t, 'a', [1, 'b'])), ets.updateElement(t, 'zz', [2, 3])];
  },
  // --- inserting and table types
  *ets_insert_new_existing() {
    const t = ets.new('t', []);
    return [ets.insertNew(t, ['a', 1]), ets.insertNew(t, ['a', 2]), ets.insertNewMany(t, [['b', 1], ['a', 3]]), ets.lookup(t, 'b')];
  },
  *ets_bag_list_order() {
    const b = ets.new('b', ['bag']);
    const d = ets.new('d', ['duplicate_bag']);
    for (const x of [b, d]) ets.insertMany(x, [['a', 1], ['a', 1], ['a', 2]]);
    return [ets.lookup(b, 'a'), ets.lookup(d, 'a')];
  },
  *ets_bag_order_single() {
    const b = ets.new('b', ['bag']);
    for (const v of [1, 2, 1, 3]) ets.insert(b, ['a', v]);
    return [ets.lookup(b, 'a'), ets.take(b, 'a')];
  },
  *ets_set_overwrite() {
    const t = ets.new('t', []);
    ets.insertMany(t, [['a', 1], ['a', 2]]);
    return ets.lookup(t, 'a');
  },
  *ets_ordered_order() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, [['b'], [1], ['a'], [[1, 2]], [[3]], [-5], [2]] as never);
    return ets.tab2list(t);
  },
  *ets_keypos_2() {
    const t = ets.new('t', [['keypos', 2]]);
    ets.insert(t, ['x', 'k', 1]);
    return [ets.lookup(t, 'k'), yield* attempt(() => ets.insert(t, ['only']))];
  },
  *ets_insert_not_tuple() {
    const t = ets.new('t', []);
    return [
      yield* attempt(() => ets.insert(t, 'a' as never)),
      yield* attempt(() => ets.insert(t, [] as never)),
      yield* attempt(() => ets.insertMany(t, [['a'], 'b'] as never)),
      ets.tab2list(t),
    ];
  },
  // --- lookups and traversal
  *ets_lookup_element_missing() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return [yield* attempt(() => ets.lookupElement(t, 'b', 2)), yield* attempt(() => ets.lookupElement(t, 'a', 3))];
  },
  *ets_lookup_element_bag() {
    const t = ets.new('t', ['bag']);
    ets.insert(t, ['a', 1]);
    ets.insert(t, ['a', 2]);
    return ets.lookupElement(t, 'a', 2);
  },
  *ets_take() {
    const t = ets.new('t', ['bag']);
    ets.insert(t, ['a', 1]);
    ets.insert(t, ['a', 2]);
    return [ets.take(t, 'a'), ets.take(t, 'a')];
  },
  *ets_first_empty() {
    return [ets.first(ets.new('t', [])), ets.last(ets.new('t', ['ordered_set'])), ets.next(ets.new('t', ['ordered_set']), 'x')];
  },
  *ets_next_missing_set() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return yield* attempt(() => ets.next(t, 'zz'));
  },
  *ets_next_missing_ordered() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, [['a'], ['c']]);
    return [ets.next(t, 'b'), ets.prev(t, 'b'), ets.next(t, 'c'), ets.prev(t, 'a')];
  },
  *ets_foldl() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, [[1], [2], [3]]);
    const cons = (o: unknown, acc: unknown[]): unknown[] => [(o as unknown[])[0], ...acc];
    return [ets.foldl(cons, [], t), ets.foldr(cons, [], t)];
  },
  // --- match and select
  *ets_select_limit() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, seq(1, 5).map((k) => [k]));
    const [r1, c1] = ets.select(t, [[['$1'], [], ['$1']]], 2) as [unknown, never];
    const [r2, c2] = ets.select(c1) as [unknown, never];
    const [r3, c3] = ets.select(c2) as [unknown, never];
    return [r1, r2, r3, ets.select(c3)];
  },
  *ets_select_limit_empty() {
    return ets.select(ets.new('t', []), [['_', [], ['$_']]], 3);
  },
  *ets_select_limit_zero() {
    const t = ets.new('t', []);
    return yield* attempt(() => ets.select(t, [['_', [], ['$_']]], 0));
  },
  *ets_match() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, [['a', 1, 'x'], ['b', 2, 'y'], ['c', 1, 'z']]);
    return [ets.match(t, ['$1', 1, '$2']), ets.match(t, ['_', '$1', '_']), ets.matchObject(t, ['_', 1, '_'])];
  },
  *ets_match_bad_pattern_var() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return ets.match(t, ['$1', '$1']);
  },
  *ets_select_delete() {
    const t = ets.new('t', []);
    ets.insertMany(t, seq(1, 6).map((k) => [k, k % 2]));
    return [ets.selectDelete(t, [[['_', 1], [], [true]]]), ets.info(t, 'size')];
  },
  *ets_select_replace_key() {
    const t = ets.new('t', []);
    ets.insert(t, ['a', 1]);
    return [
      yield* attempt(() => ets.selectReplace(t, [[['a', '$1'], [], [[['b', '$1']]]]])),
      ets.selectReplace(t, [[['a', '$1'], [], [[['a', ['+', '$1', 1]]]]]]),
      ets.lookup(t, 'a'),
    ];
  },
  *ets_select_count() {
    const t = ets.new('t', []);
    ets.insertMany(t, seq(1, 5).map((k) => [k]));
    return [ets.selectCount(t, [[['$1'], [['>', '$1', 2]], [true]]]), ets.selectCount(t, [[['$1'], [], ['$1']]])];
  },
  *ets_match_delete() {
    const t = ets.new('t', []);
    ets.insertMany(t, [['a', 1], ['b', 2], ['c', 1]]);
    return [ets.matchDelete(t, ['_', 1]), sorted(ets.tab2list(t))];
  },
  *ets_delete_object_bag() {
    const t = ets.new('t', ['duplicate_bag']);
    ets.insertMany(t, [['a', 1], ['a', 1], ['a', 2]]);
    ets.deleteObject(t, ['a', 1]);
    return ets.lookup(t, 'a');
  },
  *ets_ms_bad() {
    const t = ets.new('t', []);
    return [yield* attempt(() => ets.select(t, [['_', [['bogus', 1]], ['$_']]])), yield* attempt(() => ets.select(t, 'foo' as never))];
  },
  *ets_ms_body_ops() {
    const t = ets.new('t', ['ordered_set']);
    ets.insertMany(t, [[1, 2], [3, 4]]);
    return ets.select(t, [[['$1', '$2'], [['andalso', ['is_integer', '$1'], ['<', '$1', 2]]], [[['$2', '$1', ['*', '$1', '$2'], '$$']]]]]);
  },
  *ets_ms_guard_error() {
    const t = ets.new('t', []);
    ets.insertMany(t, [['a', 1], ['b', 'x']]);
    return sorted(ets.select(t, [[['$1', '$2'], [['>', ['+', '$2', 1], 0]], ['$1']]]) as unknown[]);
  },
  // --- info and names
  *ets_info_items() {
    const t = ets.new('t', ['bag', 'public', ['keypos', 2]]);
    const items = ['type', 'protection', 'keypos', 'named_table', 'size', 'name', 'heir', 'compressed', 'read_concurrency', 'write_concurrency'] as const;
    return items.map((i) => ets.info(t, i));
  },
  *ets_info_bad_item() {
    const t = ets.new('t', []);
    return yield* attempt(() => ets.info(t, 'bogus' as never));
  },
  *ets_rename() {
    const t = ets.new('t', ['named_table']);
    const u = ets.new('u', []);
    return [ets.rename(t, 't2'), ets.whereis('t'), yield* attempt(() => ets.rename(u, 'v'))];
  },
  *ets_rename_taken() {
    ets.new('t', ['named_table']);
    ets.new('u', ['named_table']);
    return yield* attempt(() => ets.rename('t', 'u'));
  },
  *ets_all_and_whereis() {
    const t = ets.new('zz', ['named_table']);
    return [ets.all().includes(t), ets.whereis('zz') !== undefined, ets.whereis('nope')];
  },
};
