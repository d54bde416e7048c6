/**
 * Scenario tests named by rule: ETS-1..11, 15..17, 20..22 (ownership, access, match and
 * select, info and copies have their own files).
 */
import { describe, expect, it } from 'vitest';
import { BadArgumentError, ets, isRef, receive, self, send, spawn, yieldNow, type Tab } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { inProc, runOk, attempt } from '../helpers.js';


describe('ETS-1/2: new', () => {
  it('ETS-1: defaults are set, protected, keypos 1, heir none, owner the caller; a tid unless named_table', () => {
    const v = inProc(() => {
      const t = ets.new('d', []);
      const n = ets.new('named', ['named_table']);
      return [isRef(t), n, ets.info(t, 'type'), ets.info(t, 'protection'), ets.info(t, 'keypos'), ets.info(t, 'heir'), ets.info(t, 'owner') === self(), ets.info(t, 'named_table'), ets.info(n, 'id') === ets.whereis('named')];
    });
    expect(v).toEqual([true, 'named', 'set', 'protected', 1, 'none', true, false, true]);
  });

  it('ETS-1: concurrency options are accepted and recorded; the last of repeated options wins', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['bag', 'ordered_set', 'private', 'public', ['read_concurrency', true], ['write_concurrency', 'auto'], ['decentralized_counters', true], 'compressed', ['keypos', 2]]);
      return ['type', 'protection', 'read_concurrency', 'write_concurrency', 'decentralized_counters', 'compressed', 'keypos'].map((i) => ets.info(t, i as never));
    });
    expect(v).toEqual(['ordered_set', 'public', true, 'auto', true, true, 2]);
  });

  it('ETS-2: a second named_table with a live name, or bad options, is badarg; unnamed tables may share a name', () => {
    const v = inProc(() => {
      ets.new('taken', ['named_table']);
      return [
        attempt(() => ets.new('taken', ['named_table'])),
        isRef(ets.new('taken', [])),
        attempt(() => ets.new('x', ['sett' as never])),
        attempt(() => ets.new('x', [['keypos', 0]])),
        attempt(() => ets.new('x', [['heir', 'nobody' as never, 1]])),
        attempt(() => ets.new('x', 'set' as never)),
        attempt(() => ets.new(42 as never, [])),
      ];
    });
    expect(v).toEqual(['badarg', true, 'badarg', 'badarg', 'badarg', 'badarg', 'badarg']);
  });

  it('ETS-2: outside a process bad arguments throw a typed error naming the argument', () => {
    const sim = Simulation.create({ seed: 1 });
    sim.start(function* () {
      ets.new('pub', ['named_table', 'public']);
      yield* receive((m) => m === 'never');
    });
    sim.step();
    try {
      sim.inspect(() => ets.insert('pub', 'not a tuple' as never));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BadArgumentError);
      expect((e as BadArgumentError).argument).toBe('object');
    }
    expect(sim.inspect(() => (ets.insert('pub', ['k', 1]), ets.lookup('pub', 'k')))).toEqual([['k', 1]]);
  });
});

