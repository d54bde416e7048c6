/**
 * The functions a match specification may call (src/ets/ms-functions.ts), checked against real
 * Erlang/OTP. The expected values in ms-functions.otp.ts were produced by running
 * `ets:test_ms/2` on OTP 25 (`escript scripts/ms-functions-otp.escript > test/ets/ms-functions.otp.ts`;
 * the script's header says how each case is run), so this suite does not need erl.
 *
 * Each case is evaluated here twice, as OTP's were: as the body of `[[['$1', …], [], [[fn, '$1', …]]]]`
 * (the value, or `'EXIT'` if the call raised) and as its guard (passes only on `true`; a raising
 * guard fails). Results are compared in dfsweo's term model: an integer is a safe-range `number`
 * or a `bigint` of the same value (outside the safe range it must be a bigint; from all-`number`
 * arguments a safe result must be a `number`); an OTP float with an integral value
 * (`IntegralFloat`) has no counterpart here and is matched by the number of that value.
 *
 * is_boolean, is_bitstring, tuple_size, floor, ceil, min and max are not match spec functions in OTP 25
 * (OTP 26 added them); their expectations come from the erlang BIFs of the same name.
 */
import { describe, expect, it } from 'vitest';
import { ets, makeRef, node, self, spawn } from '../../src/index.js';
import { compileSpec, MatchSpecError, NO_MATCH } from '../../src/ets/match-spec.js';
import { MS_FUNCTIONS } from '../../src/ets/ms-functions.js';
import { attempt, inProc, runOk } from '../helpers.js';
import { IntegralFloat, OTP_ARITIES, OTP_CASES, OTP_RELEASE, OTP_SELECT, type OtpCase } from './ms-functions.otp.js';

const vars = (n: number): string[] => Array.from({ length: n }, (_, i) => `$${i + 1}`);

function body(fn: string, args: readonly unknown[]): unknown {
  return compileSpec([[vars(args.length), [], [[fn, ...vars(args.length)]]]]).run(args as unknown[]);
}

function guard(fn: string, args: readonly unknown[]): boolean {
  const r = compileSpec([[vars(args.length), [[fn, ...vars(args.length)]], ['yes']]]).run(args as unknown[]);
  return r === 'yes' ? true : r === NO_MATCH ? false : expect.unreachable(`guard gave ${String(r)}`);
}

const isInteger = (x: unknown): x is number | bigint => typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x));
const hasBigint = (x: unknown): boolean => typeof x === 'bigint' || (Array.isArray(x) && x.some(hasBigint));

/** Whether `actual` is the term OTP answered, in our model (see the header). */
function same(actual: unknown, expected: unknown, bigIn: boolean): boolean {
  if (expected instanceof IntegralFloat) return typeof actual === 'number' && actual === expected.value;
  if (typeof expected === 'number' && !Number.isInteger(expected)) return actual === expected;
  if (isInteger(expected)) {
    if (!isInteger(actual) || Object.is(actual, -0) || BigInt(actual) !== BigInt(expected)) return false;
    if (!Number.isSafeInteger(Number(expected)) || BigInt(Number(expected)) !== BigInt(expected)) return typeof actual === 'bigint';
    return bigIn || typeof actual === 'number';
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => same(actual[i], e, bigIn));
  }
  if (expected instanceof Uint8Array) {
    return actual instanceof Uint8Array && actual.length === expected.length && expected.every((b, i) => actual[i] === b);
  }
  if (expected instanceof Map) {
    if (!(actual instanceof Map) || actual.size !== expected.size) return false;
    const a = [...actual];
    return [...expected].every(([k, v]) => a.some(([k2, v2]) => same(k2, k, bigIn) && same(v2, v, bigIn)));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual) || actual instanceof Map) return false;
    const ek = Object.keys(expected);
    return ek.length === Object.keys(actual).length && ek.every((k) => k in actual && same((actual as never)[k], (expected as never)[k], bigIn));
  }
  return actual === expected;
}

const showBig = (v: bigint): string => (String(v).length > 24 ? `${String(v).slice(0, 8)}…(${String(v).length} digits)n` : `${v}n`);
const show = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    typeof v === 'bigint' ? showBig(v) : v instanceof Uint8Array ? `<<${[...v].join(',')}>>` : v instanceof Map ? [...v] : v === undefined ? 'undefined' : v,
  );

const byFunction = new Map<string, OtpCase[]>();
for (const c of OTP_CASES) byFunction.set(c[0], [...(byFunction.get(c[0]) ?? []), c]);

