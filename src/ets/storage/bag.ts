/**
 * `bag` and `duplicate_bag` storage (ETS-5): many objects per key in a `Map` from
 * `termKey(key)` to the key's objects, so keys are equal when exactly equal. A `bag` stores
 * an identical object once (inserting it again changes nothing, its position stays); a
 * `duplicate_bag` stores every copy. Objects of one key come back in insertion order; keys
 * in table order (key-order.ts).
 */
import { termEquals } from '../../core/term.js';
import { termKey } from '../../core/term-key.js';
import { copyArray } from '../copy.js';
import { HashStorage } from './hash-storage.js';
import type { Obj, Storage } from './storage.js';

export class BagStorage extends HashStorage<Obj[]> implements Storage {
  private count = 0;

  constructor(
    keypos: number,
    private readonly duplicates: boolean,
  ) {
    super(keypos);
  }

  protected countIn(objs: Obj[]): number {
    return objs.length;
  }

  protected keyIn(_mk: unknown, objs: Obj[]): unknown {
    return objs[0]![this.kp];
  }

  get size(): number {
    return this.count;
  }

  getOne(key: unknown): Obj | undefined {
    return this.map.get(termKey(key))?.[0];
  }

  copyOf(key: unknown): unknown[] | undefined {
    const o = this.getOne(key);
    return o === undefined ? undefined : copyArray(o);
  }

  get(key: unknown): readonly Obj[] | undefined {
    return this.map.get(termKey(key));
  }

  insert(obj: Obj, owned = false): void {
    const mk = termKey(obj[this.kp]);
    const objs = this.map.get(mk);
    if (objs === undefined) {
      this.order?.added(mk);
      this.map.set(mk, [owned ? obj : copyArray(obj)]);
    } else {
      if (!this.duplicates && objs.some((o) => termEquals(o, obj))) return;
      objs.push(owned ? obj : copyArray(obj));
    }
    this.count++;
  }

  private drop(mk: unknown, n: number): void {
    this.map.delete(mk);
    this.order?.removed(mk);
    this.count -= n;
  }

  deleteKey(key: unknown): readonly Obj[] | undefined {
    const mk = termKey(key);
    const objs = this.map.get(mk);
    if (objs === undefined) return undefined;
    this.drop(mk, objs.length);
    return objs;
  }

  deleteObject(obj: Obj): void {
    const mk = termKey(obj[this.kp]);
    const objs = this.map.get(mk);
    if (objs === undefined) return;
    const kept = objs.filter((o) => !termEquals(o, obj));
    if (kept.length === 0) return this.drop(mk, objs.length);
    this.count -= objs.length - kept.length;
    this.map.set(mk, kept);
  }

  clear(): void {
    this.clearKeys();
    this.count = 0;
  }

  forEach(visit: (o: Obj) => void): void {
    for (const objs of this.map.values()) for (const o of objs) visit(o);
  }

  toArray(): Obj[] {
    const out: Obj[] = [];
    for (const objs of this.map.values()) for (const o of objs) out.push(o);
    return out;
  }
}
