/**
 * A `Map` from 32-bit integer keys, for `set` tables whose keys are all such integers (the
 * commonest ETS table): the same operations and the same iteration order as a `Map` (first
 * insertion; replacing a value keeps its place, deleting and inserting again moves the key
 * to the end), but a lookup touches one slot of an open-addressing index, where the key sits
 * next to its entry number, instead of walking a `Map`'s bucket chain.
 *
 * Layout: entries are dense arrays in insertion order (`keys`, `vals`; a deleted entry
 * becomes a hole). The index is an `Int32Array` of `[key, entry + 1]` pairs, probed linearly
 * from the key's Fibonacci hash; `0` marks a free slot and `-1` a deleted one. The index is
 * rebuilt (doubled when needed) when used and deleted slots pass half of it, and the entries
 * are compacted when holes outnumber live entries.
 */

const HOLE: unique symbol = Symbol('int-map.hole');
const FREE = 0;
const DELETED = -1;
const MIN_BITS = 4;

/** True for a number an {@link IntMap} can key: a 32-bit integer (not -0). */
export function isInt32Key(k: unknown): k is number {
  return typeof k === 'number' && (k | 0) === k && !Object.is(k, -0);
}

export class IntMap<V> {
  private bits = MIN_BITS;
  /** `[key, entry + 1]` per slot; entry + 1 is FREE or DELETED when there is none. */
  private index = new Int32Array(2 << MIN_BITS);
  /** Slots not FREE (live and deleted), which bounds probe lengths. */
  private usedSlots = 0;
  private keysArr: (number | typeof HOLE)[] = [];
  private vals: (V | undefined)[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** The slot of `k`, or -1 (always for a key that is not a 32-bit integer). */
  private find(k: unknown): number {
    if (!isInt32Key(k)) return -1;
    const index = this.index;
    const mask = (1 << this.bits) - 1;
    let h = Math.imul(k, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const e = index[2 * h + 1]!;
      if (e === FREE) return -1;
      if (e !== DELETED && index[2 * h] === k) return h;
      h = (h + 1) & mask;
    }
  }

  get(k: unknown): V | undefined {
    const h = this.find(k);
    return h < 0 ? undefined : this.vals[this.index[2 * h + 1]! - 1];
  }

  has(k: unknown): boolean {
    return this.find(k) >= 0;
  }

  set(k: number, v: V): this {
    const h = this.find(k);
    if (h >= 0) {
      this.vals[this.index[2 * h + 1]! - 1] = v;
      return this;
    }
    if ((this.usedSlots + 1) * 2 > 1 << this.bits) this.rebuild(this.live + 1);
    const entry = this.keysArr.length;
    this.keysArr.push(k);
    this.vals.push(v);
    this.live++;
    this.place(k, entry);
    return this;
  }

  /** Puts `k` (known absent) in the first free or deleted slot of its probe sequence. */
  private place(k: number, entry: number): void {
    const index = this.index;
    const mask = (1 << this.bits) - 1;
    let h = Math.imul(k, 0x9e3779b1) >>> (32 - this.bits);
    while (index[2 * h + 1]! > 0) h = (h + 1) & mask;
    if (index[2 * h + 1] === FREE) this.usedSlots++;
    index[2 * h] = k;
    index[2 * h + 1] = entry + 1;
  }

  delete(k: unknown): boolean {
    const h = this.find(k);
    if (h < 0) return false;
    const entry = this.index[2 * h + 1]! - 1;
    this.index[2 * h + 1] = DELETED;
    this.keysArr[entry] = HOLE;
    this.vals[entry] = undefined;
    this.live--;
    const holes = this.keysArr.length - this.live;
    if (holes > 64 && holes > this.live) this.rebuild(this.live);
    return true;
  }

  clear(): void {
    this.bits = MIN_BITS;
    this.index = new Int32Array(2 << MIN_BITS);
    this.usedSlots = 0;
    this.keysArr = [];
    this.vals = [];
    this.live = 0;
  }

  /** Compacts the entries and rebuilds the index for `n` live keys (at most half full). */
  private rebuild(n: number): void {
    const keys: number[] = [];
    const vals: (V | undefined)[] = [];
    for (let i = 0; i < this.keysArr.length; i++) {
      const k = this.keysArr[i]!;
      if (k === HOLE) continue;
      keys.push(k);
      vals.push(this.vals[i]);
    }
    let bits = MIN_BITS;
    while (1 << bits < 2 * n + 2) bits++;
    this.bits = bits;
    this.index = new Int32Array(2 << bits);
    this.usedSlots = 0;
    this.keysArr = keys;
    this.vals = vals;
    for (let i = 0; i < keys.length; i++) this.place(keys[i]!, i);
  }

  /** Calls `visit(value, key)` for each entry, in insertion order. */
  forEach(visit: (v: V, k: number) => void): void {
    const keys = this.keysArr;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k !== HOLE) visit(this.vals[i] as V, k);
    }
  }

  /** The values in insertion order. */
  *values(): IterableIterator<V> {
    const keys = this.keysArr;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== HOLE) yield this.vals[i] as V;
  }

  /** The keys in insertion order. */
  *keys(): IterableIterator<number> {
    for (const k of this.keysArr) if (k !== HOLE) yield k;
  }

  /** A `Map` with the same entries in the same order. */
  toMap(): Map<unknown, V> {
    const m = new Map<unknown, V>();
    this.forEach((v, k) => m.set(k, v));
    return m;
  }
}
