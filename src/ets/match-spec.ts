/**
 * Match patterns and match specifications, in a TypeScript form that maps one-to-one onto
 * OTP's (atoms are strings, tuples are arrays):
 *
 * | OTP | here |
 * |---|---|
 * | `'_'`, `'$1'`, `'$_'`, `'$$'` | the same strings |
 * | `{'$1', '_', foo}` (head) | `['$1', '_', 'foo']` |
 * | `[{Head, [Guard], [Body]}]` | `[[head, [guard], [body]]]` |
 * | `{'>', '$1', 3}`, `{'andalso', G1, G2}` | `['>', '$1', 3]`, `['andalso', g1, g2]` |
 * | `{{'$1', '$2'}}` (build a tuple) | `[['$1', '$2']]` |
 * | `{const, T}` | `['const', t]` |
 * | `['$1', '$2']` (build a list) | `['$1', '$2']`, or `[['$1', '$2']]` |
 *
 * In a guard or body, an array whose first element is an atom (a string other than a
 * variable, `'$_'` or `'$$'`) is a call, like OTP's tuple, and an unknown name is `badarg`;
 * `[[e1, …, en]]` builds an array (a tuple, and since tuples and lists are both arrays, a
 * list too); any other array builds a list element by element; `['const', x]` is `x` as is. A head
 * matches arrays element by element and plain objects (maps) by the keys it names; a variable
 * seen twice must match exactly (`=:=`). Guards all have to evaluate to `true` (a guard that
 * raises fails); the body's last expression is the result, `'EXIT'` if it raises (the others
 * have no effect in ETS, as in OTP). A head that is not a tuple, `'_'` or a variable is
 * accepted and matches no object, as in OTP 25.
 *
 * Bad specifications (not a list of three-element clauses, an empty body, an unknown function
 * or wrong arity, a variable not bound in the head) are `badarg`, as in OTP, reported by the
 * caller through `badarg` (a typed error outside a process naming the problem).
 */
import { termEquals } from '../core/term.js';
import { MS_FAIL, MS_FUNCTIONS } from './ms-functions.js';
import type { Obj } from './storage/storage.js';

/** One clause: `[head, guards, body]`. */
export type MatchClause = readonly [head: unknown, guards: readonly unknown[], body: readonly unknown[]];
/** A match specification: a list of clauses. */
export type MatchSpec = readonly MatchClause[];

/** Returned by {@link CompiledSpec.run} when no clause matches. */
export const NO_MATCH: unique symbol = Symbol('ms.no_match');

/** A problem in a match specification; the API turns it into `badarg`. */
export class MatchSpecError extends Error {
  override name = 'MatchSpecError';
}

type Bindings = unknown[];
type Matcher = (x: unknown, b: Bindings) => boolean;
type Expr = (b: Bindings, obj: Obj) => unknown;

const VAR = /^\$(0|[1-9][0-9]{0,8})$/;

