/**
 * ETS, the public face: the `ets` object, which gathers OTP's `ets` functions from the files
 * beside this one, and the types that go with it.
 */
import { del, deleteAllObjects, deleteObject, insert, insertMany, insertNew, insertNewMany, lookup, lookupElement, member, newTable, tab2list, take } from './ets.js';
import { safeFixtable } from './fixation.js';
import { all, info, rename, whereis } from './info.js';
import { giveAway, setopts } from './ownership.js';
import { match, matchDelete, matchObject, select, selectCount, selectDelete, selectReplace } from './select.js';
import { first, foldl, foldr, last, next, prev } from './traverse.js';
import { updateCounter, updateElement } from './update.js';

/**
 * ETS: in-memory tables owned by processes. `ets` is one object whose properties are OTP's
 * function names in camelCase (`new` is a property name, so the module is an object).
 *
 * Calls are plain (non-yielding) and atomic within the caller's step. Inside a process a bad
 * argument or a missing right raises `error(badarg)`; from test code outside any process
 * (`sim.inspect(() => …)`) the caller has the rights of a non-owner and a bad call throws a
 * typed `BadArgumentError` naming the argument (see registry.ts). Keys: `set`/`bag` compare
 * exactly (`1` and `1n` differ), `ordered_set` by the term order (`1` and `1n` are one key,
 * like OTP's `1` and `1.0`).
 *
 * @example
 * ```ts
 * const t = ets.new('users', ['set', 'public']);
 * ets.insert(t, ['alice', 42]);
 * ets.lookup(t, 'alice'); // [['alice', 42]]
 * ets.select(t, [[['$1', '$2'], [['>', '$2', 30]], ['$1']]]); // ['alice']
 * ```
 */
export const ets = {
  new: newTable,
  delete: del,
  insert,
  insertMany,
  insertNew,
  insertNewMany,
  lookup,
  lookupElement,
  member,
  deleteObject,
  deleteAllObjects,
  take,
  updateCounter,
  updateElement,
  first,
  next,
  last,
  prev,
  foldl,
  foldr,
  tab2list,
  match,
  matchObject,
  matchDelete,
  select,
  selectCount,
  selectDelete,
  selectReplace,
  info,
  rename,
  whereis,
  all,
  setopts,
  giveAway,
  safeFixtable,
} as const;

export type { EtsOption, Tab, TableType, Protection } from './table.js';
export type { MatchSpec, MatchClause } from './match-spec.js';
export type { Continuation, SelectChunk } from './chunks.js';
export type { CounterOp, ElementChange } from './update.js';
export type { InfoItem } from './info.js';
