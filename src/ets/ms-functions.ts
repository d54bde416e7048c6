/**
 * The functions a match specification may call in guards and bodies, as OTP's match spec
 * grammar names them (`['>', '$1', 3]` is OTP's `{'>', '$1', 3}`).
 *
 * Each takes evaluated arguments and returns a term, or throws {@link MS_FAIL} where Erlang
 * would raise (a guard then fails, a body yields `'EXIT'`). Numbers follow term.ts: `number`
 * and `bigint` are both integers when integral; `is_float` holds for a non-integral number;
 * mixed arithmetic promotes an integral `number` to `bigint`. Tuples and lists are both arrays,
 * so `is_tuple` and `is_list` both hold for an array.
 *
 * The names and arities are OTP 25's for ETS match specifications, plus the guard BIFs OTP 26
 * added to them (is_boolean, is_bitstring, tuple_size, floor, ceil, min, max). Results are
 * checked against real Erlang in test/ets/ms-functions.test.ts (scripts/ms-functions-otp.escript).
 */
import { ctx } from '../core/context.js';
import { Pid, Ref } from '../core/pid.js';
import { termCompare, termEquals } from '../core/term.js';

/** Thrown by a failing call (badarg, badarith…). */
export const MS_FAIL: unique symbol = Symbol('ms.fail');

export interface MsFunction {
  readonly min: number;
  readonly max: number;
  readonly fn: (...args: unknown[]) => unknown;
}

function fail(): never {
  throw MS_FAIL;
}

const isInt = (x: unknown): x is number | bigint => (typeof x === 'number' && Number.isInteger(x)) || typeof x === 'bigint';
const isNum = (x: unknown): x is number | bigint => typeof x === 'number' || typeof x === 'bigint';
const isBool = (x: unknown): x is boolean => x === true || x === false;
const isPlainMap = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);
const isMap = (x: unknown): boolean => x instanceof Map || isPlainMap(x);
const isAtom = (x: unknown): boolean =>
  typeof x === 'string' || typeof x === 'boolean' || typeof x === 'symbol' || x === null || x === undefined;

function num(x: unknown): number | bigint {
  return isNum(x) ? x : fail();
}

function int(x: unknown): number | bigint {
  return isInt(x) ? x : fail();
}

/** Narrows a bigint result back to a number when both inputs were numbers and it is safe. */
function back(r: bigint, a: unknown, b: unknown): number | bigint {
  return typeof a === 'number' && typeof b === 'number' && r >= Number.MIN_SAFE_INTEGER && r <= Number.MAX_SAFE_INTEGER ? Number(r) : r;
}

/** `x` is an integer here (callers check). */
function big(x: number | bigint): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

/** A float result: Erlang raises badarith where IEEE arithmetic gives an infinity or NaN. */
function finite(r: number): number {
  return Number.isFinite(r) ? r : fail();
}

/**
 * Integer arithmetic is exact (bigint beyond the safe range, never `-0`); as soon as a float
 * takes part, both sides are converted to floats, which fails for an integer too large for one.
 */
function arith(a: unknown, b: unknown, f: (x: number, y: number) => number, g: (x: bigint, y: bigint) => bigint): number | bigint {
  const x = num(a);
  const y = num(b);
  if (typeof x === 'number' && typeof y === 'number') {
    const r = f(x, y);
    if (!Number.isInteger(x) || !Number.isInteger(y)) return finite(r);
    return Number.isSafeInteger(r) ? r + 0 : g(BigInt(x), BigInt(y));
  }
  if ((typeof x === 'number' && !Number.isInteger(x)) || (typeof y === 'number' && !Number.isInteger(y))) {
    return finite(f(toFloat(x), toFloat(y)));
  }
  return g(big(x), big(y));
}

/** `float/1`: an integer too large for a double is badarg (here: fails). */
function toFloat(x: unknown): number {
  return finite(Number(num(x)));
}

function intOp(a: unknown, b: unknown, g: (x: bigint, y: bigint) => bigint): number | bigint {
  return back(g(big(int(a)), big(int(b))), a, b);
}

