/**
 * The ETS API: creating and deleting tables, and the single-key operations (ETS-1..11, 20).
 *
 * Every call is a plain (non-yielding) call, atomic within the calling process's step
 * (ETS-22). Objects are tuples (arrays) with the key at `keypos` (1-based, as in OTP); they
 * are copied in and out (ETS-20). `insert` takes one object and `insertMany` a list, since a
 * tuple and a list are both arrays here (likewise `insertNew` / `insertNewMany`).
 */
import { badarg, currentProc, currentRuntime } from '../core/guard.js';
import { copyArray, copyTerm } from './copy.js';
import { checkHeir } from './ownership.js';
import { currentNode, destroy, indexAdd, readable, writable } from './registry.js';
import type { Obj } from './storage/storage.js';
import { parseOptions, Table, type EtsOption, type Tab } from './table.js';

/**
 * Creates a table owned by the caller (ETS-1, ETS-2). Returns its tid, or `name` with
 * `named_table`. `badarg` for bad options or a name already taken by a named table.
 * @example const t = ets.new('cache', ['set', 'public']); ets.insert(t, ['k', 1]);
 */
export function newTable(name: string, options: readonly EtsOption[] = []): Tab {
  const p = currentProc('ets.new');
  const rt = currentRuntime('ets.new');
  if (typeof name !== 'string') return badarg('ets.new', 'name', name, 'an atom (string)');
  const o = parseOptions(options);
  if (typeof o === 'string') return badarg('ets.new', 'options', options, `valid options (bad: ${o})`);
  o.heir = checkHeir('ets.new', rt, o.heir);
  if (o.heir === 'none') o.heirData = undefined;
  else o.heirData = copyTerm(o.heirData);
  const node = currentNode('ets.new');
  if (o.named && node.names.has(name)) return badarg('ets.new', 'name', name, 'a name not taken by a named table');
  const t = new Table(rt, rt.makeRef(), name, p.pid, o);
  node.tables.set(t.tid, t);
  if (o.named) node.names.set(name, t);
  indexAdd(node.owned, p.pid, t);
  return t.handle;
}

/**
 * `delete(T)` destroys the table (ETS-11); `delete(T, Key)` removes the objects with `Key`,
 * `true` even when there are none (ETS-10). Both need write access.
 * @example ets.delete(t, 'k'); ets.delete(t);
 */
export function del(tab: Tab, ...key: [] | [unknown]): true {
  const t = writable('ets.delete', tab);
  if (key.length === 0) destroy(currentNode('ets.delete'), t);
  else t.store.deleteKey(key[0]);
  return true;
}

function checkObject(fn: string, t: Table, obj: unknown): Obj {
  if (!Array.isArray(obj) || obj.length < t.keypos) return badarg(fn, 'object', obj, `a tuple of at least ${t.keypos} elements`);
  return obj;
}

function checkObjects(fn: string, t: Table, objs: unknown): Obj[] {
  if (!Array.isArray(objs)) return badarg(fn, 'objects', objs, 'a list of tuples');
  for (const o of objs) checkObject(fn, t, o);
  return objs as Obj[];
}

/**
 * Inserts one object (ETS-3..7): a `set` replaces the object with the same key, a `bag` adds
 * it unless an identical one is there, a `duplicate_bag` always adds it.
 * @example ets.insert(t, ['alice', 42])
 */
export function insert(tab: Tab, obj: readonly unknown[]): true {
  const t = writable('ets.insert', tab);
  t.store.insert(checkObject('ets.insert', t, obj));
  return true;
}

/**
 * Inserts a list of objects, all or none (ETS-6): every object is checked first. In a set
 * two objects with the same key leave the later one (the list is inserted head to tail).
 * @example ets.insertMany(t, [['a', 1], ['b', 2]])
 */
export function insertMany(tab: Tab, objs: readonly (readonly unknown[])[]): true {
  const t = writable('ets.insertMany', tab);
  for (const o of checkObjects('ets.insertMany', t, objs)) t.store.insert(o);
  return true;
}