describe('ETS-3..8: keys and inserts', () => {
  it('ETS-3: set keys are equal when exactly equal: 1 and 1n are two keys; inserting an existing key replaces', () => {
    const v = inProc(() => {
      const t = ets.new('s', ['set']);
      ets.insertMany(t, [[1, 'a'], [1n, 'b'], [[1, 2], 'c'], [1, 'd']]);
      return [ets.lookup(t, 1), ets.lookup(t, 1n), ets.lookup(t, [1, 2]), ets.info(t, 'size')];
    });
    expect(v).toEqual([[[1, 'd']], [[1n, 'b']], [[[1, 2], 'c']], 3]);
  });

  it('ETS-4: ordered_set keys compare with ==: 1 and 1n are one key; traversal follows the term order', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insertMany(t, [['b', 1], [[1], 2], [2, 3], [1, 4], ['a', 5]]);
      ets.insert(t, [1n, 6]);
      const keys: unknown[] = [];
      for (let k = ets.first(t); k !== '$end_of_table'; k = ets.next(t, k)) keys.push(k);
      return [ets.lookup(t, 1), keys, ets.last(t), ets.prev(t, 'a'), ets.next(t, 1.5)];
    });
    expect(v).toEqual([[[1n, 6]], [1n, 2, 'a', 'b', [1]], [1], 2, 2]);
  });

  it('ETS-5: a bag stores an identical object once, a duplicate_bag every copy; lookup keeps insertion order', () => {
    const v = inProc(() => {
      const b = ets.new('b', ['bag']);
      const d = ets.new('d', ['duplicate_bag']);
      for (const t of [b, d]) ets.insertMany(t, [['k', 2], ['k', 1], ['k', 2], ['j', 0], ['k', 3]]);
      return [ets.lookup(b, 'k'), ets.lookup(d, 'k')];
    });
    expect(v).toEqual([[['k', 2], ['k', 1], ['k', 3]], [['k', 2], ['k', 1], ['k', 2], ['k', 3]]]);
  });

  it('ETS-6: insertMany is all or nothing; in a set the later of two equal keys is kept (documented choice)', () => {
    const v = inProc(() => {
      const t = ets.new('s', []);
      const bad = attempt(() => ets.insertMany(t, [['a', 1], 'oops' as never, ['b', 2]]));
      const size0 = ets.info(t, 'size');
      ets.insertMany(t, [['a', 1], ['a', 2]]);
      return [bad, size0, ets.lookup(t, 'a')];
    });
    expect(v).toEqual(['badarg', 0, [['a', 2]]]);
  });

  it('ETS-7: non-tuples and tuples shorter than keypos are badarg', () => {
    const v = inProc(() => {
      const t = ets.new('s', [['keypos', 3]]);
      return [attempt(() => ets.insert(t, [1, 2])), attempt(() => ets.insert(t, 7 as never)), attempt(() => ets.insert(t, [])), ets.insert(t, [1, 2, 3])];
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg', true]);
  });

  it('ETS-8: insertNew inserts nothing and returns false if any key exists', () => {
    const v = inProc(() => {
      const t = ets.new('s', ['bag']);
      ets.insert(t, ['a', 1]);
      return [ets.insertNew(t, ['a', 2]), ets.insertNewMany(t, [['b', 1], ['a', 3]]), ets.insertNewMany(t, [['b', 1], ['c', 2]]), ets.tab2list(t)];
    });
    expect(v).toEqual([false, false, true, [['a', 1], ['b', 1], ['c', 2]]]);
  });
});