function divisor(b: unknown): unknown {
  return b === 0 || b === 0n ? fail() : b;
}

function roundAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

function toInt(x: unknown, f: (n: number) => number): number | bigint {
  const n = num(x);
  if (typeof n === 'bigint') return n;
  const r = f(n) + 0; // never -0
  return Number.isSafeInteger(r) ? r : BigInt(r);
}

function bool(x: unknown): boolean {
  return isBool(x) ? x : fail();
}

function mapGet(k: unknown, m: unknown): unknown {
  if (m instanceof Map) {
    if (m.has(k)) return m.get(k);
    for (const [k2, v] of m) if (termEquals(k, k2)) return v;
    return fail();
  }
  if (isPlainMap(m) && typeof k === 'string' && Object.prototype.hasOwnProperty.call(m, k)) return m[k];
  return fail();
}

function hasKey(k: unknown, m: unknown): boolean {
  if (!isMap(m)) fail();
  try {
    mapGet(k, m);
    return true;
  } catch {
    return false;
  }
}

function elementOf(n: unknown, t: unknown): unknown {
  if (!Array.isArray(t) || !isInt(n)) return fail();
  const i = Number(n);
  return i >= 1 && i <= t.length ? t[i - 1] : fail();
}

function pair(x: unknown): [unknown, unknown] {
  return Array.isArray(x) && x.length === 2 ? [x[0], x[1]] : fail();
}

function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : fail();
}

function isRecord(t: unknown, tag: unknown, size: unknown): boolean {
  if (!isAtom(tag) || typeof size !== 'number' || !Number.isInteger(size)) return fail();
  return Array.isArray(t) && t.length === size && t.length >= 1 && t[0] === tag;
}

function binary(x: unknown): Uint8Array {
  return x instanceof Uint8Array ? x : fail();
}

/** `binary_part(Bin, Start, Len)`: `Len` may be negative (the bytes before `Start`). */
function binaryPart(b: unknown, start: unknown, len: unknown): Uint8Array {
  const bin = binary(b);
  if (typeof start !== 'number' || typeof len !== 'number' || !Number.isInteger(start) || !Number.isInteger(len)) return fail();
  const from = Math.min(start, start + len);
  const to = Math.max(start, start + len);
  return from >= 0 && to <= bin.length ? bin.slice(from, to) : fail();
}

function nodeOf(x: unknown): string {
  return x instanceof Pid || x instanceof Ref ? x.node : fail();
}

const f = (min: number, max: number, fn: (...a: any[]) => unknown): MsFunction => ({ min, max, fn }); // eslint-disable-line @typescript-eslint/no-explicit-any
const test = (p: (x: unknown) => boolean): MsFunction => f(1, 1, p);
const cmp = (p: (c: number) => boolean): MsFunction => f(2, 2, (a, b) => p(termCompare(a, b)));

