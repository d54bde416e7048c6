/**
 * `set` storage (ETS-3): one object per key, keys equal when exactly equal (`=:=`);
 * inserting an existing key replaces the object in place (its position in table order stays).
 */
import { termEquals, termKey } from '../../core/term.js';
import { HashIndex, type Slot } from './hash-index.js';
import type { Obj, Storage } from './storage.js';

interface SetSlot extends Slot {
  obj: Obj;
}

export class SetStorage extends HashIndex<SetSlot> implements Storage {
  private readonly kp: number;

  constructor(keypos: number) {
    super();
    this.kp = keypos - 1;
  }

  get size(): number {
    return this.map.size;
  }

  getOne(key: unknown): Obj | undefined {
    return this.map.get(termKey(key))?.obj;
  }

  get(key: unknown): readonly Obj[] | undefined {
    const s = this.map.get(termKey(key));
    return s === undefined ? undefined : [s.obj];
  }

  insert(obj: Obj): void {
    const key = obj[this.kp];
    const mk = termKey(key);
    const s = this.map.get(mk);
    if (s !== undefined) {
      s.obj = obj;
      s.key = key; // equal, but `-0` and `0` print differently: the newest object names the key
    }
    else this.addSlot(mk, { key, idx: 0, obj });
  }

  deleteKey(key: unknown): readonly Obj[] | undefined {
    const mk = termKey(key);
    const s = this.map.get(mk);
    if (s === undefined) return undefined;
    this.removeSlot(mk, s);
    return [s.obj];
  }

  deleteObject(obj: Obj): void {
    const mk = termKey(obj[this.kp]);
    const s = this.map.get(mk);
    if (s !== undefined && termEquals(s.obj, obj)) this.removeSlot(mk, s);
  }

  clear(): void {
    this.clearSlots();
  }

  forEach(visit: (o: Obj) => void): void {
    this.slots((s) => visit(s.obj));
  }

  toArray(): Obj[] {
    const out: Obj[] = [];
    this.slots((s) => out.push(s.obj));
    return out;
  }
}
