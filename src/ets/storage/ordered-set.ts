/**
 * `ordered_set` storage (ETS-4): a B+ tree (`sorted-btree`) ordered by the term order.
 *
 * Keys are equal when they compare equal (`==`), so `1` and `1n` are the same key (OTP's
 * `1 == 1.0`): inserting `[1n, x]` replaces `[1, y]`, and `lookup(T, 1)` finds `[1n, x]`.
 * Traversal follows the term order and always continues from any key, present or not.
 */
import BTreeModule from 'sorted-btree';
import { termCompare, termEquals } from '../../core/term.js';
import { END, type Obj, type Storage } from './storage.js';

type BTreeClass = typeof import('sorted-btree').default;
// sorted-btree is CommonJS: depending on the loader the default import is the class or its module.
const BTree = ((BTreeModule as unknown as { default?: BTreeClass }).default ?? BTreeModule) as BTreeClass;

/** The term order, with a fast path for two ordinary numbers. */
export function compareKeys(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
  }
  return termCompare(a, b);
}

export class OrderedSetStorage implements Storage {
  private readonly tree = new BTree<unknown, Obj>(undefined, compareKeys);
  private readonly kp: number;

  constructor(keypos: number) {
    this.kp = keypos - 1;
  }

  get size(): number {
    return this.tree.size;
  }

  getOne(key: unknown): Obj | undefined {
    return this.tree.get(key);
  }

  get(key: unknown): readonly Obj[] | undefined {
    const o = this.tree.get(key);
    return o === undefined ? undefined : [o];
  }

  insert(obj: Obj): void {
    this.tree.set(obj[this.kp], obj);
  }

  deleteKey(key: unknown): readonly Obj[] | undefined {
    const o = this.tree.get(key);
    if (o === undefined) return undefined;
    this.tree.delete(key);
    return [o];
  }

  deleteObject(obj: Obj): void {
    const key = obj[this.kp];
    const o = this.tree.get(key);
    if (o !== undefined && termEquals(o, obj)) this.tree.delete(key);
  }

  clear(): void {
    this.tree.clear();
  }

  firstKey(): unknown {
    return this.tree.size === 0 ? END : this.tree.minKey();
  }

  nextKey(key: unknown): unknown {
    const p = this.tree.nextHigherPair(key);
    return p === undefined ? END : p[0];
  }

  lastKey(): unknown {
    return this.tree.size === 0 ? END : this.tree.maxKey();
  }

  prevKey(key: unknown): unknown {
    const p = this.tree.nextLowerPair(key);
    return p === undefined ? END : p[0];
  }

  forEach(visit: (o: Obj) => void): void {
    this.tree.forEach((o) => {
      visit(o);
    });
  }

  toArray(): Obj[] {
    return this.tree.valuesArray();
  }

  setFixed(): void {
    // A tree traversal always continues from any key: nothing to keep.
  }
}