/**
 * Inserts the object unless its key is present; returns whether it did (ETS-8).
 * @example if (!ets.insertNew(t, ['lock', self()])) { ... }
 */
export function insertNew(tab: Tab, obj: readonly unknown[]): boolean {
  const t = writable('ets.insertNew', tab);
  const o = checkObject('ets.insertNew', t, obj);
  if (t.store.has(t.keyOf(o))) return false;
  t.store.insert(o);
  return true;
}

/**
 * Inserts the list unless any of its keys is present (then inserts nothing, returns false).
 * @example ets.insertNewMany(t, [['a', 1], ['b', 2]])
 */
export function insertNewMany(tab: Tab, objs: readonly (readonly unknown[])[]): boolean {
  const t = writable('ets.insertNewMany', tab);
  const list = checkObjects('ets.insertNewMany', t, objs);
  for (const o of list) if (t.store.has(t.keyOf(o))) return false;
  for (const o of list) t.store.insert(o);
  return true;
}

/**
 * The objects with `key` (copies), in insertion order for bags (ETS-9).
 * @example const [[, age]] = ets.lookup(t, 'alice')
 */
export function lookup(tab: Tab, key: unknown): unknown[][] {
  const t = readable('ets.lookup', tab);
  if (t.setLike) {
    const o = t.store.copyOf(key);
    return o === undefined ? [] : [o];
  }
  const objs = t.store.get(key);
  return objs === undefined ? [] : objs.map(copyArray);
}

/**
 * Element `pos` of the object with `key` (a list of them for bags) (ETS-9). `badarg` when the
 * key is missing, unless a default is given, and when an object is shorter than `pos`.
 * @example ets.lookupElement(t, 'alice', 2) // 42
 * @example ets.lookupElement(t, 'nobody', 2, 0) // 0
 */
export function lookupElement(tab: Tab, key: unknown, pos: number, ...dflt: [] | [unknown]): unknown {
  const t = readable('ets.lookupElement', tab);
  if (typeof pos !== 'number' || !Number.isInteger(pos) || pos < 1) return badarg('ets.lookupElement', 'pos', pos, 'a positive integer');
  const objs = t.store.get(key);
  if (objs === undefined) return dflt.length === 1 ? dflt[0] : badarg('ets.lookupElement', 'key', key, 'a key present in the table');
  for (const o of objs) if (o.length < pos) return badarg('ets.lookupElement', 'pos', pos, `at most the object size ${o.length}`);
  if (t.setLike) return copyTerm(objs[0]![pos - 1]);
  return objs.map((o) => copyTerm(o[pos - 1]));
}

/** True when an object with `key` is stored (ETS-10). @example ets.member(t, 'alice') */
export function member(tab: Tab, key: unknown): boolean {
  return readable('ets.member', tab).store.has(key);
}

/**
 * Removes the objects exactly equal to `obj`; every copy in a duplicate_bag (ETS-10).
 * @example ets.deleteObject(t, ['alice', 42])
 */
export function deleteObject(tab: Tab, obj: readonly unknown[]): true {
  const t = writable('ets.deleteObject', tab);
  t.store.deleteObject(checkObject('ets.deleteObject', t, obj));
  return true;
}

/** Empties the table (ETS-10). @example ets.deleteAllObjects(t) */
export function deleteAllObjects(tab: Tab): true {
  writable('ets.deleteAllObjects', tab).store.clear();
  return true;
}

/** Removes and returns the objects with `key` (ETS-10). @example const [obj] = ets.take(t, 'job') */
export function take(tab: Tab, key: unknown): unknown[][] {
  const objs = writable('ets.take', tab).store.deleteKey(key);
  return objs === undefined ? [] : objs.map(copyArray);
}

/** Every object, in table order (see the storages). @example ets.tab2list(t) */
export function tab2list(tab: Tab): unknown[][] {
  return readable('ets.tab2list', tab).store.toArray().map(copyArray);
}
