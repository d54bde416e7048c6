/**
 * Key traversal and folds (ETS-17). Tables end with `'$end_of_table'`.
 *
 * Order: `ordered_set` follows the term order, and `next`/`prev` continue from any key, stored
 * or not. Hash tables (`set`, `bag`, `duplicate_bag`) follow the order in which keys were first
 * inserted (deterministic; OTP leaves it unspecified); `last` is `first` and `prev` is `next`
 * there, as in OTP, and `next` from a key that is no longer stored raises `badarg` unless the
 * table is fixed with `safeFixtable`, in which case it continues where that key was.
 */
import { badarg } from '../core/guard.js';
import { copyArray, copyTerm } from './copy.js';
import { readable } from './registry.js';
import { MISSING } from './storage/storage.js';
import type { Tab } from './table.js';

function step(fn: string, r: unknown, key: unknown): unknown {
  if (r === MISSING) return badarg(fn, 'key', key, 'a key stored in the table (or a fixed table)');
  return copyTerm(r);
}

/** The first key, or `'$end_of_table'`. @example for (let k = ets.first(t); k !== '$end_of_table'; k = ets.next(t, k)) … */
export function first(tab: Tab): unknown {
  return copyTerm(readable('ets.first', tab).store.firstKey());
}

/** The key after `key`, or `'$end_of_table'`. @example ets.next(t, k) */
export function next(tab: Tab, key: unknown): unknown {
  return step('ets.next', readable('ets.next', tab).store.nextKey(key), key);
}

/** The last key (`first` for hash tables), or `'$end_of_table'`. @example ets.last(t) */
export function last(tab: Tab): unknown {
  return copyTerm(readable('ets.last', tab).store.lastKey());
}

/** The key before `key` (`next` for hash tables), or `'$end_of_table'`. @example ets.prev(t, k) */
export function prev(tab: Tab, key: unknown): unknown {
  return step('ets.prev', readable('ets.prev', tab).store.prevKey(key), key);
}

/**
 * Folds `fn` over the objects in table order, starting from `acc`. It visits the objects
 * stored when the fold starts; `fn` is a plain function (it cannot block).
 * @example const total = ets.foldl(([, n], sum) => sum + (n as number), 0, t)
 */
export function foldl<A>(fn: (obj: unknown[], acc: A) => A, acc: A, tab: Tab): A {
  const objs = readable('ets.foldl', tab).store.toArray();
  if (typeof fn !== 'function') return badarg('ets.foldl', 'fn', fn, 'a function');
  for (let i = 0; i < objs.length; i++) acc = fn(copyArray(objs[i]!), acc);
  return acc;
}

/** Folds in reverse table order. @example ets.foldr((o, l) => [o, ...l], [], t) */
export function foldr<A>(fn: (obj: unknown[], acc: A) => A, acc: A, tab: Tab): A {
  const objs = readable('ets.foldr', tab).store.toArray();
  if (typeof fn !== 'function') return badarg('ets.foldr', 'fn', fn, 'a function');
  for (let i = objs.length - 1; i >= 0; i--) acc = fn(copyArray(objs[i]!), acc);
  return acc;
}
