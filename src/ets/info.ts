/**
 * Table metadata and names: `info`, `rename`, `whereis`, `all` (ETS-21).
 */
import { badarg, currentRuntime } from '../core/guard.js';
import { Ref } from '../core/pid.js';
import { safeFixedInfo } from './fixation.js';
import { currentNode, findTable, writable } from './registry.js';
import { effectiveDecentralizedCounters, type Tab, type Table } from './table.js';

/** The items `info` knows, in the order `info(T)` lists them (OTP's order). */
export const INFO_ITEMS = [
  'id', 'decentralized_counters', 'read_concurrency', 'write_concurrency', 'compressed', 'memory', 'owner', 'heir',
  'name', 'size', 'node', 'named_table', 'type', 'keypos', 'protection',
] as const;
/** The items only `info(T, Item)` gives (OTP's `info/2` extras). */
const EXTRA_ITEMS: readonly string[] = ['binary', 'fixed', 'safe_fixed', 'safe_fixed_monotonic_time', 'stats'];
export type InfoItem = (typeof INFO_ITEMS)[number] | 'binary' | 'fixed' | 'safe_fixed' | 'safe_fixed_monotonic_time' | 'stats';

/** Words the table would take: one per object plus one per element (an estimate). */
function memoryWords(t: Table): number {
  let words = 0;
  t.store.forEach((o) => {
    words += 1 + o.length;
  });
  return words;
}

/**
 * The binaries the table keeps, as `[[Id, Size, RefCount], …]` like OTP's. Binaries are not
 * shared between objects here (each stored object has its own copy), so `Id` is a binary's
 * ordinal in table order and `RefCount` is 1.
 */
function binaries(t: Table): [number, number, number][] {
  const out: [number, number, number][] = [];
  const walk = (x: unknown): void => {
    if (x instanceof Uint8Array) out.push([out.length + 1, x.byteLength, 1]);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x instanceof Map) x.forEach((v, k) => (walk(k), walk(v)));
    else if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(walk);
  };
  t.store.forEach(walk);
  return out;
}

function item(t: Table, it: InfoItem): unknown {
  switch (it) {
    case 'id': return t.tid;
    case 'decentralized_counters': return effectiveDecentralizedCounters(t.options);
    case 'read_concurrency': return t.options.readConcurrency;
    case 'write_concurrency': return t.options.writeConcurrency;
    case 'compressed': return t.options.compressed;
    case 'memory': return memoryWords(t);
    case 'owner': return t.owner;
    case 'heir': return t.heir;
    case 'name': return t.name;
    case 'size': return t.store.size;
    case 'node': return currentRuntime('ets.info').node;
    case 'named_table': return t.named;
    case 'type': return t.type;
    case 'keypos': return t.keypos;
    case 'protection': return t.protection;
    case 'fixed': return t.fixations !== null;
    case 'safe_fixed': return safeFixedInfo(t, false);
    case 'safe_fixed_monotonic_time': return safeFixedInfo(t, true);
    case 'binary': return binaries(t);
    case 'stats': return t.store.stats?.() ?? false;
  }
}

/**
 * Information about a table, for anyone (no access right needed): `info(T)` lists
 * `[item, value]` pairs, `info(T, item)` gives one value. `'undefined'` when the table is dead
 * or unknown (whatever the item); `badarg` for a term that cannot name a table, or an unknown
 * item of a live table.
 * @example ets.info(t, 'size')
 */
export function info(tab: Tab): [string, unknown][] | 'undefined';
export function info(tab: Tab, what: InfoItem): unknown;
export function info(tab: Tab, ...what: [] | [InfoItem]): unknown {
  if (!(tab instanceof Ref) && typeof tab !== 'string') return badarg('ets.info', 'table', tab, 'a tid or a table name');
  const t = findTable(currentNode('ets.info'), tab);
  // A dead or unknown table is 'undefined' whatever the item, even an unknown one (OTP 25).
  if (t === undefined) return 'undefined';
  if (what.length === 0) return INFO_ITEMS.map((it) => [it, item(t, it)] as [string, unknown]);
  const it = what[0];
  if (typeof it !== 'string' || (!(INFO_ITEMS as readonly string[]).includes(it) && !EXTRA_ITEMS.includes(it))) {
    return badarg('ets.info', 'item', it, 'an info item');
  }
  return item(t, it as InfoItem);
}

/**
 * Renames a table and returns how to name it from now on: a named table is reachable under
 * `name` only (`badarg` if a named table has it, even this one) and `name` is returned; on an
 * unnamed table only `info(T, 'name')` changes and its tid is returned (ets_SUITE:rename_unnamed).
 * @example ets.rename('old', 'new') // 'new'
 */
export function rename(tab: Tab, name: string): Tab {
  const t = writable('ets.rename', tab);
  if (typeof name !== 'string') return badarg('ets.rename', 'name', name, 'an atom (string)');
  if (!t.named) {
    t.name = name;
    return t.tid;
  }
  const node = currentNode('ets.rename');
  // Taken by any named table, this one included: OTP inserts the new name before it removes the old.
  if (node.names.has(name)) return badarg('ets.rename', 'name', name, 'a name not taken by a named table (its own included)');
  node.names.delete(t.name);
  t.name = name;
  node.names.set(name, t);
  return name;
}

/** The tid of the named table `name`, or `'undefined'`. @example ets.whereis('users') */
export function whereis(name: string): Ref | 'undefined' {
  if (typeof name !== 'string') return badarg('ets.whereis', 'name', name, 'an atom (string)');
  return currentNode('ets.whereis').names.get(name)?.tid ?? 'undefined';
}

/** Every table of this node (names for named tables, else tids), in creation order. @example ets.all() */
export function all(): Tab[] {
  return [...currentNode('ets.all').tables.values()].map((t) => t.handle);
}