/** The number of `'$N'`, or -1. */
export function varIndex(x: unknown): number {
  if (typeof x !== 'string' || x.charCodeAt(0) !== 36) return -1;
  const m = VAR.exec(x);
  return m === null ? -1 : Number(m[1]);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** True when `p` contains no variable and no `'_'`: it matches only terms equal to it. */
export function isGround(p: unknown): boolean {
  if (p === '_' || varIndex(p) >= 0) return false;
  if (Array.isArray(p)) return p.every(isGround);
  if (isPlainObject(p)) return Object.values(p).every(isGround);
  return true;
}

function compileHead(p: unknown, vars: number[]): Matcher {
  if (p === '_') return () => true;
  const v = varIndex(p);
  if (v >= 0) {
    if (vars.includes(v)) return (x, b) => termEquals(b[v], x);
    vars.push(v);
    return (x, b) => {
      b[v] = x;
      return true;
    };
  }
  if (isGround(p)) return (x) => termEquals(x, p);
  if (Array.isArray(p)) {
    const ms = p.map((e) => compileHead(e, vars));
    const n = ms.length;
    return (x, b) => {
      if (!Array.isArray(x) || x.length !== n) return false;
      for (let i = 0; i < n; i++) if (!ms[i]!(x[i], b)) return false;
      return true;
    };
  }
  const entries = Object.keys(p as object).map((k) => [k, compileHead((p as Record<string, unknown>)[k], vars)] as const);
  return (x, b) => {
    if (x instanceof Map) return entries.every(([k, m]) => x.has(k) && m(x.get(k), b));
    if (!isPlainObject(x)) return false;
    return entries.every(([k, m]) => Object.prototype.hasOwnProperty.call(x, k) && m(x[k], b));
  };
}

function compileCall(name: string, args: readonly unknown[], vars: readonly number[]): Expr {
  const def = MS_FUNCTIONS.get(name)!;
  if (args.length < def.min || args.length > def.max) throw new MatchSpecError(`${name} called with ${args.length} arguments`);
  const fs = args.map((a) => compileExpr(a, vars));
  const fn = def.fn;
  switch (fs.length) {
    case 0:
      return () => fn();
    case 1: {
      const [a] = fs as [Expr];
      return (b, o) => fn(a(b, o));
    }
    case 2: {
      const [a, c] = fs as [Expr, Expr];
      return (b, o) => fn(a(b, o), c(b, o));
    }
    default:
      return (b, o) => fn(...fs.map((g) => g(b, o)));
  }
}

function compileShortCircuit(name: 'andalso' | 'orelse', args: readonly unknown[], vars: readonly number[]): Expr {
  if (args.length < 1) throw new MatchSpecError(`${name} needs arguments`);
  const fs = args.map((a) => compileExpr(a, vars));
  const stop = name === 'orelse';
  const last = fs.length - 1;
  // As in Erlang, the last operand is not checked: `true andalso X` is X, whatever X is.
  return (b, o) => {
    for (let i = 0; i < last; i++) {
      const v = fs[i]!(b, o);
      if (v !== true && v !== false) throw MS_FAIL;
      if (v === stop) return stop;
    }
    return fs[last]!(b, o);
  };
}

function compileExpr(e: unknown, vars: readonly number[]): Expr {
  if (typeof e === 'string') {
    const v = varIndex(e);
    if (v >= 0) {
      if (!vars.includes(v)) throw new MatchSpecError(`variable '${e}' is not bound in the head`);
      return (b) => b[v];
    }
    if (e === '$_') return (_b, o) => o;
    if (e === '$$') {
      const sorted = [...vars].sort((x, y) => x - y);
      return (b) => sorted.map((i) => b[i]);
    }
    return () => e;
  }
  if (Array.isArray(e)) {
    if (e.length === 0) return () => [];
    const head = e[0];
    if (e.length === 1 && Array.isArray(head)) {
      const fs = head.map((x) => compileExpr(x, vars));
      return (b, o) => fs.map((g) => g(b, o));
    }
    if (head === 'const') {
      if (e.length !== 2) throw new MatchSpecError('const takes one argument');
      const c = e[1];
      return () => c;
    }
    if (head === 'andalso' || head === 'orelse') return compileShortCircuit(head, e.slice(1), vars);
    if (typeof head === 'string' && varIndex(head) < 0 && head !== '$_' && head !== '$$') {
      if (!MS_FUNCTIONS.has(head)) throw new MatchSpecError(`unknown function '${head}'`);
      return compileCall(head, e.slice(1), vars);
    }
    const fs = e.map((x) => compileExpr(x, vars));
    return (b, o) => fs.map((g) => g(b, o));
  }
  if (isPlainObject(e)) {
    const entries = Object.keys(e).map((k) => [k, compileExpr(e[k], vars)] as const);
    return (b, o) => {
      const out: Record<string, unknown> = {};
      for (const [k, g] of entries) out[k] = g(b, o);
      return out;
    };
  }
  return () => e;
}

interface Clause {
  readonly head: Matcher;
  readonly guards: readonly Expr[];
  readonly body: Expr;
}

function compileClause(c: unknown): Clause {
  if (!Array.isArray(c) || c.length !== 3) throw new MatchSpecError('a clause must be [head, guards, body]');
  const [head, guards, body] = c as unknown[];
  // A head that is not a tuple ('foo', 3) is accepted, as by OTP 25's ets:select, and never
  // matches (objects are tuples).
  if (!Array.isArray(guards)) throw new MatchSpecError('guards must be a list');
  if (!Array.isArray(body) || body.length === 0) throw new MatchSpecError('a body must be a non-empty list');
  const vars: number[] = [];
  const m = compileHead(head, vars);
  // Every body expression is checked, but only the last gives the result: in ETS an earlier one
  // has no effect, not even when it raises (OTP: [{'div', '$1', 0}, ok] gives ok).
  const exprs = body.map((x) => compileExpr(x, vars));
  return { head: m, guards: guards.map((g) => compileExpr(g, vars)), body: exprs[exprs.length - 1]! };
}

/** A compiled specification: run it on each object. Not reentrant (one bindings array). */
export class CompiledSpec {
  private readonly bindings: Bindings = [];

  constructor(
    private readonly clauses: readonly Clause[],
    /** The source, kept for continuations and errors. */
    readonly source: MatchSpec,
  ) {}

  /** The result of the first matching clause for `obj`, or {@link NO_MATCH}. */
  run(obj: Obj): unknown {
    const b = this.bindings;
    outer: for (let i = 0; i < this.clauses.length; i++) {
      const c = this.clauses[i]!;
      // No reset needed: a head assigns each of its variables at its first occurrence before
      // anything reads it, and guards and bodies only read variables of a head that matched.
      if (!c.head(obj, b)) continue;
      try {
        for (let j = 0; j < c.guards.length; j++) if (c.guards[j]!(b, obj) !== true) continue outer;
      } catch {
        continue;
      }
      try {
        return c.body(b, obj);
      } catch {
        return 'EXIT';
      }
    }
    return NO_MATCH;
  }
}

/**
 * Compiles a match specification; throws {@link MatchSpecError} for a bad one.
 * @example compileSpec([[['$1', '$2'], [['>', '$2', 3]], ['$1']]])
 */
export function compileSpec(spec: unknown): CompiledSpec {
  if (!Array.isArray(spec)) throw new MatchSpecError('a match specification must be a list of clauses');
  return new CompiledSpec(spec.map(compileClause), spec as MatchSpec);
}

/** Compiles `match`-style pattern `p` into the spec `[[p, [], [result]]]` (any pattern term). */
export function compilePattern(p: unknown, result: unknown): CompiledSpec {
  const source: MatchSpec = [[p, [], [result]]];
  return new CompiledSpec([compileClause(source[0])], source);
}

/**
 * The key every match must have, when the spec has one clause whose head fixes the key
 * position with a ground term; lets select look the key up instead of scanning.
 */
export function boundKey(spec: MatchSpec, keypos: number): { key: unknown } | null {
  if (spec.length !== 1) return null;
  const head = spec[0]![0];
  if (!Array.isArray(head) || head.length < keypos) return null;
  const k = head[keypos - 1];
  return isGround(k) ? { key: k } : null;
}