/** Every callable name. `andalso`/`orelse` are compiled specially (they short-circuit). */
export const MS_FUNCTIONS: ReadonlyMap<string, MsFunction> = new Map<string, MsFunction>([
  ['is_atom', test(isAtom)],
  ['is_boolean', test(isBool)],
  ['is_integer', test(isInt)],
  ['is_float', test((x) => typeof x === 'number' && !Number.isInteger(x))],
  ['is_number', test(isNum)],
  ['is_list', test(Array.isArray)],
  ['is_tuple', test(Array.isArray)],
  ['is_map', test(isMap)],
  ['is_pid', test((x) => x instanceof Pid)],
  ['is_reference', test((x) => x instanceof Ref)],
  ['is_port', test(() => false)],
  ['is_binary', test((x) => x instanceof Uint8Array)],
  ['is_bitstring', test((x) => x instanceof Uint8Array)],
  ['is_function', test((x) => typeof x === 'function')],
  ['is_record', f(3, 3, isRecord)],
  ['is_map_key', f(2, 2, hasKey)],
  ['>', cmp((c) => c > 0)],
  ['>=', cmp((c) => c >= 0)],
  ['<', cmp((c) => c < 0)],
  ['=<', cmp((c) => c <= 0)],
  ['==', cmp((c) => c === 0)],
  ['/=', cmp((c) => c !== 0)],
  ['=:=', f(2, 2, termEquals)],
  ['=/=', f(2, 2, (a, b) => !termEquals(a, b))],
  ['not', f(1, 1, (a) => !bool(a))],
  ['and', f(1, Infinity, (...a) => a.map(bool).every((x) => x))],
  ['or', f(1, Infinity, (...a) => a.map(bool).some((x) => x))],
  ['xor', f(2, 2, (a, b) => bool(a) !== bool(b))],
  ['+', f(1, 2, (...a) => (a.length === 1 ? num(a[0]) : arith(a[0], a[1], (x, y) => x + y, (x, y) => x + y)))],
  ['-', f(1, 2, (...a) => (a.length === 1 ? arith(0, a[0], (x, y) => x - y, (x, y) => x - y) : arith(a[0], a[1], (x, y) => x - y, (x, y) => x - y)))],
  ['*', f(2, 2, (a, b) => arith(a, b, (x, y) => x * y, (x, y) => x * y))],
  ['/', f(2, 2, (a, b) => finite(toFloat(a) / toFloat(divisor(b))))],
  ['div', f(2, 2, (a, b) => intOp(a, divisor(b), (x, y) => x / y))],
  ['rem', f(2, 2, (a, b) => intOp(a, divisor(b), (x, y) => x % y))],
  ['band', f(2, 2, (a, b) => intOp(a, b, (x, y) => x & y))],
  ['bor', f(2, 2, (a, b) => intOp(a, b, (x, y) => x | y))],
  ['bxor', f(2, 2, (a, b) => intOp(a, b, (x, y) => x ^ y))],
  ['bsl', f(2, 2, (a, b) => intOp(a, b, (x, y) => x << y))],
  ['bsr', f(2, 2, (a, b) => intOp(a, b, (x, y) => x >> y))],
  ['bnot', f(1, 1, (a) => back(~big(int(a)), a, a))],
  ['abs', f(1, 1, (a) => { const n = num(a); return n < 0 ? -n : n; })],
  ['float', f(1, 1, toFloat)],
  ['round', f(1, 1, (a) => toInt(a, roundAway))],
  ['trunc', f(1, 1, (a) => toInt(a, Math.trunc))],
  ['floor', f(1, 1, (a) => toInt(a, Math.floor))],
  ['ceil', f(1, 1, (a) => toInt(a, Math.ceil))],
  ['min', f(2, 2, (a, b) => (termCompare(a, b) <= 0 ? a : b))],
  ['max', f(2, 2, (a, b) => (termCompare(a, b) >= 0 ? a : b))],
  ['element', f(2, 2, elementOf)],
  ['hd', f(1, 1, (l) => { const a = arr(l); return a.length > 0 ? a[0] : fail(); })],
  ['tl', f(1, 1, (l) => { const a = arr(l); return a.length > 0 ? a.slice(1) : fail(); })],
  ['length', f(1, 1, (l) => arr(l).length)],
  ['tuple_size', f(1, 1, (t) => arr(t).length)],
  ['size', f(1, 1, (t) => (t instanceof Uint8Array ? t.length : arr(t).length))],
  ['byte_size', f(1, 1, (t) => binary(t).length)],
  ['bit_size', f(1, 1, (t) => binary(t).length * 8)],
  ['binary_part', f(2, 3, (...a) => (a.length === 2 ? binaryPart(a[0], ...pair(a[1])) : binaryPart(a[0], a[1], a[2])))],
  ['map_size', f(1, 1, (m) => (m instanceof Map ? m.size : isPlainMap(m) ? Object.keys(m).length : fail()))],
  ['map_get', f(2, 2, mapGet)],
  ['self', f(0, 0, () => ctx.proc?.pid ?? fail())],
  ['node', f(0, 1, (...a) => (a.length === 0 ? (ctx.rt?.node ?? fail()) : nodeOf(a[0])))],
]);
