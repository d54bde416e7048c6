/**
 * Keys and hashes of terms: `termKey`, which keys a JS `Map` or `Set` by term equality (ETS
 * tables, registries, supervisor ids), and `hashString`, the stable hash of trace hashes.
 */
import { Pid, Ref } from './pid.js';
import { isPlainObject } from './term.js';

/**
 * A 64-bit FNV-1a-style hash of a string (two 32-bit lanes), as 16 hex digits. Used for trace
 * hashes; stable across runs and machines.
 *
 * @example `hashString('spawn <0.1.0>') // 16 hex digits, the same on every run and machine`
 */
export function hashString(s: string, seed = 0): string {
  let h1 = 0x811c9dc5 ^ seed;
  let h2 = 0x01000193 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 15), 0x2c1b3c6d) ^ Math.imul(h2 ^ (h2 >>> 13), 0x297a2d39);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * A key string such that two terms get the same key exactly when `termEquals` holds.
 * Not always a string: a number, atom, pid, ref or function is usually its own key. Use it to
 * key a JS `Map` or `Set` by term.
 *
 * @example
 * ```ts
 * const seen = new Map<unknown, Term>();
 * seen.set(termKey(['a', 1]), ['a', 1]);
 * seen.has(termKey(['a', 1])); // true: an equal tuple, though another array
 * ```
 */
export function termKey(x: unknown): unknown {
  switch (typeof x) {
    case 'string':
      // Compound keys start with NUL: a string that does too gets the compound encoding.
      return x.charCodeAt(0) === 0 ? '\u0000' + keyString(x) : x;
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return x;
    case 'number': // a Map key compares by SameValueZero, so NaN finds NaN
      return x === 0 ? 0 : x;
    default:
      if (x === null || x instanceof Pid || x instanceof Ref || typeof x === 'function') return x;
      return '\u0000' + keyString(x);
  }
}

function keyString(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return 's' + JSON.stringify(x);
    case 'number':
      return 'n' + (Object.is(x, -0) ? '0' : String(x));
    case 'bigint':
      return 'b' + String(x);
    case 'boolean':
      return 'o' + String(x);
    case 'undefined':
      return 'u';
    default:
      break;
  }
  if (x === null) return 'l';
  if (x instanceof Pid) return `p${x.nodeIndex}.${x.serial}`;
  if (x instanceof Ref) return `r${x.nodeIndex}.${x.serial}`;
  if (Array.isArray(x)) return `[${x.map(keyString).join(',')}]`;
  if (x instanceof Uint8Array) return `<${[...x].join(',')}>`;
  if (x instanceof Map) {
    // Sorted by the keys' own key strings: exact, so equal maps give one string whatever their
    // insertion order (termCompare ties keys such as 1 and 1n).
    const es = [...x].map(([k, v]) => [keyString(k), keyString(v)] as const);
    return `M{${es.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)).map(([k, v]) => k + ':' + v).join(',')}}`;
  }
  if (typeof x === 'object' && isPlainObject(x)) {
    return `O{${Object.keys(x).sort().map((k) => JSON.stringify(k) + ':' + keyString((x as Record<string, unknown>)[k])).join(',')}}`;
  }
  // Opaque objects (functions, class instances) are keyed by identity.
  return 'x' + identityId(x as object);
}

const identities = new WeakMap<object, number>();
let identityCounter = 0;
function identityId(o: object): number {
  let id = identities.get(o);
  if (id === undefined) {
    id = ++identityCounter;
    identities.set(o, id);
  }
  return id;
}
