/**
 * In-place updates of `set` and `ordered_set` objects: `updateCounter` (ETS-15) and
 * `updateElement` (ETS-16). All operations of one call are checked before anything changes,
 * so a call either applies every operation or raises `badarg` and changes nothing.
 *
 * Since tuples and lists are both arrays, one operation and a list of them are told apart by
 * shape: an operation starts with a position number (`[2, 1]`, `[2, 1, 10, 0]`), a list is an
 * array of arrays (`[[2, 1], [3, -1]]`); `updateCounter` also takes a bare increment.
 *
 * Integers are `number`s or `bigint`s: a sum of two `number`s stays a `number` while it is a
 * safe integer and becomes a `bigint` beyond; a sum with a `bigint` is a `bigint`.
 */
import { badarg } from '../core/guard.js';
import { copyArray, copyTerm } from './copy.js';
import { writable } from './registry.js';
import type { Tab, Table } from './table.js';

type Int = number | bigint;
/** `[Pos, Incr]` or `[Pos, Incr, Threshold, SetValue]`. */
export type CounterOp = readonly [number, Int] | readonly [number, Int, Int, Int];

const isInt = (x: unknown): x is Int => (typeof x === 'number' && Number.isInteger(x)) || typeof x === 'bigint';

function add(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return Number.isSafeInteger(r) ? r : BigInt(a) + BigInt(b);
  }
  return BigInt(a) + BigInt(b);
}

function checkPos(fn: string, t: Table, obj: readonly unknown[], pos: unknown): number {
  if (typeof pos !== 'number' || !Number.isInteger(pos) || pos < 1 || pos > obj.length || pos === t.keypos) {
    return badarg(fn, 'pos', pos, `a position in 1..${obj.length} other than the key position ${t.keypos}`);
  }
  return pos;
}

function applyCounter(t: Table, obj: unknown[], op: readonly unknown[]): Int {
  const fn = 'ets.updateCounter';
  if (op.length !== 2 && op.length !== 4) return badarg(fn, 'op', op, '[Pos, Incr] or [Pos, Incr, Threshold, SetValue]');
  const pos = checkPos(fn, t, obj, op[0]);
  const [, incr, threshold, setValue] = op;
  const cur = obj[pos - 1];
  if (!isInt(cur)) return badarg(fn, 'pos', pos, 'the position of an integer field');
  if (!isInt(incr)) return badarg(fn, 'op', op, 'an integer increment');
  if (op.length === 4 && (!isInt(threshold) || !isInt(setValue))) return badarg(fn, 'op', op, 'integer threshold and set value');
  let v = add(cur, incr);
  if (op.length === 4) {
    // OTP: an increment >= 0 (zero included) resets when the result is above the threshold,
    // a negative one when it is below.
    if ((incr >= 0 && v > (threshold as Int)) || (incr < 0 && v < (threshold as Int))) v = setValue as Int;
  }
  obj[pos - 1] = v;
  return v;
}

function counterOps(t: Table, op: unknown): { ops: readonly (readonly unknown[])[]; list: boolean } {
  if (isInt(op)) return { ops: [[defaultCounterPos(t), op]], list: false };
  if (Array.isArray(op) && op.every((x) => Array.isArray(x))) return { ops: op as unknown[][], list: true };
  if (Array.isArray(op)) return { ops: [op], list: false };
  return badarg('ets.updateCounter', 'op', op, 'an increment, an update operation or a list of them');
}

/**
 * A copy of the object with `key` to update; else a copy of the default object with its key
 * set to `key`; else undefined. `badarg` for a default that is not a tuple holding the key.
 */
function currentOrDefault(fn: string, t: Table, key: unknown, dflt: [] | [readonly unknown[]]): unknown[] | undefined {
  // OTP checks that a default is a tuple even when the key exists (any size will do then).
  if (dflt.length !== 0 && !Array.isArray(dflt[0])) return badarg(fn, 'default', dflt[0], 'a tuple');
  const stored = t.store.copyOf(key);
  if (stored !== undefined) return stored;
  if (dflt.length === 0) return undefined;
  const d = dflt[0];
  if (!Array.isArray(d) || d.length < t.keypos) return badarg(fn, 'default', d, `a tuple of at least ${t.keypos} elements`);
  const obj = copyArray(d);
  obj[t.keypos - 1] = copyTerm(key);
  return obj;
}

/** A bare increment updates the element after the key (OTP: keypos + 1). */
function defaultCounterPos(t: Table): number {
  return t.keypos + 1;
}

/**
 * Updates counters in the object with `key` and returns the new value (or the list of new
 * values for a list of operations) (ETS-15). With a default object, a missing key first
 * inserts the default with its key element set to `key`. `badarg` for a missing key without
 * default, a non-integer field or increment, the key position, or a bag.
 * @example ets.updateCounter(t, 'hits', 1)
 * @example ets.updateCounter(t, 'hits', [[2, 1], [3, -1, 0, 0]], ['hits', 0, 10])
 */
export function updateCounter(tab: Tab, key: unknown, op: Int | CounterOp | readonly CounterOp[], ...dflt: [] | [readonly unknown[]]): Int | Int[] {
  const fn = 'ets.updateCounter';
  const t = writable(fn, tab);
  if (!t.setLike) return badarg(fn, 'table', tab, 'a set or ordered_set');
  const { ops, list } = counterOps(t, op);
  const obj = currentOrDefault(fn, t, key, dflt) ?? badarg(fn, 'key', key, 'a key present in the table (or a default object)');
  const results = ops.map((o) => applyCounter(t, obj, o));
  t.store.insert(obj, true);
  return list ? results : results[0]!;
}

/** `[Pos, Value]`. */
export type ElementChange = readonly [number, unknown];

/**
 * Sets elements of the object with `key`: `true`, or `false` when the key is missing
 * (ETS-16), decided before the change is looked at (as OTP). With a default object (OTP 27's
 * `update_element/4`), a missing key first inserts the default with its key element set to
 * `key`. `badarg` for the key position, a position past the object, or a bag.
 * @example ets.updateElement(t, 'alice', [2, 43])
 * @example ets.updateElement(t, 'alice', [[2, 43], [3, 'admin']], ['alice', 0, 'user'])
 */
export function updateElement(tab: Tab, key: unknown, change: ElementChange | readonly ElementChange[], ...dflt: [] | [readonly unknown[]]): boolean {
  const fn = 'ets.updateElement';
  const t = writable(fn, tab);
  if (!t.setLike) return badarg(fn, 'table', tab, 'a set or ordered_set');
  // OTP looks the key up first: a missing key is `false` whatever the change looks like.
  if (dflt.length === 0 && !t.store.has(key)) return false;
  if (!Array.isArray(change)) return badarg(fn, 'change', change, '[Pos, Value] or a list of them');
  const changes = (change.length > 0 && typeof change[0] === 'number' ? [change] : change) as readonly unknown[];
  for (const c of changes) if (!Array.isArray(c) || c.length !== 2) return badarg(fn, 'change', c, '[Pos, Value]');
  const obj = currentOrDefault(fn, t, key, dflt);
  if (obj === undefined) return false;
  for (const c of changes as ElementChange[]) checkPos(fn, t, obj, c[0]);
  for (const [pos, value] of changes as ElementChange[]) obj[pos - 1] = copyTerm(value);
  t.store.insert(obj, true);
  return true;
}
