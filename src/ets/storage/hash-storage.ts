/**
 * What `set` and `bag` storage share: objects kept in a map from `termKey(key)` (keys are
 * equal when exactly equal) iterating in first-insertion order (a `Map`, or an `IntMap`
 * while a set's keys are all 32-bit integers), and the table's traversal order, built only
 * when a traversal first asks for it (key-order.ts) so inserts and lookups pay nothing for it.
 */
import { termKey } from '../../core/term.js';
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
