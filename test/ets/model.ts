/**
 * A deliberately naive reference model of one ETS table: a flat list of objects, searched
 * linearly. It encodes the documented semantics (ETS-3..10, 15, 17, 19) and the documented
 * table order: hash tables keep keys in first-insertion order (a bag's objects grouped under
 * their key, in insertion order), `ordered_set` sorts by key in the term order.
 */
import { termCompare, termEquals } from '../../src/index.js';

export type TableType = 'set' | 'ordered_set' | 'bag' | 'duplicate_bag';
export type Obj = unknown[];

export class Model {
  private objs: Obj[] = [];

  constructor(
    readonly type: TableType,
    readonly keypos: number,
  ) {}

  key(o: Obj): unknown {
    return o[this.keypos - 1];
  }

  sameKey(a: unknown, b: unknown): boolean {
    return this.type === 'ordered_set' ? termCompare(a, b) === 0 : termEquals(a, b);
  }

  get setLike(): boolean {
    return this.type === 'set' || this.type === 'ordered_set';
  }

  /** All objects in table order. */
  list(): Obj[] {
    if (this.type !== 'ordered_set') return [...this.objs];
    return [...this.objs].sort((a, b) => termCompare(this.key(a), this.key(b)));
  }

  keys(): unknown[] {
    const out: unknown[] = [];
    for (const o of this.list()) if (!out.some((k) => this.sameKey(k, this.key(o)))) out.push(this.key(o));
    return out;
  }

  lookup(k: unknown): Obj[] {
    return this.list().filter((o) => this.sameKey(this.key(o), k));
  }

  insert(o: Obj): void {
    const k = this.key(o);
    if (this.setLike) {
      const i = this.objs.findIndex((x) => this.sameKey(this.key(x), k));
      if (i >= 0) this.objs[i] = o;
      else this.objs.push(o);
      return;
    }
    if (this.type === 'bag' && this.objs.some((x) => termEquals(x, o))) return;
    let last = -1;
    this.objs.forEach((x, i) => {
      if (this.sameKey(this.key(x), k)) last = i;
    });
    if (last < 0) this.objs.push(o);
    else this.objs.splice(last + 1, 0, o);
  }

  insertNew(os: Obj[]): boolean {
    if (os.some((o) => this.lookup(this.key(o)).length > 0)) return false;
    for (const o of os) this.insert(o);
    return true;
  }

  delete(k: unknown): void {
    this.objs = this.objs.filter((o) => !this.sameKey(this.key(o), k));
  }

  deleteObject(o: Obj): void {
    this.objs = this.objs.filter((x) => !termEquals(x, o));
  }

  take(k: unknown): Obj[] {
    const r = this.lookup(k);
    this.delete(k);
    return r;
  }

  clear(): void {
    this.objs = [];
  }

  /** `updateCounter(k, incr)` on the element after the key; 'badarg' as ETS-15 says. */
  updateCounter(k: unknown, incr: number): number | 'badarg' {
    if (!this.setLike) return 'badarg';
    const i = this.objs.findIndex((x) => this.sameKey(this.key(x), k));
    if (i < 0) return 'badarg';
    const pos = this.keypos; // 0-based index of keypos + 1
    const o = this.objs[i]!;
    if (o.length <= pos || typeof o[pos] !== 'number') return 'badarg';
    const v = (o[pos] as number) + incr;
    const copy = [...o];
    copy[pos] = v;
    this.objs[i] = copy;
    return v;
  }

  /** The objects whose value element (the one that is not the key) is above `thr` in the term order. */
  where(thr: number): Obj[] {
    const vi = this.keypos === 1 ? 1 : 0;
    return this.list().filter((o) => termCompare(o[vi], thr) > 0);
  }

  selectDelete(thr: number): number {
    const doomed = this.where(thr);
    for (const o of doomed) this.deleteObject(o);
    return doomed.length;
  }
}
