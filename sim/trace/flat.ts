/**
 * Messages flattened into the trace recorder's reference fields (see recorder.ts): a tuple
 * (a plain array, nested ones too) is written as a {@link Tuple} marker giving its length and
 * then its elements; anything else (atoms, numbers, pids, refs, objects) as itself. Reading
 * builds fresh arrays, `termEquals` to what was written and printed the same.
 */

/** The most slots one event's record may take. */
export const MAX_FIELDS = 32;

/** In the reference fields: "a tuple of `n` elements follows" (never a term: this class is private). */
class Tuple {
  constructor(readonly n: number) {}
}
const TUPLES: readonly Tuple[] = Array.from({ length: MAX_FIELDS }, (_, n) => new Tuple(n));

/** A plain array: a tuple. A subclass of Array keeps its class, so it is kept as itself. */
export function isTuple(m: unknown): m is unknown[] {
  return Array.isArray(m) && m.constructor === Array;
}

/**
 * Writes `m` into `c` from `o`: a tuple as its marker and its elements, anything else as
 * itself. Returns the offset after it, or -1 when it would pass `end` (then the caller keeps
 * the message as one reference; what was written is garbage past the record's end,
 * overwritten by the next event).
 */
function flatten(c: unknown[], o: number, m: unknown, end: number): number {
  if (!isTuple(m)) {
    c[o] = m;
    return o + 1;
  }
  if (o + 1 + m.length > end) return -1;
  c[o] = TUPLES[m.length];
  return elements(c, o + 1, m, end);
}

/** Writes the elements of the tuple `m` from `o`, flattened, without its own marker; the offset after them, or -1 past `end`. */
export function elements(c: unknown[], o: number, m: unknown[], end: number): number {
  const n = m.length;
  if (o + n > end) return -1;
  for (let i = 0; i < n; i++) {
    const x: unknown = m[i];
    if (isTuple(x)) {
      o = flatten(c, o, x, end);
      if (o < 0 || o + (n - i - 1) > end) return -1; // what is left must still fit
    } else c[o++] = x;
  }
  return o;
}

/** Rebuilds flattened messages; `at` is where the last read stopped. */
export class FlatReader {
  at = 0;

  /** A tuple of `n` elements written from `r[j]` without its marker, rebuilt. */
  tuple(r: readonly unknown[], j: number, n: number): unknown[] {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.value(r, j);
      j = this.at;
    }
    this.at = j;
    return out;
  }

  /** The value flattened at `r[j]`, rebuilt. */
  private value(r: readonly unknown[], j: number): unknown {
    const v = r[j++];
    if (!(v instanceof Tuple)) {
      this.at = j;
      return v;
    }
    return this.tuple(r, j, v.n);
  }
}
