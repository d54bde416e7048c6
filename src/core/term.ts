/**
 * Terms: ordinary JS values read as Erlang terms.
 *
 * Tuples are arrays, atoms are strings, maps are plain objects or `Map`s, and `Pid`/`Ref`
 * are classes. This file gives the one structural equality (`=:=`), the one total order
 * (`==` for equal-comparing, `<` for sorting) and the one stable printer of the runtime.
 *
 * Numbers: `number` and `bigint` are both numbers in the term order and compare by value,
 * so `1` and `1n` compare equal (as Erlang's `1 == 1.0`), while exact equality keeps them
 * apart (as `1 =:= 1.0` is false). `-0` and `0` are equal, `NaN` equals itself.
 *
 * The type order follows Erlang's: number < atom < reference < fun < pid < tuple < map <
 * binary. Strings, booleans, `null` and `undefined` sort among atoms by their names;
 * arrays are tuples (shorter first, then element by element).
 */
import { Pid, Ref } from './pid.js';

/** Any value a process may send, store or match. */
export type Term = unknown;

/**
 * A stack trace kept in an error exit reason; printed as `<stacktrace>` so traces stay stable.
 * The frames may be given as a function, read on first use: formatting a JS stack is costly
 * and most exit reasons are never inspected that deeply.
 *
 * @example
 * ```ts
 * // down: ['DOWN', ref, 'process', pid, ['badarith', <stacktrace>]] after error('badarith')
 * const [, , , , [reason, st]] = down as [string, Ref, string, Pid, [Term, Stacktrace]];
 * st.frames[0]; // 'at …', the innermost frame
 * ```
 */
export class Stacktrace {
  private source: readonly string[] | (() => readonly string[]);
  constructor(frames: readonly string[] | (() => readonly string[])) {
    this.source = frames;
  }
  /** The frames, `at …` lines, innermost first. */
  get frames(): readonly string[] {
    if (typeof this.source === 'function') this.source = this.source();
    return this.source;
  }
  toString(): string {
    return '<stacktrace>';
  }
}

const enum Rank {
  Number = 0,
  Atom = 1,
  Ref = 2,
  Fun = 3,
  Pid = 4,
  Tuple = 5,
  Map = 6,
  Binary = 7,
  Other = 8,
}

function rank(x: unknown): Rank {
  switch (typeof x) {
    case 'number':
    case 'bigint':
      return Rank.Number;
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return Rank.Atom;
    case 'function':
      return Rank.Fun;
    default:
      if (x === null) return Rank.Atom;
      if (Array.isArray(x)) return Rank.Tuple;
      if (x instanceof Pid) return Rank.Pid;
      if (x instanceof Ref) return Rank.Ref;
      if (x instanceof Uint8Array) return Rank.Binary;
      if (x instanceof Map || isPlainObject(x as object)) return Rank.Map;
      return Rank.Other;
  }
}

/** @internal A plain object (`{…}`, or one with a null prototype): a map-like term. */
export function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function atomName(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'symbol') return x.description ?? '';
  return String(x);
}

/**
 * Exact structural equality (`=:=`): `1` and `1n` differ, arrays compare element-wise.
 *
 * @example `termEquals([1, 'a'], [1, 'a']) // true; termEquals(1, 1n) // false`
 */
