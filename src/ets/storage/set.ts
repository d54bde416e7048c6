/**
 * `set` storage (ETS-3): one object per key in a map from `termKey(key)`, so keys are equal
 * when exactly equal (`=:=`); inserting an existing key replaces the object in place (its
 * position in table order stays). Traversal order: see key-order.ts.
 *
 * While every key is a 32-bit integer the map is an `IntMap` (int-map.ts), turned into a
 * `Map` with the same order when the first other key comes.
 *
 * A pair of immutables is stored as its value alone (packed.ts) when its key is its own map
 * key (`termKey(key)` is `key`: numbers other than -0, strings, atoms, pids, refs), so the
 * key comes back from the map key.
 */
import { termEquals } from '../../core/term.js';
import { termKey } from '../../core/term-key.js';
import { HashStorage } from './hash-storage.js';
import { IntMap, isInt32Key } from './int-map.js';
import { copyOfStored, fromStored, toStored } from './packed.js';
import type { Obj, Storage } from './storage.js';

export class SetStorage extends HashStorage<unknown> implements Storage {
  /** Whether the map is a general `Map` (some key is not a 32-bit integer) or still an `IntMap`. */
  private general = false;

  constructor(keypos: number) {
    super(keypos, new IntMap<unknown>());
  }

  protected countIn(): number {
    return 1;
  }

  protected keyIn(mk: unknown, s: unknown): unknown {
    return Array.isArray(s) ? s[this.kp] : mk;
  }

  get size(): number {
    return this.map.size;
  }

  getOne(key: unknown): Obj | undefined {
    const mk = termKey(key);
    const s = this.map.get(mk);
    return s === undefined ? undefined : fromStored(s, mk, this.kp);
  }

  copyOf(key: unknown): unknown[] | undefined {
    const mk = termKey(key);
    const s = this.map.get(mk);
    return s === undefined ? undefined : copyOfStored(s, mk, this.kp);
  }

  get(key: unknown): readonly Obj[] | undefined {
    const o = this.getOne(key);
    return o === undefined ? undefined : [o];
  }

  insert(obj: Obj, owned = false): void {
    const key = obj[this.kp];
    const mk = termKey(key);
    if (!this.general && !isInt32Key(mk)) {
      this.map = (this.map as IntMap<unknown>).toMap();
      this.general = true;
    }
    if (this.order !== null && !this.map.has(mk)) this.order.added(mk);
    this.map.set(mk, toStored(obj, this.kp, Object.is(mk, key), owned));
  }

  deleteKey(key: unknown): readonly Obj[] | undefined {
    const mk = termKey(key);
    const s = this.map.get(mk);
    if (s === undefined) return undefined;
    this.map.delete(mk);
    this.order?.removed(mk);
    return [fromStored(s, mk, this.kp)];
  }

  deleteObject(obj: Obj): void {
    const o = this.getOne(obj[this.kp]);
    if (o !== undefined && termEquals(o, obj)) this.deleteKey(obj[this.kp]);
  }

  clear(): void {
    this.clearKeys();
  }

  forEach(visit: (o: Obj) => void): void {
    const kp = this.kp;
    this.map.forEach((s, mk) => visit(fromStored(s, mk, kp)));
  }

  toArray(): Obj[] {
    const out: Obj[] = [];
    this.forEach((o) => out.push(o));
    return out;
  }
}