describe('ETS-9..11: reading and deleting', () => {
  it('ETS-9: lookupElement gives the element (a list for bags), badarg for a missing key or a position too large, a default when given', () => {
    const v = inProc(() => {
      const s = ets.new('s', []);
      const b = ets.new('b', ['bag']);
      ets.insert(s, ['a', 1, 2]);
      ets.insertMany(b, [['a', 1], ['a', 2]]);
      return [ets.lookupElement(s, 'a', 3), ets.lookupElement(b, 'a', 2), attempt(() => ets.lookupElement(s, 'z', 2)), attempt(() => ets.lookupElement(s, 'a', 4)), ets.lookupElement(s, 'z', 2, 'dflt'), ets.lookupElement(s, 'z', 2, undefined)];
    });
    expect(v).toEqual([2, [1, 2], 'badarg', 'badarg', 'dflt', undefined]);
  });

  it('ETS-10: member, take, delete of an absent key is true, deleteObject removes every copy, deleteAllObjects empties', () => {
    const v = inProc(() => {
      const d = ets.new('d', ['duplicate_bag']);
      ets.insertMany(d, [['k', 1], ['k', 2], ['k', 1], ['j', 1]]);
      ets.deleteObject(d, ['k', 1]);
      const afterDel = ets.lookup(d, 'k');
      const taken = ets.take(d, 'k');
      const r = [afterDel, taken, ets.member(d, 'k'), ets.member(d, 'j'), ets.delete(d, 'nothing')];
      ets.deleteAllObjects(d);
      return [...r, ets.info(d, 'size')];
    });
    expect(v).toEqual([[['k', 2]], [['k', 2]], false, true, true, 0]);
  });

  it('ETS-11: a deleted table is badarg for any use, info is undefined', () => {
    const v = inProc(() => {
      const t = ets.new('gone', ['named_table']);
      ets.delete(t);
      return [attempt(() => ets.lookup(t, 1)), attempt(() => ets.insert(t, [1])), attempt(() => ets.delete(t)), ets.info(t), ets.info(t, 'size'), ets.all().includes(t)];
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg', 'undefined', 'undefined', false]);
  });
});

describe('ETS-15/16: updates', () => {
  it('ETS-15: updateCounter with an increment, [Pos, Incr], a threshold/setvalue, a list, and a default object', () => {
    const v = inProc(() => {
      const t = ets.new('c', []);
      ets.insert(t, ['k', 0, 10]);
      return [
        ets.updateCounter(t, 'k', 5),
        ets.updateCounter(t, 'k', [3, -1]),
        ets.updateCounter(t, 'k', [2, 10, 12, 0]),
        ets.updateCounter(t, 'k', [3, -5, 6, 100]),
        ets.updateCounter(t, 'k', [[2, 1], [2, 1], [3, 1]]),
        ets.updateCounter(t, 'new', [2, 3], ['ignored', 10]),
        ets.lookup(t, 'new'),
        ets.updateCounter(t, 'k', Number.MAX_SAFE_INTEGER),
      ];
    });
    expect(v).toEqual([5, 9, 0, 100, [1, 2, 101], 13, [['new', 13]], BigInt(Number.MAX_SAFE_INTEGER) + 2n]);
  });

  it('ETS-15: badarg for a missing key, a non-integer field, the key position, a position too large, a bag; nothing changes', () => {
    const v = inProc(() => {
      const t = ets.new('c', []);
      const b = ets.new('b', ['bag']);
      ets.insert(t, ['k', 1, 'x']);
      ets.insert(b, ['k', 1]);
      const errs = [
        attempt(() => ets.updateCounter(t, 'z', 1)),
        attempt(() => ets.updateCounter(t, 'k', [3, 1])),
        attempt(() => ets.updateCounter(t, 'k', [1, 1])),
        attempt(() => ets.updateCounter(t, 'k', [4, 1])),
        attempt(() => ets.updateCounter(t, 'k', [[2, 1], [3, 1]])),
        attempt(() => ets.updateCounter(b, 'k', 1)),
        attempt(() => ets.updateCounter(t, 'k', 1.5 as never)),
      ];
      return [errs, ets.lookup(t, 'k')];
    });
    expect(v).toEqual([['badarg', 'badarg', 'badarg', 'badarg', 'badarg', 'badarg', 'badarg'], [['k', 1, 'x']]]);
  });

  it('ETS-16: updateElement returns true, false for a missing key, badarg for the key position, out of range, bags', () => {
    const v = inProc(() => {
      const t = ets.new('e', ['ordered_set']);
      const b = ets.new('b', ['bag']);
      ets.insert(t, ['k', 1, 2]);
      ets.insert(b, ['k', 1]);
      return [
        ets.updateElement(t, 'k', [2, 'two']),
        ets.updateElement(t, 'k', [[3, 'three'], [2, 'deux']]),
        ets.updateElement(t, 'z', [2, 0]),
        ets.updateElement(t, 'new', [3, 'set'], ['ignored', 0, 0]),
        ets.lookup(t, 'new'),
        attempt(() => ets.updateElement(t, 'k', [1, 'x'])),
        attempt(() => ets.updateElement(t, 'k', [4, 'x'])),
        attempt(() => ets.updateElement(b, 'k', [2, 'x'])),
        ets.lookup(t, 'k'),
      ];
    });
    expect(v).toEqual([true, true, false, true, [['new', 0, 'set']], 'badarg', 'badarg', 'badarg', [['k', 'deux', 'three']]]);
  });
});

describe('ETS-17: traversal', () => {
  it('ETS-17: first/next end with $end_of_table; next from a deleted key is badarg in an unfixed hash table, continues when fixed, always in ordered_set', () => {
    const v = inProc(() => {
      const s = ets.new('s', ['set']);
      const o = ets.new('o', ['ordered_set']);
      for (const t of [s, o]) ets.insertMany(t, [[1, 'a'], [2, 'b'], [3, 'c']]);
      const empty = ets.new('e', []);
      ets.delete(s, 2);
      const unfixed = attempt(() => ets.next(s, 2));
      ets.safeFixtable(s, true);
      const k1 = ets.first(s);
      ets.delete(s, k1);
      const fixed = ets.next(s, k1);
      ets.safeFixtable(s, false);
      ets.delete(o, 2);
      return [ets.first(empty), unfixed, k1, fixed, ets.next(o, 2), ets.next(s, 3), ets.prev(o, 1), ets.last(empty)];
    });
    expect(v).toEqual(['$end_of_table', 'badarg', 1, 3, 3, '$end_of_table', '$end_of_table', '$end_of_table']);
  });

  it('ETS-17: ordered_set next/prev from the key undefined go to its neighbours in the term order', () => {
    const v = inProc(() => {
      const t = ets.new('u', ['ordered_set']);
      ets.insertMany(t, [[1, 'a'], [undefined, 'u'], ['z', 'z'], [true, 't']]);
      const u = ets.new('u2', ['ordered_set']);
      ets.insertMany(u, [[1, 'a'], ['z', 'z']]);
      return [ets.next(t, undefined), ets.prev(t, undefined), ets.next(u, undefined), ets.prev(u, undefined), ets.next(t, true), ets.prev(t, 'z')];
    });
    expect(v).toEqual(['z', true, 'z', 1, undefined, undefined]);
  });

  it('ETS-17: foldl and foldr visit in table order and its reverse', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insertMany(t, [[3], [1], [2]]);
      return [ets.foldl((o, acc: unknown[]) => [...acc, o[0]], [], t), ets.foldr((o, acc: unknown[]) => [...acc, o[0]], [], t)];
    });
    expect(v).toEqual([[1, 2, 3], [3, 2, 1]]);
  });
});

