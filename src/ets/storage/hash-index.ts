/**
 * The keyed index shared by the hash tables (`set`, `bag`, `duplicate_bag`): a `Map` from
 * `termKey(key)` to a slot, plus an array of the slots in the order their keys were first
 * inserted, so `first`/`next` cost O(1) amortised and iteration order is deterministic.
 *
 * Table order (documented): keys in the order they were first inserted; deleting a key and
 * inserting it again moves it to the end. Deleted slots leave holes that are compacted when
 * they outnumber the live ones, except while the table is fixed (`safeFixtable`): then a
 * deleted key is remembered as a ghost so `next(T, DeletedKey)` still continues (ETS-17).
 */
import { termKey } from '../../core/term.js';
import { END, MISSING } from './storage.js';

export interface Slot {
  key: unknown;
  idx: number;
}

const COMPACT_MIN = 64;

export abstract class HashIndex<S extends Slot> {
  protected readonly map = new Map<unknown, S>();
  private order: (S | undefined)[] = [];
  private holes = 0;
  private fixed = false;
  private ghosts: Map<unknown, number> | null = null;

  protected addSlot(mk: unknown, slot: S): void {
    slot.idx = this.order.length;
    this.order.push(slot);
    this.map.set(mk, slot);
  }

  protected removeSlot(mk: unknown, slot: S): void {
    this.map.delete(mk);
    this.order[slot.idx] = undefined;
    this.holes++;
    if (this.fixed) (this.ghosts ??= new Map()).set(mk, slot.idx);
    else if (this.holes > COMPACT_MIN && this.holes * 2 > this.order.length) this.compact();
  }

  protected clearSlots(): void {
    if (this.fixed) {
      for (const [mk, s] of this.map) this.removeSlot(mk, s);
      return;
    }
    this.map.clear();
    this.order = [];
    this.holes = 0;
  }

  private compact(): void {
    const live: S[] = [];
    for (const s of this.order) {
      if (s === undefined) continue;
      s.idx = live.length;
      live.push(s);
    }
    this.order = live;
    this.holes = 0;
  }

  setFixed(fixed: boolean): void {
    this.fixed = fixed;
    if (fixed) return;
    this.ghosts = null;
    if (this.holes > COMPACT_MIN && this.holes * 2 > this.order.length) this.compact();
  }

  private keyFrom(idx: number): unknown {
    const order = this.order;
    for (let i = idx; i < order.length; i++) {
      const s = order[i];
      if (s !== undefined) return s.key;
    }
    return END;
  }

  firstKey(): unknown {
    return this.keyFrom(0);
  }

  nextKey(key: unknown): unknown {
    const mk = termKey(key);
    const idx = this.map.get(mk)?.idx ?? this.ghosts?.get(mk);
    return idx === undefined ? MISSING : this.keyFrom(idx + 1);
  }

  /** Hash tables have no order to reverse: `last` is `first` (as in OTP). */
  lastKey(): unknown {
    return this.firstKey();
  }

  prevKey(key: unknown): unknown {
    return this.nextKey(key);
  }

  protected slots(visit: (s: S) => void): void {
    const order = this.order;
    for (let i = 0; i < order.length; i++) {
      const s = order[i];
      if (s !== undefined) visit(s);
    }
  }
}
