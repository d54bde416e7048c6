/**
 * `set` storage (ETS-3): one object per key in a `Map` from `termKey(key)`, so keys are equal
 * when exactly equal (`=:=`); inserting an existing key replaces the object in place (its
 * position in table order stays). Traversal order: see key-order.ts.
 */
import { termEquals, termKey } from '../../core/term.js';
import { HashStorage } from './hash-storage.js';
import type { Obj, Storage } from './storage.js';

export class SetStorage extends HashStorage<Obj> implements Storage {
  protected firstOf(o: Obj): Obj {
    return o;
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
    this.clearKeys();
  }

  forEach(visit: (o: Obj) => void): void {
    for (const o of this.map.values()) visit(o);
  }

  toArray(): Obj[] {
    return [...this.map.values()];
  }
}
