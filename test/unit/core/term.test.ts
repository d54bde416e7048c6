/**
 * Terms: exact equality (`=:=`), the total order (`==`, sorting), printing and termKey.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyTerm, formatTerm, hashString, Pid, Ref, Stacktrace, termCompare, termEquals, termKey } from '../../../src/index.js';

const pids = [new Pid('a@h', 0, 1), new Pid('a@h', 0, 2), new Pid('b@h', 1, 1)];
const refs = [new Ref('a@h', 0, 1), new Ref('a@h', 0, 9)];

const leaf = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noDefaultInfinity: false }),
  fc.bigInt({ min: -5n, max: 5n }),
  fc.constantFrom('a', 'b', 'ok', 'EXIT', '', 'null', 'true'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(...pids, ...refs),
  fc.uint8Array({ maxLength: 3 }),
);

const { term } = fc.letrec((tie) => ({
  term: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tuple'), tie('object'), tie('map')),
  tuple: fc.array(tie('term'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c', '1'), tie('term'), { maxKeys: 3 }),
  // Keys unique by exact equality, as in an Erlang map.
  map: fc.uniqueArray(fc.tuple(tie('term'), tie('term')), { maxLength: 3, selector: (e) => termKey(e[0]) }).map((es) => new Map(es)),
}));

/** A structural copy that keeps pids and refs (identity terms). */
function copy(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(copy);
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [copy(k), copy(v)]));
  if (x instanceof Uint8Array) return Uint8Array.from(x);
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).reverse()) out[k] = copy((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('termEquals', () => {
  it('termEquals is exact: 1 and 1n differ, 0 and -0 agree, NaN equals itself', () => {
    expect(termEquals(1, 1n)).toBe(false);
    expect(termEquals(0, -0)).toBe(true);
    expect(termEquals(NaN, NaN)).toBe(true);
    expect(termEquals(['a', [1, 2]], ['a', [1, 2]])).toBe(true);
    expect(termEquals(['a', [1, 2]], ['a', [1, 3]])).toBe(false);
    expect(termEquals([1], { 0: 1 })).toBe(false);
    expect(termEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(termEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(termEquals(new Map([[['k'], 1]]), new Map([[['k'], 1]]))).toBe(true);
    expect(termEquals(new Map([[1, 1]]), new Map([[1n, 1]]))).toBe(false);
    expect(termEquals(new Map([[1, 1]]), { 1: 1 })).toBe(false);
    expect(termEquals(pids[0], new Pid('a@h', 0, 1))).toBe(false);
    expect(termEquals(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(termEquals(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(termEquals(new Date(0), new Date(0))).toBe(false);
  });

  it('termEquals holds between a term and its structural copy (property)', () => {
    fc.assert(fc.property(term, (t) => termEquals(t, copy(t)) && termEquals(copy(t), t)), { numRuns: 300 });
  });
});

describe('termCompare', () => {
  it('follows the type order number < atom < ref < fun < pid < tuple < map < binary', () => {
    const ordered = [-1, 2n, 3.5, 'abc', true, refs[0], function f() {}, pids[0], ['x'], { a: 1 }, Uint8Array.of(0)];
    for (let i = 0; i + 1 < ordered.length; i++) expect(termCompare(ordered[i], ordered[i + 1]), String(i)).toBeLessThan(0);
  });

  it('compares numbers by value across number and bigint; tuples by size then elements', () => {
    expect(termCompare(1, 1n)).toBe(0);
    expect(termCompare(2n, 1.5)).toBeGreaterThan(0);
    expect(termCompare(Infinity, 10n ** 30n)).toBeGreaterThan(0);
    expect(termCompare(-Infinity, -(10n ** 30n))).toBeLessThan(0);
    expect(termCompare(NaN, -Infinity)).toBeLessThan(0);
    expect(termCompare([9, 9], [1, 1, 1])).toBeLessThan(0);
    expect(termCompare([1, 2], [1, 3])).toBeLessThan(0);
    expect(termCompare(pids[0], pids[2])).toBeLessThan(0);
    expect(termCompare(new Map([[1, 'a']]), { 1: 'a' })).not.toBe(0);
  });

  it('is antisymmetric and agrees with termEquals (property)', () => {
    fc.assert(fc.property(term, term, (a, b) => {
      expect(sign(termCompare(a, b)) + sign(termCompare(b, a))).toBe(0);
      if (termEquals(a, b)) expect(termCompare(a, b)).toBe(0);
      expect(termCompare(a, copy(a))).toBe(0);
    }), { numRuns: 400 });
  });

  it('is transitive (property)', () => {
    fc.assert(fc.property(term, term, term, (a, b, c) => {
      // Sorted through indices: Array.prototype.sort moves undefined to the end unasked.
      const ts = [a, b, c];
      const [x, y, z] = [0, 1, 2].sort((i, j) => termCompare(ts[i], ts[j])).map((i) => ts[i]);
      expect(termCompare(x, y)).toBeLessThanOrEqual(0);
      expect(termCompare(y, z)).toBeLessThanOrEqual(0);
      expect(termCompare(x, z)).toBeLessThanOrEqual(0);
    }), { numRuns: 400 });
  });
});

describe('termKey', () => {
  it('termKey is equal exactly when termEquals holds (property)', () => {
    fc.assert(fc.property(term, term, (a, b) => {
      expect(termKey(a) === termKey(copy(a))).toBe(true);
      expect(termKey(a) === termKey(b)).toBe(termEquals(a, b));
    }), { numRuns: 400 });
  });

  it('termKey keeps 1 and 1n apart, and maps with equal-comparing keys in any order together', () => {
    expect(termKey([1])).not.toBe(termKey([1n]));
    expect(termKey(1)).not.toBe(termKey('1'));
    expect(termKey(-0)).toBe(termKey(0));
    expect(termKey([NaN])).toBe(termKey([NaN]));
    const m1 = new Map<unknown, unknown>([[1, 'a'], [1n, 'b']]);
    const m2 = new Map<unknown, unknown>([[1n, 'b'], [1, 'a']]);
    expect(termEquals(m1, m2)).toBe(true);
    expect(termKey(m1)).toBe(termKey(m2));
    expect(termKey({ a: 1, b: 2 })).toBe(termKey({ b: 2, a: 1 }));
  });

  it('opaque objects are keyed by identity', () => {
    class Opaque {}
    const o = new Opaque();
    expect(termKey([o])).toBe(termKey([o]));
    expect(termKey([o])).not.toBe(termKey([new Opaque()]));
  });
});

describe('formatTerm', () => {
  it('prints atoms quoted, pids and refs as Erlang does, and nested terms', () => {
    expect(formatTerm(['EXIT', pids[0], 'normal'])).toBe("['EXIT', <0.1.0>, 'normal']");
    expect(formatTerm(refs[1])).toBe('#Ref<0.0.0.9>');
    expect(formatTerm("it's")).toBe("'it\\'s'");
    expect(formatTerm(-0)).toBe('0');
    expect(formatTerm(5n)).toBe('5n');
    expect(formatTerm(null)).toBe('null');
    expect(formatTerm(undefined)).toBe('undefined');
    expect(formatTerm(Symbol('s'))).toBe('Symbol(s)');
    expect(formatTerm(function named() {})).toBe('#Fun<named>');
    expect(formatTerm({ a: 1, 'b-c': [2] })).toBe("{ a: 1, 'b-c': [2] }");
    expect(formatTerm({})).toBe('{}');
    expect(formatTerm(new Map([['k', 1]]))).toBe("Map{'k' => 1}");
    expect(formatTerm(new Set([1]))).toBe('Set{1}');
    expect(formatTerm(Uint8Array.of(1, 2))).toBe('<<1,2>>');
    expect(formatTerm(new TypeError('bad'))).toBe("TypeError('bad')");
    expect(formatTerm(new Stacktrace(['at x']))).toBe('<stacktrace>');
    class Point { x = 1; }
    expect(formatTerm(new Point())).toBe('Point { x: 1 }');
  });

  it('cuts deep terms and cycles', () => {
    expect(formatTerm([[[[1]]]], 2)).toBe('[[…]]');
    const a: unknown[] = [1];
    a.push(a);
    expect(formatTerm(a)).toBe('[1, <cycle>]');
    const shared = [1];
    expect(formatTerm([shared, shared])).toBe('[[1], [1]]');
  });
});

describe('copyTerm', () => {
  it('MSG-5: a copy is termEquals to the original and shares no mutable part (property)', () => {
    fc.assert(fc.property(term, (t) => {
      const c = copyTerm(t);
      expect(termEquals(c, t)).toBe(true);
      if (typeof t === 'object' && t !== null && !(t instanceof Pid) && !(t instanceof Ref)) expect(c).not.toBe(t);
    }), { numRuns: 200 });
  });

  it('keeps identity terms, functions and class instances shared, and cycles as cycles', () => {
    class Box { v = 1; }
    const box = new Box();
    const f = (): number => 1;
    const src: unknown[] = [pids[0], refs[0], f, box, new Set([[1]])];
    src.push(src);
    const c = copyTerm(src) as unknown[];
    expect(c[0]).toBe(pids[0]);
    expect(c[1]).toBe(refs[0]);
    expect(c[2]).toBe(f);
    expect(c[3]).toBe(box);
    expect(c[4]).not.toBe(src[4]);
    expect(c[5]).toBe(c);
    const o = Object.create(null) as Record<string, unknown>;
    o['k'] = [1];
    const oc = copyTerm(o);
    expect(Object.getPrototypeOf(oc)).toBeNull();
    expect(oc['k']).toEqual([1]);
    expect(oc['k']).not.toBe(o['k']);
    expect(copyTerm(5)).toBe(5);
  });
});

describe('hashString', () => {
  it('is stable, fixed width, and tells close strings apart', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashString('abc')).not.toBe(hashString('abd'));
    expect(hashString('abc', 1)).not.toBe(hashString('abc'));
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => hashString(`event ${i}`)));
    expect(seen.size).toBe(2000);
  });
});

describe('termKey keeps distinct terms apart', () => {
  it('a string starting with NUL never collides with a compound key, nor NaN with a string', () => {
    expect(termKey([1])).not.toBe(termKey('\u0000[n1]'));
    expect(termKey('\u0000s"a"')).not.toBe(termKey('\u0000'));
    expect(termKey(NaN)).not.toBe(termKey('n:NaN'));
    expect(new Map([[termKey(NaN), 1]]).get(termKey(Number('x')))).toBe(1);
    expect(termKey(-0)).toBe(termKey(0));
  });
});
