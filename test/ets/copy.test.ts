/**
 * ETS-20 as a property: whatever a caller does to an object it inserted, or to any object a
 * read handed it (lookup, lookupElement, take, tab2list, foldl, match, matchObject, select
 * with '$_', select chunks), the table does not change. Objects range over the forms the
 * storages keep apart: pairs of immediates (stored packed), longer tuples, nested tuples and
 * plain objects (stored as copies), keys simple or compound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ets } from '../../src/index.js';
import { inProc, runOk } from '../helpers.js';


const immediate = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', 1n, -0, true, null));
const nested = fc.oneof(fc.tuple(immediate), fc.tuple(immediate, fc.tuple(immediate)), immediate.map((v) => ({ v })));
const keyArb = fc.oneof({ arbitrary: immediate, weight: 3 }, { arbitrary: fc.tuple(immediate, immediate), weight: 1 });
const restArb = fc.array(fc.oneof({ arbitrary: immediate, weight: 3 }, { arbitrary: nested, weight: 1 }), { minLength: 1, maxLength: 3 });

/** Scribbles over everything reachable from `x` that a caller holds. */
function scribble(x: unknown): void {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      scribble(x[i]);
      x[i] = 'scribbled';
    }
    x.push('extra');
  } else if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) {
    for (const k of Object.keys(x)) (x as Record<string, unknown>)[k] = 'scribbled';
  }
}

describe('ETS-20: copies in and out', () => {
  it.each(['set', 'ordered_set', 'bag', 'duplicate_bag'] as const)('ETS-20: no mutation by a caller changes a %s', (type) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, restArb), { minLength: 1, maxLength: 8 }), fc.constantFrom(1, 2), (entries, keypos) => {
        const objs = entries.map(([k, rest]) => (keypos === 1 ? [k, ...rest] : [rest[0], k, ...rest.slice(1)]));
        const [before, after] = runOk<[unknown, unknown]>(function* () {
          const t = ets.new('c', [type, ['keypos', keypos]]);
          const mine = structuredClone(objs);
          for (const o of mine) ets.insert(t, o);
          const before = structuredClone(ets.tab2list(t));
          scribble(mine);
          for (const [k] of entries) {
            scribble(ets.lookup(t, k));
            scribble(ets.lookupElement(t, k, 1));
          }
          scribble(ets.tab2list(t));
          scribble(ets.foldl((o, acc: unknown[]) => [...acc, o], [], t));
          scribble(ets.matchObject(t, '_' as never));
          scribble(ets.match(t, '$1' as never));
          scribble(ets.select(t, [['$1', [], ['$_']]]));
          scribble(ets.select(t, [['$1', [], ['$_']]], 2));
          const took = ets.take(t, entries[0]![0]);
          for (const o of took) ets.insert(t, o);
          scribble(took);
          return [before, ets.tab2list(t)];
        });
        const key = (o: unknown[]) => JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
        // take + reinsert may move the taken key in a hash table's order; the contents must not change.
        expect([...(after as unknown[][])].map(key).sort()).toEqual([...(before as unknown[][])].map(key).sort());
      }),
      { numRuns: 80 },
    );
  });
});

describe('ETS-20: packed pairs', () => {
  it.each(['set', 'ordered_set'] as const)('ETS-20: a %s hands out a fresh pair on every read of a [key, immediate] pair (stored packed)', (type) => {
    const v = inProc(() => {
      const t = ets.new('p', [type]);
      const u = ets.new('p2', [type, ['keypos', 2]]);
      const obj: unknown[] = [7, 'seven'];
      ets.insert(t, obj);
      ets.insert(u, ['eight', 8]);
      obj[1] = 'changed';
      const a = ets.lookup(t, 7)[0]!;
      const b = ets.lookup(t, 7)[0]!;
      const fresh = a !== b;
      a[1] = 'mutated';
      ets.tab2list(t)[0]![1] = 'mutated';
      (ets.select(t, [[['_', '_'], [], ['$_']]]) as unknown[][])[0]![1] = 'mutated';
      (ets.lookup(u, 8)[0] as unknown[])[0] = 'mutated';
      ets.insert(t, [5, 10]);
      const counter = ets.updateCounter(t, 5, 1);
      return [fresh, ets.lookup(t, 7), ets.lookup(u, 8), counter, ets.lookup(t, 5)];
    });
    expect(v).toEqual([true, [[7, 'seven']], [['eight', 8]], 11, [[5, 11]]]);
  });


  it('ETS-4/20: ordered_set pairs keep the key as stored: [1n, x] replaces [1, y] and any equal key finds [1n, x]; -0 and 0 likewise', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['ordered_set']);
      ets.insert(t, [1, 'y']);
      ets.insert(t, [1n, 'x']);
      ets.insert(t, [-0, 'minus']);
      ets.insert(t, [2n, 'two']);
      const elements = [ets.lookupElement(t, 1, 1), ets.lookupElement(t, 1, 2), ets.lookupElement(t, 0, 1), ets.member(t, 2), ets.member(t, 3)];
      return [ets.lookup(t, 1), ets.lookup(t, 1n), ets.lookup(t, 0), ets.lookup(t, -0), ets.lookup(t, 2), ets.tab2list(t), elements, ets.take(t, 1), ets.lookup(t, 1n)];
    });
    expect(v).toEqual([[[1n, 'x']], [[1n, 'x']], [[-0, 'minus']], [[-0, 'minus']], [[2n, 'two']], [[-0, 'minus'], [1n, 'x'], [2n, 'two']], [1n, 'x', -0, true, false], [[1n, 'x']], []]);
  });

});