describe('ETS-20..22', () => {
  it('ETS-20: objects are copied in and out', () => {
    const v = inProc(() => {
      const t = ets.new('c', []);
      const obj = ['k', { n: 1 }, [1, 2]] as [string, { n: number }, number[]];
      ets.insert(t, obj);
      obj[1].n = 99;
      obj[2].push(3);
      const [out] = ets.lookup(t, 'k') as [[string, { n: number }, number[]]];
      out[1].n = 42;
      const sel = ets.select(t, [[['_', '_', '_'], [], ['$_']]]) as [string, { n: number }, number[]][];
      sel[0]![2].push(7);
      return ets.lookup(t, 'k');
    });
    expect(v).toEqual([['k', { n: 1 }, [1, 2]]]);
  });

  it('ETS-21: info of a non-table term is badarg, of an unknown name undefined; whereis; rename', () => {
    const v = inProc(() => {
      const t = ets.new('old', ['named_table', 'public']);
      ets.new('other', ['named_table']);
      const u = ets.new('unnamed', []);
      const renamed = ets.rename(t, 'new');
      return [
        attempt(() => ets.info(42 as never)),
        attempt(() => ets.info(u, 'nonsense' as never)), // a live table: 'old' is gone by now, and OTP gives undefined for any item of a gone table
        ets.info('nope'),
        renamed,
        ets.whereis('old'),
        isRef(ets.whereis('new')),
        ets.lookup('new', 1),
        attempt(() => ets.lookup('old', 1)),
        attempt(() => ets.rename('new', 'other')),
        ets.rename(u, 'still_unnamed') === u,
        ets.info(u, 'name'),
        ets.whereis('still_unnamed'),
      ];
    });
    expect(v).toEqual(['badarg', 'badarg', 'undefined', 'new', 'undefined', true, [], 'badarg', 'badarg', true, 'still_unnamed', 'undefined']);
  });

  it('ETS-21: all lists the live tables, names for named ones, in creation order', () => {
    const v = inProc(() => {
      const a = ets.new('a', []);
      ets.new('b', ['named_table']);
      const c = ets.new('c', []);
      ets.delete(c);
      return ets.all().map((x) => (x === a ? 'tid-a' : x));
    });
    expect(v).toEqual(['tid-a', 'b']);
  });

  it('ETS-22: tables are node-local: another simulation (node) does not see them', () => {
    let tab: Tab | undefined;
    runOk(function* () {
      tab = ets.new('local', ['named_table', 'public']);
      ets.insert(tab, ['k', 1]);
      return null;
    });
    const v = runOk(function* () {
      return [ets.whereis('local'), ets.all()];
    });
    expect(v).toEqual(['undefined', []]);
  });

  it('ETS-22: a tid of a live table on one node is badarg on another', () => {
    const a = Simulation.create({ seed: 1 });
    let tid: Tab | undefined;
    a.start(function* () {
      tid = ets.new('here', ['public']);
      ets.insert(tid, ['k', 1]);
      yield* receive((m) => m === 'never');
    });
    a.step();
    expect(a.inspect(() => ets.lookup(tid!, 'k'))).toEqual([['k', 1]]);
    const v = runOk(function* () {
      return [attempt(() => ets.lookup(tid!, 'k')), ets.info(tid!)];
    });
    expect(v).toEqual(['badarg', 'undefined']);
    expect(a.inspect(() => ets.member(tid!, 'k'))).toBe(true);
  });

  it('ETS-22: each call is atomic within a step; interleaved writers never lose a counter update', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const v = runOk(function* () {
        const t = ets.new('ctr', ['public']);
        ets.insert(t, ['n', 0]);
        const me = self();
        for (let w = 0; w < 5; w++) {
          spawn(function* () {
            for (let i = 0; i < 20; i++) {
              ets.updateCounter(t, 'n', 1);
              yield* yieldNow();
            }
            send(me, 'done');
          });
        }
        for (let w = 0; w < 5; w++) yield* receive((m) => m === 'done');
        return ets.lookupElement(t, 'n', 2);
      }, { seed });
      expect(v).toBe(100);
    }
  });
});
