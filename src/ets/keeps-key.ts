/**
 * The static check `selectReplace` makes before it touches anything (ETS-19): every clause of
 * the specification must be *guaranteed* to give back an object with the key it matched, else
 * the call is `badarg` with nothing updated, even when no object would match. This follows
 * OTP's `db_match_keeps_key` (erl_db_util.c), clause by clause:
 *
 * - the body has exactly one expression;
 * - it is `'$_'`, or it builds a tuple: `[[e1, …, en]]` (OTP's `{{…}}`), or `['const', T]`
 *   with `T` a tuple (then the key must be spelled as the head's, without variables); since
 *   tuples and lists are both arrays here, the element-by-element array build (`['$1', x]`)
 *   counts as a tuple build too;
 * - the head is a tuple with a key position, and the built tuple's key is the same term as
 *   the head's key: the same constants and the same variables in the same places (not `'_'`,
 *   `'$_'` or `'$$'`, no map, no function call), or it is `['element', Keypos, '$_']`.
 *
 * So a key that a guard happens to pin (`[['==', '$1', 'b']]`), or a body key equal to the
 * head's only for the objects in the table, does not pass.
 */
import { isPlainObject, termEquals } from '../core/term.js';
import { varIndex } from './match-spec.js';

function isMapTerm(x: unknown): boolean {
  return x instanceof Map || (typeof x === 'object' && x !== null && !Array.isArray(x) && isPlainObject(x));
}

/** True for a body array that is a call (OTP's `{Fun, Args…}`): its first element an atom other than a variable, `'$_'` or `'$$'`. */
function isCall(e: readonly unknown[]): boolean {
  const h = e[0];
  return typeof h === 'string' && varIndex(h) < 0 && h !== '$_' && h !== '$$';
}

/**
 * OTP's `db_match_eq_body`: whether the body term `b` always builds the term the head part `a`
 * matched. In `constant` mode `b` is a literal (inside `['const', …]`).
 */
function eqBody(a: unknown, b: unknown, constant: boolean): boolean {
  if (Array.isArray(b)) {
    let inner: readonly unknown[] = b;
    if (!constant) {
      if (b.length === 1 && Array.isArray(b[0])) inner = b[0] as unknown[]; // [[…]]: a tuple build
      else if (b.length === 2 && b[0] === 'const') return eqBody(a, b[1], true);
      else if (b.length > 0 && isCall(b)) return false; // a function call: no guarantee
    }
    if (!Array.isArray(a) || a.length !== inner.length) return false;
    return inner.every((x, i) => eqBody(a[i], x, constant));
  }
  if (isMapTerm(b)) return false; // OTP: a map may hold other pairs than the ones matched
  if (a === '_' || a === '$$' || a === '$_') return false;
  if (constant && varIndex(a) >= 0) return false; // a literal '$1' is not the variable '$1'
  return !Array.isArray(a) && !isMapTerm(a) && termEquals(a, b);
}

/** Whether one clause `[head, guards, body]` keeps the key at `keypos` (OTP's `db_match_keeps_key`). */
export function clauseKeepsKey(keypos: number, head: unknown, body: unknown): boolean {
  if (!Array.isArray(body) || body.length !== 1) return false;
  const term = body[0];
  if (term === '$_') return true;
  if (!Array.isArray(term) || term.length === 0) return false;
  if (!Array.isArray(head) || head.length < keypos) return false;
  const matchKey = head[keypos - 1];
  let built: unknown;
  let constant = false;
  if (term.length === 2 && term[0] === 'const') {
    built = term[1];
    constant = true;
  } else if (term.length === 1 && Array.isArray(term[0])) {
    built = term[0];
  } else if (!isCall(term)) {
    built = term; // an element-by-element array build: a tuple here
  } else {
    return false;
  }
  if (!Array.isArray(built) || built.length < keypos) return false;
  const key = built[keypos - 1];
  if (eqBody(matchKey, key, constant)) return true;
  if (constant) return false;
  return Array.isArray(key) && key.length === 3 && key[0] === 'element' && key[1] === keypos && key[2] === '$_';
}

/** Whether every clause of `spec` keeps the key (`selectReplace` is `badarg` otherwise). */
export function specKeepsKey(keypos: number, spec: readonly unknown[]): boolean {
  return spec.every((c) => Array.isArray(c) && c.length === 3 && clauseKeepsKey(keypos, c[0], c[2]));
}
