/**
 * `bag` and `duplicate_bag` storage (ETS-5): many objects per key in a `Map` from
 * `termKey(key)` to the key's objects, so keys are equal when exactly equal. A `bag` stores
 * an identical object once (inserting it again changes nothing, its position stays); a
 * `duplicate_bag` stores every copy. Objects of one key come back in insertion order; keys
 * in table order (key-order.ts).
 */
import { termEquals, termKey } from '../../core/term.js';
import { END_MARK, KeyOrder } from './key-order.js';
import { END, MISSING, type Obj, type Storage } from './storage.js';

export class BagStorage implements Storage {
  private readonly map = new Map<unknown, Obj[]>();
  private order: KeyOrder | null = null;
  private fixed = false;
  private readonly kp: number;
  private count = 0;

  constructor(
    keypos: number,
    private readonly duplicates: boolean,
  ) {
    this.kp = keypos - 1;
  }

  get size(): number {
    return this.count;
  }

  getOne(key: unknown): Obj | undefined {
    return this.map.get(termKey(key))?.[0];
  }

  get(key: unknown): readonly Obj[] | undefined {
    return this.map.get(termKey(key));
  }

  insert(obj: Obj): void {
    const mk = termKey(obj[this.kp]);
    const objs = this.map.get(mk);
    if (objs === undefined) {
      this.order?.added(mk);
      this.map.set(mk, [obj]);
    } else {
      if (!this.duplicates && objs.some((o) => termEquals(o, obj))) return;
      objs.push(obj);
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
    if (this.fixed) for (const mk of this.map.keys()) this.order!.removed(mk);
    else this.order = null;
    this.map.clear();
    this.count = 0;
  }

  private ord(): KeyOrder {
    return (this.order ??= new KeyOrder(this.map.keys(), this.fixed));
  }

  /** The key under map key `mk`, as its first object spells it. */
  private keyAt(mk: unknown): unknown {
    if (mk === END_MARK) return END;
    if (mk === MISSING) return MISSING;
    return this.map.get(mk)![0]![this.kp];
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
    for (const objs of this.map.values()) for (const o of objs) visit(o);
  }

  toArray(): Obj[] {
    const out: Obj[] = [];
    for (const objs of this.map.values()) for (const o of objs) out.push(o);
    return out;
  }
}
