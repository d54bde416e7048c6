/**
 * Matching and selection over a table (ETS-19): `match`, `matchObject`, `matchDelete`,
 * `select` (whole, or in chunks with a continuation), `selectCount`, `selectDelete` and
 * `selectReplace`. Patterns and specifications are described in match-spec.ts.
 *
 * Results come in table order (term order for `ordered_set`). When the one clause's head
 * fixes the key with a ground term, only that key is looked up instead of scanning; in an
 * `ordered_set`, a head fixing the leading elements of a tuple key scans that key range only. Results
 * are copies (ETS-20). A traversal is not a snapshot (ETS-22) but runs within one process
 * step, so nothing else can change the table meanwhile; a `select` continuation resumes
 * after the key where the chunk stopped (hash tables: `badarg` if that key was deleted since,
 * unless the table is fixed, as with `next`).
 */
import { badarg } from '../core/guard.js';
import { termEquals } from '../core/term.js';
import { copyArray, copyTerm } from './copy.js';
import { firstChunk, nextChunk, rangeOf, type Continuation, type SelectChunk } from './chunks.js';
import { boundKey, compilePattern, compileSpec, MatchSpecError, NO_MATCH, type CompiledSpec, type MatchSpec } from './match-spec.js';
import { specKeepsKey } from './keeps-key.js';
import { readable, writable } from './registry.js';
import type { END, Obj } from './storage/storage.js';
import type { Tab, Table } from './table.js';

function compile(fn: string, spec: unknown): CompiledSpec {
  try {
    return compileSpec(spec);
  } catch (e) {
    if (e instanceof MatchSpecError) return badarg(fn, 'matchSpec', spec, `a valid match specification (${e.message})`);
    throw e;
  }
}

/**
 * Visits each object that may match, in table order: only the objects of the key when the
 * one clause's head fixes it, only the key range when it fixes a prefix of a tuple key in an
 * `ordered_set` (storage/key-range.ts), else every object.
 */
function candidates(t: Table, spec: CompiledSpec, visit: (o: Obj) => void): void {
  const bk = boundKey(spec.source, t.keypos);
  if (bk !== null) {
    const objs = t.store.get(bk.key);
    if (objs !== undefined) for (const o of objs.slice()) visit(o);
    return;
  }
  const range = rangeOf(t, spec);
  if (range !== null) t.store.forEachInRange!(range, visit);
  else t.store.forEach(visit);
}

/** @internal For tests: how many objects a match with `spec` visits in table `tab`. */
export function countCandidates(tab: Tab, spec: MatchSpec): number {
  let n = 0;
  candidates(readable('ets.select', tab), compile('ets.select', spec), () => n++);
  return n;
}

function collect(t: Table, spec: CompiledSpec): unknown[] {
  const out: unknown[] = [];
  candidates(t, spec, (o) => {
    const r = spec.run(o);
    if (r !== NO_MATCH) out.push(copyTerm(r));
  });
  return out;
}

function deleteWhere(t: Table, spec: CompiledSpec): number {
  const doomed: Obj[] = [];
  candidates(t, spec, (o) => {
    if (spec.run(o) === true) doomed.push(o);
  });
  for (const o of doomed) t.store.deleteObject(o);
  return doomed.length;
}

/** `match` and `matchObject`: all results, or chunks as `select` gives them. */
function matchWith(fn: string, result: '$$' | '$_', args: unknown[]): unknown {
  if (args.length === 1) return nextChunk(fn, args[0]);
  const [tab, pattern, limit] = args as [Tab, unknown, unknown];
  const t = readable(fn, tab);
  const spec = compilePattern(pattern, result);
  return args.length === 2 ? collect(t, spec) : firstChunk(fn, tab, t, spec, limit);
}

/**
 * For each match of `pattern`, the list of its variables' values in variable order. With a
 * `limit`, the first chunk `[results, continuation]` (or `'$end_of_table'`), and
 * `match(continuation)` the next one, as `select` does.
 * @example ets.match(t, ['$1', 'admin', '_']) // [['alice'], ['bob']]
 * @example const [some, cont] = ets.match(t, ['$1', '_'], 10) as SelectChunk // (type SelectChunk from 'dfsweo')
 */
