/**
 * What `set` and `bag` storage share: objects kept in a map from `termKey(key)` (keys are
 * equal when exactly equal) iterating in first-insertion order (a `Map`, or an `IntMap`
 * while a set's keys are all 32-bit integers), and the table's traversal order, built only
 * when a traversal first asks for it (key-order.ts) so inserts and lookups pay nothing for it.
 */
import { termKey } from '../../core/term-key.js';
import { END_MARK, KeyOrder } from './key-order.js';
import { END, MISSING } from './storage.js';

/** What a hash storage needs of its map: `Map`'s operations, iterating in insertion order. */
export interface KeyMap<V> {
  readonly size: number;
  get(mk: unknown): V | undefined;
  has(mk: unknown): boolean;
  set(mk: unknown, v: V): unknown;
  delete(mk: unknown): boolean;
  clear(): void;
  keys(): Iterable<unknown>;
  values(): Iterable<V>;
  forEach(visit: (v: V, mk: unknown) => void): void;
}

export abstract class HashStorage<V> {
  protected order: KeyOrder | null = null;
  protected fixed = false;
  protected readonly kp: number;

  constructor(
    keypos: number,
    protected map: KeyMap<V> = new Map<unknown, V>(),
  ) {
    this.kp = keypos - 1;
  }

  /** The key of the object(s) stored as `v` under map key `mk`. */
  protected abstract keyIn(mk: unknown, v: V): unknown;

  /** How many objects are stored as `v`. */
  protected abstract countIn(v: V): number;

  /**
   * `info(T, 'stats')`, OTP's hash-table statistics `[Buckets, AvgChainLen, StdDevChainLen,
   * ExpectedStdDev, MinChainLen, MaxChainLen, KeptItems]`, where a key and its objects play the
   * part of a bucket and its chain (our maps have no buckets of their own to show), and kept
   * items are the deleted keys a fixed table remembers.
   */
  stats(): [number, number, number, number, number, number, number] {
    const n = this.map.size;
    let sum = 0;
    let sq = 0;
    let min = Infinity;
    let max = 0;
    this.map.forEach((v) => {
      const len = this.countIn(v);
      sum += len;
      sq += len * len;
      if (len < min) min = len;
      if (len > max) max = len;
    });
    if (n === 0) return [0, 0, 0, 0, 0, 0, this.order?.kept ?? 0];
    const avg = sum / n;
    return [n, avg, Math.sqrt(Math.max(0, sq - avg * sum) / n), Math.sqrt(avg * (1 - 1 / n)), min, max, this.order?.kept ?? 0];
  }

  has(key: unknown): boolean {
    return this.map.has(termKey(key));
  }

  protected ord(): KeyOrder {
    return (this.order ??= new KeyOrder(this.map.keys(), this.fixed));
  }

  /** Forgets every key; a fixed table's traversal order keeps track of the removals. */
  protected clearKeys(): void {
    if (this.fixed) for (const mk of this.map.keys()) this.order!.removed(mk);
    else this.order = null;
    this.map.clear();
  }

  /** The key under map key `mk`, as its (first) object spells it. */
  private keyAt(mk: unknown): unknown {
    if (mk === END_MARK) return END;
    if (mk === MISSING) return MISSING;
    return this.keyIn(mk, this.map.get(mk)!);
  }

  firstKey(): unknown {
    return this.keyAt(this.ord().first());
  }

  nextKey(key: unknown): unknown {
    return this.keyAt(this.ord().next(termKey(key)));
  }

  /** A hash table has no order of its own: `last` is `first` and `prev` is `next` (as in OTP). */
  lastKey(): unknown {
    return this.firstKey();
  }

  prevKey(key: unknown): unknown {
    return this.nextKey(key);
  }

  setFixed(fixed: boolean): void {
    this.fixed = fixed;
    if (fixed) this.ord().setFixed(true);
    else this.order?.setFixed(false);
  }
}
