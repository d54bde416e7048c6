/**
 * How a `set` or `ordered_set` stores one object: the commonest ETS object, a pair of
 * immutable terms (`[Key, Value]`, or `[Value, Key]` with keypos 2), is stored as its value
 * alone under its key ("packed"); any other object is stored as the table's own copy
 * (ETS-20, ../copy.ts).
 *
 * A packed pair costs no allocation on insert, and whoever reads it gets a fresh tuple built
 * from the key and the value, so nothing a user holds ever aliases the table: mutating what
 * was inserted or what a lookup returned cannot change the table, exactly as with copies.
 * Immutable terms are primitives (numbers, strings, bigints, booleans, null, symbols),
 * functions (kept by identity, as `copyTerm` keeps them), pids and refs. `undefined` is never
 * packed, so a stored value is never `undefined` (storages use that to mean "absent"), and a
 * packed value is never an array, so `Array.isArray` tells the two forms apart.
 */
import { Pid, Ref } from '../../core/pid.js';
import { copyArray } from '../copy.js';
import type { Obj } from './storage.js';

/** True for a term no one can mutate: primitives, functions, pids and refs. */
export function isImmutable(x: unknown): boolean {
  return typeof x !== 'object' || x === null || x instanceof Pid || x instanceof Ref;
}

/**
 * What to store for `obj` (`kp` = keypos - 1): its value alone when `obj` is a pair whose
 * key may be packed (the caller decides: the key must be immutable and recoverable) and whose
 * value is immutable and not `undefined`; else a copy of `obj`, or `obj` itself when the
 * caller hands over an object it owns.
 */
export function toStored(obj: Obj, kp: number, keyPackable: boolean, owned: boolean): unknown {
  if (obj.length === 2 && keyPackable) {
    const v = obj[1 - kp];
    if (v !== undefined && isImmutable(v)) return v;
  }
  return owned ? obj : copyArray(obj);
}

/** The object stored as `s` under `key`: the stored copy itself, or the unpacked pair. */
export function fromStored(s: unknown, key: unknown, kp: number): Obj {
  if (Array.isArray(s)) return s;
  return kp === 0 ? [key, s] : [s, key];
}

/** A copy, the caller's to keep, of the object stored as `s` under `key`. */
export function copyOfStored(s: unknown, key: unknown, kp: number): unknown[] {
  if (Array.isArray(s)) return copyArray(s);
  return kp === 0 ? [key, s] : [s, key];
}
