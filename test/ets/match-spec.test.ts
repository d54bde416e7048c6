/**
 * Match patterns and specifications (ETS-19): heads, guards, bodies, and their errors, on the
 * compiled form directly and through `ets.select`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ets, self, termCompare, termEquals } from '../../src/index.js';
import { compilePattern, compileSpec, MatchSpecError, NO_MATCH } from '../../src/ets/match-spec.js';
import { runOk } from '../helpers.js';

const run = (spec: unknown, obj: unknown[]): unknown => compileSpec(spec).run(obj);

describe('ETS-19: heads', () => {
  it("ETS-19: '_' matches anything, a variable binds, a repeated variable must match exactly", () => {
    const spec = [[['$1', '$1', '_'], [], ['$$']]];
    expect(run(spec, [1, 1, 'x'])).toEqual([1]);
    expect(run(spec, [1, 1n, 'x'])).toBe(NO_MATCH);
    expect(run(spec, [1, 1])).toBe(NO_MATCH);
    expect(run([['_', [], ['$_']]], [1, 2])).toEqual([1, 2]);
    expect(run([['$0', [], ['$0']]], [1, 2])).toEqual([1, 2]);
  });

  it("ETS-19: '$$' lists bindings in variable-number order; nested tuples and maps match structurally", () => {
    expect(run([[['$3', ['$1', '$2']], [], ['$$']]], ['c', ['a', 'b']])).toEqual(['a', 'b', 'c']);
    expect(run([[['k', { n: '$1' }], [], ['$1']]], ['k', { n: 5, extra: 1 }])).toBe(5);
    expect(run([[['k', { n: '$1' }], [], ['$1']]], ['k', { m: 5 }])).toBe(NO_MATCH);
    expect(run([[['k', { n: '$1' }], [], ['$1']]], ['k', new Map([['n', 6]])])).toBe(6);
  });

  it('ETS-19: a ground pattern matches exactly the objects equal to it (property)', () => {
    const term = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', 1n), fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }));
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), fc.array(term, { minLength: 1, maxLength: 3 }), (p, o) => {
        const r = compilePattern(p, '$_').run(o);
        expect(r !== NO_MATCH).toBe(termEquals(p, o));
      }),
      { numRuns: 300 },
    );
  });
});

describe('ETS-19: guards', () => {
  it('ETS-19: comparisons use the term order (==) or exact equality (=:=)', () => {
    const g = (guard: unknown, x: unknown): boolean => run([[['$1'], [guard], [true]]], [x]) === true;
    expect([g(['==', '$1', 1], 1n), g(['=:=', '$1', 1], 1n), g(['/=', '$1', 2], 1), g(['=/=', '$1', 1n], 1)]).toEqual([true, false, true, true]);
    expect([g(['<', '$1', 'a'], 5), g(['>', '$1', 'a'], [1]), g(['=<', '$1', 3], 3), g(['>=', '$1', 4], 3)]).toEqual([true, true, true, false]);
  });

  it('ETS-19: guards are all required; a raising guard fails; andalso/orelse short-circuit', () => {
    const spec = (gs: unknown[]) => [[['$1'], gs, ['ok']]];
    expect(run(spec([['is_integer', '$1'], ['>', '$1', 0]]), [3])).toBe('ok');
    expect(run(spec([['is_integer', '$1'], ['>', '$1', 5]]), [3])).toBe(NO_MATCH);
    expect(run(spec([['>', ['element', 5, '$_'], 0]]), [3])).toBe(NO_MATCH);
    expect(run(spec([['orelse', ['is_atom', '$1'], ['>', ['element', 9, '$_'], 0]]]), ['a'])).toBe('ok');
    expect(run(spec([['andalso', ['is_atom', '$1'], ['>', ['element', 9, '$_'], 0]]]), [3])).toBe(NO_MATCH);
    expect(run(spec([['not', ['is_atom', '$1']]]), [3])).toBe('ok');
    expect(run(spec([['and', true, ['is_atom', '$1']]]), [3])).toBe(NO_MATCH);
    expect(run(spec([['+', '$1', 1]]), [3])).toBe(NO_MATCH); // a non-boolean guard is false
  });

  it('ETS-19: type tests', () => {
    const types = ['is_integer', 'is_float', 'is_number', 'is_atom', 'is_tuple', 'is_list', 'is_map', 'is_binary', 'is_pid', 'is_boolean'];
    const t = (x: unknown) => types.filter((ty) => run([[['$1'], [[ty, '$1']], [true]]], [x]) === true);
    expect(t(1)).toEqual(['is_integer', 'is_number']);
    expect(t(2n)).toEqual(['is_integer', 'is_number']);
    expect(t(1.5)).toEqual(['is_float', 'is_number']);
    expect(t('a')).toEqual(['is_atom']);
    expect(t(true)).toEqual(['is_atom', 'is_boolean']);
    expect(t([1])).toEqual(['is_tuple', 'is_list']);
    expect(t({ a: 1 })).toEqual(['is_map']);
    expect(t(new Uint8Array([1]))).toEqual(['is_binary']);
    expect(run([[['$1', '_'], [['is_record', '$_', 'rec', 3]], [true]]], ['rec', 1])).toBe(NO_MATCH);
    expect(run([['$1', [['is_record', '$1', 'rec', 2]], [true]]], ['rec', 1])).toBe(true);
  });
});

describe('ETS-19: bodies', () => {
  it('ETS-19: the last body expression is the result; tuples are built with [[…]]; const quotes', () => {
    expect(run([[['$1', '$2'], [], ['ignored', [['$2', '$1']]]]], [1, 2])).toEqual([2, 1]);
    expect(run([[['$1', '$2'], [], [['$1', '$2']]]], [1, 2])).toEqual([1, 2]);
    expect(run([[['$1'], [], [['const', ['$1', 'x']]]]], [1])).toEqual(['$1', 'x']);
    expect(run([[['$1'], [], [{ v: '$1', k: 'lit' }]]], [1])).toEqual({ v: 1, k: 'lit' });
  });

  it('ETS-19: arithmetic follows Erlang integers across number and bigint; a raising body gives EXIT', () => {
    const b = (e: unknown, x: unknown) => run([[['$1'], [], [e]]], [x]);
    expect(b(['+', '$1', 1], Number.MAX_SAFE_INTEGER)).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 1n);
    expect(b(['+', '$1', 1], 2n)).toBe(3n);
    expect(b(['div', '$1', 2], 7)).toBe(3);
    expect(b(['rem', '$1', 3], -7)).toBe(-1);
    expect(b(['/', '$1', 2], 7)).toBe(3.5);
    expect(b(['-', '$1'], 4)).toBe(-4);
    expect(b(['band', '$1', 6], 5)).toBe(4);
    expect(b(['abs', '$1'], -3n)).toBe(3n);
    expect(b(['round', '$1'], -2.5)).toBe(-3);
    expect(b(['div', '$1', 0], 1)).toBe('EXIT');
    expect(b(['+', '$1', 'a'], 1)).toBe('EXIT');
    expect(b(['hd', '$1'], [])).toBe('EXIT');
    expect(b(['length', '$1'], [1, 2])).toBe(2);
    expect(b(['element', 2, '$1'], ['a', 'b'])).toBe('b');
    expect(b(['map_get', 'k', '$1'], { k: 9 })).toBe(9);
    expect(b(['max', '$1', 'atom'], 99)).toBe('atom');
  });

  it('ETS-19: self() in a body is the calling process', () => {
    const v = runOk(function* () {
      const t = ets.new('s', []);
      ets.insert(t, ['k']);
      return ets.select(t, [[['_'], [], [['self']]]])[0] === self();
    });
    expect(v).toBe(true);
  });
});

describe('ETS-19: errors and select as a filter', () => {
  it('ETS-19: bad specifications raise MatchSpecError at compile time', () => {
    const bad = [
      {},
      [[['$1'], [], 'x']], // (a non-tuple head is not an error in OTP 25: it matches nothing)
      [[['$1'], [], []]],
      [[['$1'], [['nope', '$1']], ['x']]],
      [[['$1'], [['element', 1]], ['x']]],
      [[['$1'], [], ['$7']]],
      [[['$1'], [['>', '$2', 1]], ['x']]],
      [[['$1'], [], [['const']]]],
      [[['$1'], []]],
    ];
    for (const s of bad) expect(() => compileSpec(s), JSON.stringify(s)).toThrow(MatchSpecError);
  });

  it('ETS-19: select with a guard equals filtering the table in its order (property, every table type)', () => {
    const types = ['set', 'ordered_set', 'bag', 'duplicate_bag'] as const;
    const num = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1n, -1n, 0.5));
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.array(fc.tuple(num, num), { maxLength: 20 }), num, (type, objs, thr) => {
        const v = runOk<[unknown[], unknown[]]>(function* () {
          const t = ets.new('p', [type]);
          ets.insertMany(t, objs);
          const sel = ets.select(t, [[['$1', '$2'], [['>', '$2', thr]], [['$2', '$1']]]]);
          const all = ets.tab2list(t).filter((o) => termCompare(o[1], thr) > 0).map(([k, v]) => [v, k]);
          return [sel, all];
        });
        expect(v[0]).toEqual(v[1]);
      }),
      { numRuns: 100 },
    );
  });
});
