/**
 * `IntMap` (src/ets/storage/int-map.ts) behaves exactly as a `Map` with the same integer keys:
 * every result, the size, and the iteration order, under long random runs that make it grow,
 * fill with deleted slots, compact and clear. ETS `set` tables rely on it for ETS-3 and their
 * documented table order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntMap } from '../../src/ets/storage/int-map.js';

type Op = ['set', number, number] | ['delete', number] | ['get', number] | ['has', number] | ['clear'];

const keyArb = fc.oneof(fc.integer({ min: -40, max: 40 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 1 << 20));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.tuple(fc.constant('set' as const), keyArb, fc.integer()), weight: 160 },
  { arbitrary: fc.tuple(fc.constant('delete' as const), keyArb), weight: 100 },
  { arbitrary: fc.tuple(fc.constant('get' as const), keyArb), weight: 40 },
  { arbitrary: fc.tuple(fc.constant('has' as const), keyArb), weight: 20 },
  { arbitrary: fc.constant(['clear'] as Op), weight: 1 },
);

function run(m: Map<number, number> | IntMap<number>, ops: readonly Op[]): unknown[] {
  const out: unknown[] = [];
  for (const op of ops) {
    switch (op[0]) {
      case 'set': m.set(op[1], op[2]); break;
      case 'delete': out.push(m.delete(op[1])); break;
      case 'get': out.push(m.get(op[1])); break;
      case 'has': out.push(m.has(op[1])); break;
      case 'clear': m.clear(); break;
    }
  }
  const entries: [number, number][] = [];
  m.forEach((v, k) => entries.push([k, v]));
  out.push(m.size, entries, [...m.keys()], [...m.values()]);
  return out;
}

describe('IntMap', () => {
  it('ETS-3: IntMap gives what a Map gives, in the same order, through growth, deletions and compaction (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 600 }), (ops) => {
        expect(run(new IntMap<number>(), ops)).toEqual(run(new Map<number, number>(), ops));
      }),
      { numRuns: 60 },
    );
  });

  it('ETS-3: keys that are not 32-bit integers are never found', () => {
    const m = new IntMap<string>();
    for (let i = -100; i < 100; i++) m.set(i, `v${i}`);
    const misses = [1.5, 2 ** 32 + 1, NaN, '1', 1n, null, undefined, -0.5].map((k) => [m.get(k), m.has(k), m.delete(k)]);
    expect(misses.every(([g, h, d]) => g === undefined && h === false && d === false)).toBe(true);
    expect([m.size, m.get(-100), m.get(99)]).toEqual([200, 'v-100', 'v99']);
  });

  it('ETS-3: a large table grows, and deleting most keys compacts it without losing the rest', () => {
    const m = new IntMap<number>();
    for (let i = 0; i < 20000; i++) m.set((i * 7919) | 0, i);
    for (let i = 0; i < 20000; i++) if (i % 10 !== 0) m.delete((i * 7919) | 0);
    const kept: number[] = [];
    m.forEach((v) => kept.push(v));
    expect([m.size, kept.length, kept.every((v, j) => v === j * 10), m.get(7919 * 10)]).toEqual([2000, 2000, true, 10]);
  });
});
