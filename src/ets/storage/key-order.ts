/**
 * The traversal order of the hash tables (`set`, `bag`, `duplicate_bag`), kept apart from
 * their `Map` so that inserts and lookups pay nothing for it until a traversal needs it.
 *
 * Table order (documented): keys in the order they were first inserted; deleting a key and
 * inserting it again moves it to the end. This is the iteration order of the storage's `Map`;
 * a `KeyOrder` is built from it on the first `first`/`next` (or when the table is fixed) and
 * then maintained, giving `next` in O(1) amortised. Deleted keys leave holes, compacted when
 * they outnumber the live keys, except while the table is fixed (`safeFixtable`): then a
 * deleted key is remembered as a ghost so `next(T, DeletedKey)` still continues (ETS-17).
 */
import { MISSING } from './storage.js';

const HOLE: unique symbol = Symbol('ets.hole');
const COMPACT_MIN = 64;

export class KeyOrder {
  /** Map keys (`termKey`s) in table order; holes where keys were deleted. */
  private keys: unknown[] = [];
  private readonly pos = new Map<unknown, number>();
  private holes = 0;
  private ghosts: Map<unknown, number> | null = null;

  constructor(
    mapKeys: Iterable<unknown>,
    private fixed: boolean,
  ) {
    for (const mk of mapKeys) this.added(mk);
  }

  /** How many deleted keys the fixed table remembers. */
  get kept(): number {
    return this.ghosts?.size ?? 0;
  }

  /** A new key was inserted (it goes last). */
  added(mk: unknown): void {
    this.pos.set(mk, this.keys.length);
    this.keys.push(mk);
  }

  /** A key was deleted. */
  removed(mk: unknown): void {
    const i = this.pos.get(mk);
    if (i === undefined) return;
    this.pos.delete(mk);
    this.keys[i] = HOLE;
    this.holes++;
    if (this.fixed) (this.ghosts ??= new Map()).set(mk, i);
    else this.maybeCompact();
  }

  setFixed(fixed: boolean): void {
    this.fixed = fixed;
    if (fixed) return;
    this.ghosts = null;
    this.maybeCompact();
  }

  private maybeCompact(): void {
    if (this.holes <= COMPACT_MIN || this.holes * 2 <= this.keys.length) return;
    const live = this.keys.filter((k) => k !== HOLE);
    this.keys = live;
    this.pos.clear();
    for (let i = 0; i < live.length; i++) this.pos.set(live[i], i);
    this.holes = 0;
  }

  private from(i: number): unknown {
    const keys = this.keys;
    for (; i < keys.length; i++) if (keys[i] !== HOLE) return keys[i];
    return END_MARK;
  }

  /** The first map key, or {@link END_MARK}. */
  first(): unknown {
    return this.from(0);
  }

  /** The map key after `mk`, {@link END_MARK}, or {@link MISSING} when `mk` is unknown. */
  next(mk: unknown): unknown {
    const i = this.pos.get(mk) ?? this.ghosts?.get(mk);
    return i === undefined ? MISSING : this.from(i + 1);
  }
}

/** Marks the end of the order (distinct from any map key, including `'$end_of_table'`). */
export const END_MARK: unique symbol = Symbol('ets.end');