export function match(tab: Tab, pattern: unknown): unknown[][];
export function match(tab: Tab, pattern: unknown, limit: number): SelectChunk | typeof END;
export function match(cont: Continuation | typeof END): SelectChunk | typeof END;
export function match(...args: unknown[]): unknown {
  return matchWith('ets.match', '$$', args);
}

/**
 * The objects matching `pattern`; with a `limit`, in chunks as `match` gives them.
 * @example ets.matchObject(t, ['_', 'admin', '_'])
 */
export function matchObject(tab: Tab, pattern: unknown): unknown[][];
export function matchObject(tab: Tab, pattern: unknown, limit: number): SelectChunk | typeof END;
export function matchObject(cont: Continuation | typeof END): SelectChunk | typeof END;
export function matchObject(...args: unknown[]): unknown {
  return matchWith('ets.matchObject', '$_', args);
}

/** Deletes the objects matching `pattern`; `true`. @example ets.matchDelete(t, ['_', 'guest', '_']) */
export function matchDelete(tab: Tab, pattern: unknown): true {
  deleteWhere(writable('ets.matchDelete', tab), compilePattern(pattern, true));
  return true;
}

/**
 * The results of the match specification for every object, in table order. With a `limit`,
 * the first chunk `[results, continuation]` (or `'$end_of_table'`); `select(continuation)`
 * gives the next one.
 * @example ets.select(t, [[['$1', '$2'], [['>', '$2', 30]], ['$1']]])
 * @example let c = ets.select(t, spec, 100); while (c !== '$end_of_table') { use(c[0]); c = ets.select(c[1]); }
 */
export function select(tab: Tab, spec: MatchSpec): unknown[];
export function select(tab: Tab, spec: MatchSpec, limit: number): SelectChunk | typeof END;
export function select(cont: Continuation | typeof END): SelectChunk | typeof END;
export function select(...args: unknown[]): unknown {
  if (args.length === 1) return nextChunk('ets.select', args[0]);
  const [tab, spec, limit] = args as [Tab, unknown, unknown];
  const t = readable('ets.select', tab);
  const s = compile('ets.select', spec);
  return args.length === 2 ? collect(t, s) : firstChunk('ets.select', tab, t, s, limit);
}

/** How many objects the specification returns `true` for. @example ets.selectCount(t, [[['_', '$1'], [['>', '$1', 3]], [true]]]) */
export function selectCount(tab: Tab, spec: MatchSpec): number {
  const t = readable('ets.selectCount', tab);
  const s = compile('ets.selectCount', spec);
  let n = 0;
  candidates(t, s, (o) => {
    if (s.run(o) === true) n++;
  });
  return n;
}

/** Deletes the objects the specification returns `true` for; returns how many. @example ets.selectDelete(t, [[['_', '$1'], [['<', '$1', 0]], [true]]]) */
export function selectDelete(tab: Tab, spec: MatchSpec): number {
  return deleteWhere(writable('ets.selectDelete', tab), compile('ets.selectDelete', spec));
}

/**
 * Replaces each matching object by the specification's result; not for bags (ETS-19). Every
 * clause must be guaranteed to keep the key, judged from the specification alone as OTP does
 * (keeps-key.ts: the body rebuilds the head's key, or is `'$_'`), else `badarg` and nothing
 * changes, even when nothing would match. Returns the number of objects replaced.
 * @example ets.selectReplace(t, [[['$1', '$2'], [], [['$1', ['+', '$2', 1]]]]])
 */
export function selectReplace(tab: Tab, spec: MatchSpec): number {
  const fn = 'ets.selectReplace';
  const t = writable(fn, tab);
  if (!t.setLike) return badarg(fn, 'table', tab, 'a set or ordered_set');
  const s = compile(fn, spec);
  // Checked on the specification itself, before any object is looked at (OTP's db_match_keeps_key).
  if (!specKeepsKey(t.keypos, s.source)) return badarg(fn, 'matchSpec', spec, 'a specification guaranteed to keep the key (keeps-key.ts)');
  const replacements: unknown[][] = [];
  candidates(t, s, (o) => {
    const r = s.run(o);
    if (r === NO_MATCH) return;
    if (!Array.isArray(r) || r.length < t.keypos || !termEquals(r[t.keypos - 1], t.keyOf(o))) {
      badarg(fn, 'matchSpec', spec, 'a specification whose results keep the key');
    }
    replacements.push(copyArray(r));
  });
  for (const r of replacements) t.store.insert(r, true);
  return replacements.length;
}
