/**
 * Scenario tests of ETS-19: match, matchObject, select and their variants, chunks and
 * continuations, and OTP's errors for bad match specifications (the key-range narrowing of
 * ordered_set is in select-range.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { ets } from '../../src/index.js';
import { attempt, inProc } from '../helpers.js';

describe('ETS-19: match and select', () => {
  const rows: [string, number, string][] = [['d', 4, 'x'], ['a', 1, 'y'], ['c', 3, 'x'], ['b', 2, 'y']];

  it('ETS-19: ordered_set results come in key order for match, matchObject and select', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insertMany(t, rows);
      return [
        ets.match(t, ['$1', '_', 'x']),
        ets.match(t, ['$2', '$1', 'y']),
        ets.matchObject(t, ['_', '_', 'y']),
        ets.select(t, [[['$1', '$2', '_'], [['>=', '$2', 2]], [['$2', '$1']]]]),
        ets.select(t, [[['$1', '_', 'x'], [], ['$1']], [['$1', '_', 'y'], [], [['const', ['y', '$1']]]]]),
      ];
    });
    expect(v).toEqual([
      [['c'], ['d']],
      [[1, 'a'], [2, 'b']],
      [['a', 1, 'y'], ['b', 2, 'y']],
      [[2, 'b'], [3, 'c'], [4, 'd']],
      [['y', '$1'], ['y', '$1'], 'c', 'd'],
    ]);
  });

  it('ETS-19: selectDelete removes only objects whose result is true; selectCount counts them', () => {
    const v = inProc(() => {
      const t = ets.new('s', ['bag']);
      ets.insertMany(t, rows);
      const c = ets.selectCount(t, [[['_', '$1', '_'], [['<', '$1', 3]], [true]]]);
      const notTrue = ets.selectDelete(t, [[['_', '_', '_'], [], ['yes']]]);
      const n = ets.selectDelete(t, [[['_', '$1', '_'], [['<', '$1', 3]], [true]]]);
      return [c, notTrue, n, ets.tab2list(t)];
    });
    expect(v).toEqual([2, 0, 2, [['d', 4, 'x'], ['c', 3, 'x']]]);
  });

  it('ETS-19: selectReplace keeps keys (badarg otherwise, nothing changed) and rejects bags', () => {
    const v = inProc(() => {
      const t = ets.new('s', ['ordered_set']);
      const b = ets.new('b', ['bag']);
      ets.insertMany(t, rows);
      const n = ets.selectReplace(t, [[['$1', '$2', 'x'], [], [['$1', ['*', '$2', 10], 'x']]]]);
      const after = ets.tab2list(t);
      const bad = attempt(() => ets.selectReplace(t, [[['$1', '$2', '_'], [], [['z', '$2', 'x']]]]));
      return [n, after, bad, ets.tab2list(t), attempt(() => ets.selectReplace(b, [[['_', '_', '_'], [], ['$_']]]))];
    });
    expect(v).toEqual([2, [['a', 1, 'y'], ['b', 2, 'y'], ['c', 30, 'x'], ['d', 40, 'x']], 'badarg', [['a', 1, 'y'], ['b', 2, 'y'], ['c', 30, 'x'], ['d', 40, 'x']], 'badarg']);
  });

  it('ETS-19: select with a limit returns chunks and a continuation, then $end_of_table', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insertMany(t, rows);
      const spec = [[['$1', '_', '_'], [], ['$1']]] as const;
      const c1 = ets.select(t, spec, 3);
      if (c1 === '$end_of_table') return 'none';
      const c2 = ets.select(c1[1]);
      if (c2 === '$end_of_table') return 'short';
      return [c1[0], c2[0], c2[1], ets.select(c2[1]), ets.select(t, [[['_', 9, '_'], [], ['$_']]], 2), attempt(() => ets.select(t, spec, 0))];
    });
    expect(v).toEqual([['a', 'b', 'c'], ['d'], '$end_of_table', '$end_of_table', '$end_of_table', 'badarg']);
  });

  it('ETS-19: match/3 and matchObject/3 return chunks; match/1 and matchObject/1 continue them, then $end_of_table', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insertMany(t, rows);
      const m1 = ets.match(t, ['$1', '_', '$2'], 3);
      const o1 = ets.matchObject(t, ['_', '_', 'x'], 1);
      if (m1 === '$end_of_table' || o1 === '$end_of_table') return 'none';
      const m2 = ets.match(m1[1]);
      const o2 = ets.matchObject(o1[1]);
      return [m1[0], m2, o1[0], o2 === '$end_of_table' ? o2 : o2[0], ets.match('$end_of_table'), ets.match(t, ['nope', '_', '_'], 5), attempt(() => ets.matchObject(t, '_', 0)), attempt(() => ets.match({} as never))];
    });
    expect(v).toEqual([[['a', 'y'], ['b', 'y'], ['c', 'x']], [[['d', 'x']], '$end_of_table'], [['c', 3, 'x']], [['d', 4, 'x']], '$end_of_table', '$end_of_table', 'badarg', 'badarg']);
  });

  it('ETS-19: a continuation of a hash table whose last key was deleted is badarg, unless the table is fixed', () => {
    const v = inProc(() => {
      const spec = [[['$1', '_'], [], ['$1']]] as const;
      const t = ets.new('h', ['set']);
      ets.insertMany(t, [[1, 0], [2, 0], [3, 0]]);
      const c1 = ets.select(t, spec, 2);
      if (c1 === '$end_of_table') return 'none';
      ets.delete(t, 2);
      const unfixed = attempt(() => ets.select(c1[1]));
      ets.safeFixtable(t, true);
      const c2 = ets.select(t, spec, 1);
      if (c2 === '$end_of_table') return 'none';
      ets.delete(t, c2[0][0]);
      const rest = ets.select(c2[1]);
      ets.safeFixtable(t, false);
      return [c1[0], unfixed, c2[0], rest === '$end_of_table' ? rest : rest[0]];
    });
    expect(v).toEqual([[1, 2], 'badarg', [1], [3]]);
  });

  it('ETS-19: a bound key is looked up directly and still matched exactly', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insertMany(t, [[1, 'int'], [2, 'two']]);
      return [ets.matchObject(t, [1, '_']), ets.matchObject(t, [1n, '_']), ets.lookup(t, 1n)];
    });
    expect(v).toEqual([[[1, 'int']], [], [[1, 'int']]]);
  });

  it('ETS-19: bad match specifications are badarg', () => {
    const v = inProc(() => {
      const t = ets.new('s', []);
      const bad = [
        'not a list',
        [[['$1'], []]],
        [[['$1'], [], []]],
        [[['$1'], [['no_such_fn', '$1']], ['$1']]],
        [[['$1'], [['>', '$1']], ['$1']]],
        [[['$1'], [], ['$2']]],
        [[['$1'], [], '$1']], // (a non-tuple head is not badarg in OTP 25: it matches nothing)
        [[['$1'], 'guards', ['$1']]],
      ];
      return bad.map((s) => attempt(() => ets.select(t, s as never)));
    });
    expect(v).toEqual(Array(8).fill('badarg'));
  });
});
