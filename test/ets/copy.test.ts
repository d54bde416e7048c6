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
import { runOk } from '../helpers.js';

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
