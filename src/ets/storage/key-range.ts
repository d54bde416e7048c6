/**
 * Key ranges of an `ordered_set` for matching with a partially bound key (ETS-19): when a
 * match head has, at the key position, a tuple pattern whose leading elements are ground
 * (`[['user', '$1'], '_']` with keypos 1), every key it can match is a tuple of that size
 * starting with those elements (equal in the term order), and in the term order those keys
 * form one interval. `select`, `match` and friends then visit that interval only, instead of
 * the whole table, as OTP does.
 *
 * The interval's ends are {@link KeyBound}s: probes that the tree's comparator places just
 * below (or just above) every key with the prefix, so the B+ tree can seek to them.
 */
import { termCompare } from '../../core/term.js';

/**
 * One end of the interval of keys `[p1, …, pj, _, …, _]` of a given size; or, with size -1,
 * of the one key `p1` (a probe just beside it: see {@link beside}).
 */
export class KeyBound {
  constructor(
    /** The size of the keys in the interval (-1: the interval is the one key `prefix[0]`). */
    readonly size: number,
    /** Their leading elements. */
    readonly prefix: readonly unknown[],
    /** -1: below every key of the interval; 1: above every one. */
    readonly side: -1 | 1,
  ) {}
}

const ANY_TUPLE: readonly unknown[] = [];

/** The term order between a key and a bound: negative when `key` is below it. */
export function compareToBound(key: unknown, bound: KeyBound): number {
  if (bound.size < 0) return termCompare(key, bound.prefix[0]) || -bound.side;
  // A key that is not a tuple compares with every tuple alike (by type).
  if (!Array.isArray(key)) return termCompare(key, ANY_TUPLE);
  if (key.length !== bound.size) return key.length - bound.size;
  const p = bound.prefix;
  for (let i = 0; i < p.length; i++) {
    const c = termCompare(key[i], p[i]);
    if (c !== 0) return c;
  }
  return -bound.side;
}

/** A probe just above (`side` 1) or just below (-1) `key`, equal to no key. */
export function beside(key: unknown, side: -1 | 1): KeyBound {
  return new KeyBound(-1, [key], side);
}

/**
 * The tuple size and ground leading elements of the key pattern at `keypos` in `head`, or
 * null when the head does not bind a prefix of a tuple key (then the key is a variable, `'_'`,
 * fully ground, or starts with an unbound element).
 */
export function keyPrefix(head: unknown, keypos: number, isGround: (p: unknown) => boolean): KeyBound | null {
  if (!Array.isArray(head) || head.length < keypos) return null;
  const k: unknown = head[keypos - 1];
  if (!Array.isArray(k)) return null;
  let j = 0;
  while (j < k.length && isGround(k[j])) j++;
  if (j === 0 || j === k.length) return null;
  return new KeyBound(k.length, k.slice(0, j), -1);
}
