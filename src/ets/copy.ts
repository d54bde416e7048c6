/**
 * ETS-20: objects are copied into a table and out of it, so mutating a value after `insert`
 * or after `lookup` never changes the table.
 *
 * The copy is structural and cheap: arrays (tuples and lists), plain objects and `Map`s are
 * copied recursively, binaries are sliced; `Pid`, `Ref`, functions and other class instances
 * keep their identity (they are opaque handles, as in Erlang). Arrays of immediates, the
 * common ETS object, cost one `slice`.
 */
import { Pid, Ref } from '../core/pid.js';

/** A structural copy of `x` (identity kept for pids, refs and opaque objects). */
export function copyTerm<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return copyArray(x) as T;
  if (x instanceof Pid || x instanceof Ref) return x;
  const proto = Object.getPrototypeOf(x);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const k of Object.keys(x)) out[k] = copyTerm((x as Record<string, unknown>)[k]);
    return out as T;
  }
  if (x instanceof Map) {
    const out = new Map();
    for (const [k, v] of x) out.set(copyTerm(k), copyTerm(v));
    return out as T;
  }
  if (x instanceof Uint8Array) return x.slice() as T;
  return x;
}

/** Copies an array: one `slice` when every element is an immediate (the common object). */
export function copyArray(a: readonly unknown[]): unknown[] {
  for (let i = 0; i < a.length; i++) {
    const e = a[i];
    if (typeof e === 'object' && e !== null) return copyNested(a);
  }
  return a.slice();
}

function copyNested(a: readonly unknown[]): unknown[] {
  const out = a.slice();
  for (let i = 0; i < out.length; i++) out[i] = copyTerm(out[i]);
  return out;
}