describe(`match spec functions against OTP ${OTP_RELEASE} (ets:test_ms)`, () => {
  for (const [fn, cases] of byFunction) {
    const arities = [...new Set(cases.map((c) => c[1].length))].join('/');
    it(`${fn}/${arities}: ${cases.length} cases give OTP's result in a body and in a guard`, () => {
      const wrong: string[] = [];
      for (const [, args, want, passes] of cases) {
        const got = body(fn, args);
        if (!same(got, want, hasBigint(args))) wrong.push(`body ${fn}(${show(args).slice(1, -1)}) = ${show(got)}, OTP ${show(want)}`);
        const g = guard(fn, args);
        if (g !== passes) wrong.push(`guard ${fn}(${show(args).slice(1, -1)}) ${g ? 'passes' : 'fails'}, OTP ${passes ? 'passes' : 'fails'}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('every callable function has OTP cases', () => {
    const untested = [...MS_FUNCTIONS.keys(), 'andalso', 'orelse'].filter((f) => !byFunction.has(f) && !['self', 'node'].includes(f));
    expect(untested).toEqual([]);
  });
});

describe(`whole match specifications against OTP ${OTP_RELEASE} (ets:select on a set holding one object)`, () => {
  it(`ETS-19: ${OTP_SELECT.length} specifications select what OTP selects, or are badarg where OTP's are`, () => {
    const got = inProc(() =>
      OTP_SELECT.map(([spec, obj]) => {
        const t = ets.new('s', ['set']);
        ets.insert(t, [...obj]);
        const r = attempt(() => ets.select(t, spec as never));
        ets.delete(t);
        return r;
      }),
    );
    const wrong = OTP_SELECT.flatMap(([spec, obj, want], i) =>
      same(got[i], want, hasBigint(spec)) ? [] : [`select ${show(spec)} on ${show(obj)} = ${show(got[i])}, OTP ${show(want)}`],
    );
    expect(wrong).toEqual([]);
  });
});

describe('match spec functions: integers beyond the safe range', () => {
  it('round/trunc/floor/ceil of an integral number beyond 2^53 (an integer here) give it as a bigint, like Erlang round(10^20) = 10^20', () => {
    for (const fn of ['round', 'trunc', 'floor', 'ceil']) {
      expect([body(fn, [1e20]), body(fn, [-(2 ** 60)])], fn).toEqual([10n ** 20n, -(2n ** 60n)]);
    }
  });
});

describe('match spec functions: names and arities', () => {
  /** OTP 26 accepts these in match specifications; OTP 25 (where the table was made) does not. */
  const OTP26: Record<string, number[]> = { is_boolean: [1], is_bitstring: [1], tuple_size: [1], floor: [1], ceil: [1], min: [2], max: [2] };
  const accepts = (name: string, n: number): boolean => {
    try {
      compileSpec([[['_'], [], [[name, ...Array<number>(n).fill(1)]]]]);
      return true;
    } catch (e) {
      expect(e).toBeInstanceOf(MatchSpecError);
      return false;
    }
  };

  it('ETS-19: a name is accepted at exactly the arities OTP accepts; other arities and names are badarg', () => {
    const names = new Set([...Object.keys(OTP_ARITIES), ...MS_FUNCTIONS.keys()]);
    const wrong: string[] = [];
    for (const name of names) {
      const want = OTP26[name] ?? OTP_ARITIES[name] ?? [];
      for (let n = 0; n <= 4; n++) if (accepts(name, n) !== want.includes(n)) wrong.push(`${name}/${n}: ours ${accepts(name, n)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('match spec functions on pids, refs and funs (inside a process)', () => {
  it('ETS-19: self() is the caller; node() and node(Pid|Ref) name the node; node(Atom) raises', () => {
    const v = runOk<{ self: boolean; node: unknown[]; here: string; guards: boolean[]; guards2: boolean[] }>(function* () {
      const t = ets.new('n', []);
      const ref = makeRef();
      const other = spawn(function* () {});
      ets.insert(t, ['k', ref, other, 'atom']);
      const sel = (e: unknown) => ets.select(t, [[['_', '$1', '$2', '$3'], [], [e]]])[0];
      const guarded = (g: unknown) => ets.select(t, [[['_', '$1', '$2', '$3'], [g], [true]]]).length === 1;
      return {
        self: sel(['self']) === self(),
        node: [sel(['node']), sel(['node', '$1']), sel(['node', '$2']), sel(['node', '$3'])],
        here: node(),
        guards: [guarded(['is_pid', '$2']), guarded(['is_reference', '$1']), guarded(['is_pid', '$1']), guarded(['is_reference', '$2'])],
        guards2: [guarded(['=:=', ['self'], '$2']), guarded(['<', '$1', '$2']), guarded(['==', ['node', '$3'], 'x'])],
      };
    });
    expect(v.self).toBe(true);
    expect(v.node).toEqual([v.here, v.here, v.here, 'EXIT']);
    expect(v.guards).toEqual([true, true, false, false]);
    // A reference sorts before a pid (number < atom < reference < fun < port < pid < tuple).
    expect(v.guards2).toEqual([false, true, false]);
  });

  it('ETS-19: outside a process self() and node() raise (a body gives EXIT, a guard fails)', () => {
    expect([body('self', []), body('node', []), guard('self', []), guard('node', [])]).toEqual(['EXIT', 'EXIT', false, false]);
  });

  it('ETS-19: is_function holds for a function only; is_port never holds', () => {
    const f = function named() {};
    expect([guard('is_function', [f]), guard('is_function', ['f']), guard('is_port', [f])]).toEqual([true, false, false]);
  });
});
