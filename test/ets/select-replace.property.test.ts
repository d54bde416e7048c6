/**
 * ETS-19 as a property: for any table and any match specification built from heads, guards and
 * bodies that keep or change the key, `selectReplace` either answers `badarg` and leaves the
 * table as it was, or replaces objects without ever changing a key (the keys before and after
 * are the same multiset, and no object is lost or added); and whether it is `badarg` is decided
 * by the specification alone, as OTP's static check: an empty table gives the same answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, ets } from '../../src/index.js';
import { inProc } from '../helpers.js';

const key = fc.constantFrom('a', 'b', 'c', 1, 2);
const head = fc.constantFrom<unknown>(['$1', '$2'], ['a', '$2'], ['_', '$2'], ['$1', '_'], '_', ['$1', 1]);
const guard = fc.constantFrom<unknown[]>([], [['==', '$1', 'b']], [['is_integer', '$2']]);
const body = fc.constantFrom<unknown[]>(
  ['$_'], [[['$1', '$2']]], [[['$1', 'x']]], [[['a', '$2']]], [[['b', 'y']]], [['const', ['a', 9]]],
  [[[['element', 1, '$_'], 0]]], [[['$2', '$1']]], ['$$'], [[['$1', '$2']], '$_'],
);
const spec = fc.array(fc.tuple(head, guard, body), { maxLength: 3 });
const rows = fc.uniqueArray(fc.tuple(key, fc.integer({ min: 0, max: 5 })), { selector: (r) => r[0], maxLength: 5 });

const sortedKeys = (objs: unknown[][]): string[] => objs.map((o) => JSON.stringify(o[0])).sort();

describe('ETS-19: select_replace never changes a key (property)', () => {
  it('for any table and specification: badarg with the table untouched, or every key kept', () => {
    fc.assert(
      fc.property(fc.constantFrom('set', 'ordered_set', 'bag'), rows, spec, (type, rs, ms) => {
        inProc(() => {
          const isBadarg = (f: () => unknown): boolean => {
            try {
              f();
              return false;
            } catch (e) {
              expect(classify(e).reason).toBe('badarg');
              return true;
            }
          };
          const onEmpty = type === 'bag' ? undefined : isBadarg(() => ets.selectReplace(ets.new('e', [type as 'set']), ms as never));
          const t = ets.new('t', [type as 'set']);
          ets.insertMany(t, rs);
          const before = ets.tab2list(t);
          let badarg = false;
          try {
            ets.selectReplace(t, ms as never);
          } catch (e) {
            expect(classify(e).reason).toBe('badarg');
            badarg = true;
          }
          const after = ets.tab2list(t);
          if (onEmpty !== undefined) expect(badarg).toBe(onEmpty);
          if (badarg) expect(after).toEqual(before);
          else expect(sortedKeys(after)).toEqual(sortedKeys(before));
        });
      }),
      { numRuns: 500 },
    );
  });
});
