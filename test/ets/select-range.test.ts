/**
 * ETS-19, ordered_set: a match whose head fixes the leading elements of a tuple key visits
 * only that key range (as OTP does), and gives exactly what a full scan gives, in key order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ets, type MatchSpec } from '../../src/index.js';
import { countCandidates } from '../../src/ets/select.js';
import { runOk } from '../helpers.js';

const atom = fc.constantFrom('a', 'b', 'c');
const elem = fc.oneof(atom, fc.integer({ min: 0, max: 2 }), fc.constantFrom(1n, -0));
const keyArb = fc.oneof(
  { arbitrary: elem, weight: 1 },
  { arbitrary: fc.array(elem, { minLength: 1, maxLength: 3 }), weight: 4 },
  { arbitrary: fc.tuple(fc.tuple(atom, elem), elem), weight: 1 },
);
/** A key pattern: a tuple whose elements are ground, '_' or '$1'. */
const patArb = fc.array(fc.oneof(elem, fc.constantFrom('_', '$1'), fc.tuple(atom, fc.constantFrom('_', '$2'))), { minLength: 1, maxLength: 3 });

/** What a full scan gives: the spec run on each object alone, in table order. */
function fullScan(objs: unknown[][], spec: MatchSpec): unknown[] {
  return objs.flatMap((o) => {
    const s = ets.new('one', ['set']);
    ets.insert(s, o);
    const r = ets.select(s, spec);
    ets.delete(s);
    return r;
  });
}

function allChunks(first: unknown): unknown[] {
  const out: unknown[] = [];
  for (let c = first as '$end_of_table' | [unknown[], unknown]; c !== '$end_of_table'; c = ets.select(c[1] as never)) out.push(...c[0]);
  return out;
}

describe('ETS-19: ordered_set key ranges', () => {
  it('ETS-19: a head fixing a prefix of a tuple key gives what a full scan gives, in key order, whole or in chunks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, fc.integer({ min: 0, max: 3 })), { maxLength: 20 }), patArb, fc.constantFrom(1, 2), fc.integer({ min: 1, max: 3 }), (entries, pat, keypos, limit) => {
        const [got, chunked, want] = runOk<[unknown, unknown, unknown]>(function* () {
          const t = ets.new('r', ['ordered_set', ['keypos', keypos]]);
          for (const [k, v] of entries) ets.insert(t, keypos === 1 ? [k, v] : [v, k]);
          const head = keypos === 1 ? [pat, '$9'] : ['$9', pat];
          const spec: MatchSpec = [[head, [['>=', '$9', 1]], ['$_']]];
          return [ets.select(t, spec), allChunks(ets.select(t, spec, limit)), fullScan(ets.tab2list(t), spec)];
        });
        expect(got).toEqual(want);
        expect(chunked).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  it('ETS-19: select, match, matchObject, selectCount and selectDelete visit only the key range', () => {
    const v = runOk<unknown[]>(function* () {
      const t = ets.new('r', ['ordered_set']);
      for (let i = 0; i < 50; i++) {
        ets.insert(t, [['a', i], i]);
        ets.insert(t, [['b', i], i]);
        ets.insert(t, [['a', i, 0], i]);
        ets.insert(t, [i, i]);
      }
      ets.insert(t, ['a', 0]);
      const prefixA: MatchSpec = [[[['a', '$1'], '$2'], [['<', '$1', 10]], ['$2']]];
      return [
        countCandidates(t, prefixA),
        countCandidates(t, [[[['a', '_', 0], '_'], [], ['$_']]]),
        countCandidates(t, [[[[['_'], '_'], '_'], [], ['$_']]]),
        countCandidates(t, [[['$1', '_'], [], ['$_']]]),
        ets.select(t, prefixA),
        ets.match(t, [['b', '$1'], 7]),
        ets.matchObject(t, [['a', 3, '_'], '_']),
        ets.selectCount(t, [[[['b', '_'], '_'], [], [true]]]),
        ets.selectDelete(t, [[[['b', '$1'], '_'], [['>=', '$1', 1]], [true]]]),
        ets.info(t, 'size'),
      ];
    });
    expect(v).toEqual([50, 50, 201, 201, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [[7]], [[['a', 3, 0], 3]], 50, 49, 152]);
  });
});
