/**
 * Matching in chunks (ETS-19): `select/3`, `match/3` and `matchObject/3` give the first
 * `limit` results and a continuation; `select/1`, `match/1` and `matchObject/1` give the next
 * chunk from it, until `'$end_of_table'`.
 *
 * A chunk walks the keys in table order from where the last one stopped: only the one key
 * when the spec's head fixes it (its objects from the last stored back, as OTP 25 walks a
 * bucket chain, ending with `'$end_of_table'` once they are used up), only the key range
 * when it fixes a prefix of an `ordered_set` tuple key (storage/key-range.ts), else the
 * whole table. The walk is not a
 * snapshot (ETS-22): a continuation resumes after the key where its chunk stopped, and on a
 * hash table that key must still be stored unless the table is fixed (as with `next`).
 */
import { badarg } from '../core/guard.js';
import { copyTerm } from './copy.js';
import { boundKey, isGround, NO_MATCH, type CompiledSpec } from './match-spec.js';
import { readable } from './registry.js';
import { compareToBound, KeyBound, keyPrefix } from './storage/key-range.js';
import { END, MISSING } from './storage/storage.js';
import type { Tab, Table } from './table.js';

/** A chunk of results and how to get the next one. */
export type SelectChunk = [unknown[], Continuation | typeof END];

/** Which keys a chunked walk visits: one key, a key range, or all. */
type Scope = { only: unknown } | { upTo: KeyBound } | null;

/**
 * Where a chunked match stopped. Opaque: pass it back to `select`, `match` or `matchObject`.
 *
 * @example
 * ```ts
 * let r = ets.select(t, spec, 100); // [results, continuation] or '$end_of_table'
 * while (r !== '$end_of_table') { use(r[0]); r = ets.select(r[1]); }
 * ```
 */
export class Continuation {
  constructor(
    readonly tab: Tab,
    readonly spec: CompiledSpec,
    readonly limit: number,
    readonly key: unknown,
    /** How many of `key`'s objects were done (for a fixed key: the index below which objects are left). */
    readonly skip: number,
    readonly scope: Scope,
  ) {}
}

/** The key range a match with `spec` can touch in `t`, when it is a range of an ordered_set. */
export function rangeOf(t: Table, spec: CompiledSpec): KeyBound | null {
  if (t.store.forEachInRange === undefined || spec.source.length !== 1) return null;
  return keyPrefix(spec.source[0]![0], t.keypos, isGround);
}

function outOfScope(scope: Scope, key: unknown): boolean {
  if (scope === null) return false;
  if ('only' in scope) return !Object.is(key, scope.only);
  return compareToBound(key, scope.upTo) > 0;
}

/**
 * A chunk of a match whose head fixes the key (OTP 25): the key's objects are taken from the
 * last stored backwards, each chunk in stored order, so a bag key's first chunk holds its last
 * `limit` matches; the chunk that takes the first object ends the walk (`'$end_of_table'` with
 * it, even when the chunk is exactly full). `below`: only objects before this index are left
 * (`Infinity` at first).
 */
function keyChunk(tab: Tab, t: Table, spec: CompiledSpec, limit: number, key: unknown, below: number, scope: Scope): SelectChunk | typeof END {
  const objs = t.store.get(key);
  const out: unknown[] = [];
  if (objs !== undefined) {
    for (let i = Math.min(below, objs.length) - 1; i >= 0; i--) {
      const r = spec.run(objs[i]!);
      if (r === NO_MATCH) continue;
      out.push(copyTerm(r));
      if (out.length === limit && i > 0) return [out.reverse(), new Continuation(tab, spec, limit, key, i, scope)];
    }
  }
  return out.length === 0 ? END : [out.reverse(), END];
}

function chunk(fn: string, tab: Tab, t: Table, spec: CompiledSpec, limit: number, start: unknown, skip: number, scope: Scope): SelectChunk | typeof END {
  if (scope !== null && 'only' in scope) return keyChunk(tab, t, spec, limit, start, skip, scope);
  const out: unknown[] = [];
  let key = start;
  while (key !== END && !outOfScope(scope, key)) {
    const objs = t.store.get(key);
    if (objs !== undefined) {
      for (let i = skip; i < objs.length; i++) {
        const r = spec.run(objs[i]!);
        if (r === NO_MATCH) continue;
        out.push(copyTerm(r));
        if (out.length === limit) return [out, new Continuation(tab, spec, limit, key, i + 1, scope)];
      }
    }
    skip = 0;
    const nextKey = t.store.nextKey(key);
    if (nextKey === MISSING) return badarg(fn, 'continuation', key, 'a continuation whose key is still stored (or a fixed table)');
    key = nextKey;
  }
  return out.length === 0 ? END : [out, END];
}

/** The first chunk of at most `limit` results of `spec` on `t`. */
export function firstChunk(fn: string, tab: Tab, t: Table, spec: CompiledSpec, limit: unknown): SelectChunk | typeof END {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) return badarg(fn, 'limit', limit, 'a positive integer');
  const bk = boundKey(spec.source, t.keypos);
  if (bk !== null) return keyChunk(tab, t, spec, limit, bk.key, Infinity, { only: bk.key });
  const range = rangeOf(t, spec);
  if (range === null) return chunk(fn, tab, t, spec, limit, t.store.firstKey(), 0, null);
  const upTo = new KeyBound(range.size, range.prefix, 1);
  return chunk(fn, tab, t, spec, limit, t.store.nextKey(range), 0, { upTo });
}

/** The chunk after the one that gave `cont`. */
export function nextChunk(fn: string, cont: unknown): SelectChunk | typeof END {
  if (cont === END) return END;
  if (!(cont instanceof Continuation)) return badarg(fn, 'continuation', cont, 'a continuation or $end_of_table');
  const t = readable(fn, cont.tab);
  return chunk(fn, cont.tab, t, cont.spec, cont.limit, cont.key, cont.skip, cont.scope);
}
