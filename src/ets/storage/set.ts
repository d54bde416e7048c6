/**
 * `set` storage (ETS-3): one object per key in a `Map` from `termKey(key)`, so keys are equal
 * when exactly equal (`=:=`); inserting an existing key replaces the object in place (its
 * position in table order stays). Traversal order: see key-order.ts.
 */
import { termEquals, termKey } from '../../core/term.js';
import { END_MARK, KeyOrder } from './key-order.js';
import { END, MISSING, type Obj, type Storage } from './storage.js';

export class SetStorage implements Storage {
  private readonly map = new Map<unknown, Obj>();
  private order: KeyOrder | null = null;
  private fixed = false;
  private readonly kp: number;

  constructor(keypos: number) {
    this.kp = keypos - 1;
  }

  get size(): number {
    return this.map.size;
  }

  getOne(key: unknown): Obj | undefined {
    return this.map.get(termKey(key));
  }

  get(key: unknown): readonly Obj[] | undefined {
    const o = this.map.get(termKey(key));
    return o === undefined ? undefined : [o];
  }

  insert(obj: Obj): void {
    const mk = termKey(obj[this.kp]);
    if (this.order !== null && !this.map.has(mk)) this.order.added(mk);
    this.map.set(mk, obj);
  }

  deleteKey(key: unknown): readonly Obj[] | undefined {
    const mk = termKey(key);
    const o = this.map.get(mk);
    if (o === undefined) return undefined;
    this.map.delete(mk);
    this.order?.removed(mk);
    return [o];
  }

  deleteObject(obj: Obj): void {
    const o = this.map.get(termKey(obj[this.kp]));
    if (o !== undefined && termEquals(o, obj)) this.deleteKey(obj[this.kp]);
  }

  clear(): void {
    if (this.fixed) for (const mk of this.map.keys()) this.order!.removed(mk);
    else this.order = null;
    this.map.clear();
  }

  private ord(): KeyOrder {
    return (this.order ??= new KeyOrder(this.map.keys(), this.fixed));
  }

  /** The key of the object stored under map key `mk` (as that object spells it). */
  private keyAt(mk: unknown): unknown {
    if (mk === END_MARK) return END;
    if (mk === MISSING) return MISSING;
    return this.map.get(mk)![this.kp];
  }

  firstKey(): unknown {
    return this.keyAt(this.ord().first());
  }

  nextKey(key: unknown): unknown {
    return this.keyAt(this.ord().next(termKey(key)));
  }

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

  forEach(visit: (o: Obj) => void): void {
    for (const o of this.map.values()) visit(o);
  }

  toArray(): Obj[] {
    return [...this.map.values()];
  }
}
