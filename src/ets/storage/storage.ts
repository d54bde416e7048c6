/**
 * The storage of one table, behind one interface for the four table types.
 *
 * Storages hold the table's own copies of the objects (see ../copy.ts): `insert` takes the
 * caller's object and stores a copy, or a packed form (packed.ts). The objects they hand out
 * (`get`, `getOne`, `forEach`, `toArray`, `deleteKey`) are their own, to be copied before they
 * reach a user; `copyOf` gives a copy directly. Nothing here checks access or validates
 * arguments: the API (../ets.ts) does that once, before calling in.
 * Keys are compared as the table type says: exact equality (`=:=`, through `termKey`) for
 * `set`, `bag` and `duplicate_bag`, the term order (`==`, through `termCompare`) for
 * `ordered_set`.
 */
import type { KeyBound } from './key-range.js';

/** An object as stored: a tuple (array) at least `keypos` long. */
export type Obj = readonly unknown[];

/** Returned by key traversal when there is no further key. */
export const END = '$end_of_table';

/** Returned by `nextKey`/`prevKey` when the given key is unknown and traversal cannot go on. */
export const MISSING: unique symbol = Symbol('ets.missing');

export interface Storage {
  /** Number of objects stored. */
  readonly size: number;
  /** The objects with `key`, in insertion order (the stored copies), or undefined. */
  get(key: unknown): readonly Obj[] | undefined;
  /** The first object with `key`, or undefined. */
  getOne(key: unknown): Obj | undefined;
  /** A copy of the first object with `key`, the caller's to keep, or undefined. */
  copyOf(key: unknown): unknown[] | undefined;
  /** True when an object with `key` is stored. */
  has(key: unknown): boolean;
  /**
   * Inserts (a copy of) one object with the table type's semantics (ETS-3..5). `owned`: the
   * caller hands over a fresh object no one else holds, which may be stored as it is.
   */
  insert(obj: Obj, owned?: boolean): void;
  /** Removes every object with `key`; returns them (or undefined when none). */
  deleteKey(key: unknown): readonly Obj[] | undefined;
  /** Removes every object exactly equal to `obj` (ETS-10). */
  deleteObject(obj: Obj): void;
  /** Removes everything. */
  clear(): void;
  /** The first key in table order, or {@link END}. */
  firstKey(): unknown;
  /** The key after `key`, {@link END}, or {@link MISSING} when `key` is unknown here. */
  nextKey(key: unknown): unknown;
  /** The last key (hash tables: same as `firstKey`). */
  lastKey(): unknown;
  /** The key before `key` (hash tables: same as `nextKey`). */
  prevKey(key: unknown): unknown;
  /** Visits every object in table order. */
  forEach(visit: (o: Obj) => void): void;
  /** Every object in table order. */
  toArray(): Obj[];
  /** Hash tables only: `info(T, 'stats')` (hash-storage.ts). */
  stats?(): unknown[];
  /** `ordered_set` only: visits the objects whose keys lie in the interval `low` starts (key-range.ts). */
  forEachInRange?(low: KeyBound, visit: (o: Obj) => void): void;
  /** Called when the table becomes fixed or unfixed (safe_fixtable, ETS-17/18). */
  setFixed(fixed: boolean): void;
}