export function termEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== typeof b) return false;
  if (ta === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (ta !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!termEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Pid || a instanceof Ref || b instanceof Pid || b instanceof Ref) return false;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const bEntries = [...b];
    outer: for (const [k, v] of a) {
      if (b.has(k)) {
        if (!termEquals(v, b.get(k))) return false;
        continue;
      }
      for (const [k2, v2] of bEntries) if (termEquals(k, k2)) {
        if (!termEquals(v, v2)) return false;
        continue outer;
      }
      return false;
    }
    return true;
  }
  if (isPlainObject(a as object) && isPlainObject(b as object)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
      if (!termEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  return false;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  // Mixed or both bigint: compare by value without losing precision.
  if (typeof a === 'number' && !Number.isFinite(a)) return Number.isNaN(a) ? -1 : a < 0 ? -1 : 1;
  if (typeof b === 'number' && !Number.isFinite(b)) return Number.isNaN(b) ? 1 : b < 0 ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedEntries(x: object): [unknown, unknown][] {
  const entries: [unknown, unknown][] =
    x instanceof Map ? [...x] : Object.keys(x).map((k) => [k, (x as Record<string, unknown>)[k]]);
  return entries.sort((p, q) => termCompare(p[0], q[0]));
}

/**
 * The total order over terms: negative when `a` sorts before `b`, 0 when they compare
 * equal (`==`), positive otherwise. Used by ETS `ordered_set`, `lists:sort`-like output
 * and the match engine.
 *
 * @example
 * ```ts
 * termCompare(1, 1n);              // 0: they compare equal (as 1 == 1.0)
 * termCompare(2, 'a');             // negative: numbers sort before atoms
 * [[1, 1], [2]].sort(termCompare); // [[2], [1, 1]]: shorter tuples first
 * ```
 */
export function termCompare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case Rank.Number:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case Rank.Atom: {
      const c = compareStrings(atomName(a), atomName(b));
      if (c !== 0) return c;
      // Same name, different JS types ('true' vs true): order by type name, stably.
      return compareStrings(typeof a + String(a === null), typeof b + String(b === null));
    }
    case Rank.Ref:
    case Rank.Pid: {
      const pa = a as Pid | Ref;
      const pb = b as Pid | Ref;
      return pa.nodeIndex - pb.nodeIndex || pa.serial - pb.serial;
    }
    case Rank.Tuple: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      if (xa.length !== xb.length) return xa.length - xb.length;
      for (let i = 0; i < xa.length; i++) {
        const c = termCompare(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case Rank.Map: {
      const ea = sortedEntries(a as object);
      const eb = sortedEntries(b as object);
      if (ea.length !== eb.length) return ea.length - eb.length;
      for (let i = 0; i < ea.length; i++) {
        const c = termCompare(ea[i]![0], eb[i]![0]);
        if (c !== 0) return c;
      }
      for (let i = 0; i < ea.length; i++) {
        const c = termCompare(ea[i]![1], eb[i]![1]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case Rank.Binary: {
      const xa = a as Uint8Array;
      const xb = b as Uint8Array;
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) if (xa[i] !== xb[i]) return xa[i]! - xb[i]!;
      return xa.length - xb.length;
    }
    case Rank.Fun:
      return compareStrings((a as { name: string }).name, (b as { name: string }).name);
    default:
      return compareStrings(formatTerm(a), formatTerm(b));
  }
}

const BARE_ATOM = /^[a-z][a-zA-Z0-9_@]*$/;

/**
 * Stable, readable printing of a term: `['EXIT', <0.5.0>, 'normal']`. Strings print
 * quoted, pids and refs as Erlang prints them, errors as `Name('message')`, stack traces
 * as `<stacktrace>`; cycles print as `<cycle>`.
 *
 * @example `formatTerm(['EXIT', pid, 'normal']) // "['EXIT', <0.5.0>, 'normal']"`
 */
export function formatTerm(x: unknown, maxDepth = 12): string {
  return fmt(x, maxDepth, new Set());
}

function fmt(x: unknown, depth: number, seen: Set<object>): string {
  switch (typeof x) {
    case 'string':
      return `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'number':
      return Object.is(x, -0) ? '0' : String(x);
    case 'bigint':
      return `${x}n`;
    case 'boolean':
      return String(x);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `Symbol(${x.description ?? ''})`;
    case 'function':
      return `#Fun<${(x as { name?: string }).name || 'anonymous'}>`;
  }
  if (x === null) return 'null';
  const o = x as object;
  if (o instanceof Pid || o instanceof Ref || o instanceof Stacktrace) return o.toString();
  if (depth <= 0) return '…';
  if (seen.has(o)) return '<cycle>';
  seen.add(o);
  try {
    if (Array.isArray(o)) return `[${o.map((e) => fmt(e, depth - 1, seen)).join(', ')}]`;
    if (o instanceof Error) return `${o.name}(${fmt(o.message, depth - 1, seen)})`;
    if (o instanceof Uint8Array) return `<<${[...o].join(',')}>>`;
    if (o instanceof Map) {
      const parts = [...o].map(([k, v]) => `${fmt(k, depth - 1, seen)} => ${fmt(v, depth - 1, seen)}`);
      return `Map{${parts.join(', ')}}`;
    }
    if (o instanceof Set) return `Set{${[...o].map((e) => fmt(e, depth - 1, seen)).join(', ')}}`;
    const keys = Object.keys(o);
    const body = keys
      .map((k) => `${BARE_ATOM.test(k) ? k : fmt(k, 0, seen)}: ${fmt((o as Record<string, unknown>)[k], depth - 1, seen)}`)
      .join(', ');
    const proto = Object.getPrototypeOf(o);
    const name = proto && proto !== Object.prototype && proto.constructor ? `${proto.constructor.name} ` : '';
    return keys.length === 0 ? `${name}{}` : `${name}{ ${body} }`;
  } finally {
    seen.delete(o);
  }
}

/**
 * A structural copy of a term (MSG-5, opt-in strict mode): tuples, plain objects, maps, sets and
 * binaries are copied, so later mutation of the original is invisible in the copy; identity
 * terms (pids, refs), functions and class instances are shared. Cycles are kept as cycles.
 *
 * @example
 * ```ts
 * const m = { n: [1] };
 * const c = copyTerm(m);
 * m.n[0] = 2; // c.n[0] is still 1
 * ```
 */
export function copyTerm<T>(x: T): T {
  return (typeof x === 'object' && x !== null ? copyObject(x, new Map()) : x) as T;
}

function copyObject(x: object, seen: Map<object, unknown>): unknown {
  const done = seen.get(x);
  if (done !== undefined) return done;
  const sub = (v: unknown): unknown => (typeof v === 'object' && v !== null ? copyObject(v, seen) : v);
  if (Array.isArray(x)) {
    const out: unknown[] = new Array(x.length);
    seen.set(x, out);
    for (let i = 0; i < x.length; i++) out[i] = sub(x[i]);
    return out;
  }
  if (x instanceof Uint8Array) return x.slice();
  if (x instanceof Map) {
    const out = new Map();
    seen.set(x, out);
    for (const [k, v] of x) out.set(sub(k), sub(v));
    return out;
  }
  if (x instanceof Set) {
    const out = new Set();
    seen.set(x, out);
    for (const v of x) out.add(sub(v));
    return out;
  }
  if (!isPlainObject(x)) return x;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(x));
  seen.set(x, out);
  for (const k of Object.keys(x)) out[k] = sub((x as Record<string, unknown>)[k]);
  return out;
}
