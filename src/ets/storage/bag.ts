/**
 * `bag` and `duplicate_bag` storage (ETS-5): many objects per key, keys equal when exactly
 * equal. A `bag` stores an identical object once (inserting it again changes nothing, its
 * position stays); a `duplicate_bag` stores every copy. Objects of one key come back in
 * insertion order.
 */
import { termEquals, termKey } from '../../core/term.js';
import { HashIndex, type Slot } from './hash-index.js';
import type { Obj, Storage } from './storage.js';

interface BagSlot extends Slot {
  objs: Obj[];
}

export class BagStorage extends HashIndex<BagSlot> implements Storage {
  private readonly kp: number;
  private count = 0;

  constructor(
    keypos: number,
    private readonly duplicates: boolean,
  ) {
    super();
    this.kp = keypos - 1;
  }

  get size(): number {
    return this.count;
  }

  getOne(key: unknown): Obj | undefined {
    return this.map.get(termKey(key))?.objs[0];
  }

  get(key: unknown): readonly Obj[] | undefined {
    return this.map.get(termKey(key))?.objs;
  }

  insert(obj: Obj): void {
    const key = obj[this.kp];
    const mk = termKey(key);
    const s = this.map.get(mk);
    if (s === undefined) {
      this.addSlot(mk, { key, idx: 0, objs: [obj] });
    } else {
      if (!this.duplicates && s.objs.some((o) => termEquals(o, obj))) return;
      s.objs.push(obj);
    }
    this.count++;
  }

  deleteKey(key: unknown): readonly Obj[] | undefined {
    const mk = termKey(key);
    const s = this.map.get(mk);
    if (s === undefined) return undefined;
    this.removeSlot(mk, s);
    this.count -= s.objs.length;
    return s.objs;
  }

  deleteObject(obj: Obj): void {
    const mk = termKey(obj[this.kp]);
    const s = this.map.get(mk);
    if (s === undefined) return;
    const kept = s.objs.filter((o) => !termEquals(o, obj));
    this.count -= s.objs.length - kept.length;
    if (kept.length === 0) this.removeSlot(mk, s);
    else {
      s.objs = kept;
      s.key = kept[0]![this.kp]; // the key as the first remaining object spells it
    }
  }

  clear(): void {
    this.clearSlots();
    this.count = 0;
  }

  forEach(visit: (o: Obj) => void): void {
    this.slots((s) => {
      for (const o of s.objs) visit(o);
    });
  }

  toArray(): Obj[] {
    const out: Obj[] = [];
    this.slots((s) => {
      for (const o of s.objs) out.push(o);
    });
    return out;
  }
}
