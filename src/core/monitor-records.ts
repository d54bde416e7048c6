/**
 * Monitor and alias records, reached from their ref without hashing.
 *
 * As a pid caches its process, a ref carries its active alias and its active monitor
 * ({@link Ref.aliasOf}, {@link Ref.monitorOf}; not part of the term). Each process keeps
 * only what must be walked at its death, as intrusive doubly linked lists: the monitors it
 * holds and those held on it (both in creation order, which the order of DOWN messages and
 * `process_info` follow; `monitored_by` reads it back to front, as OTP 25), and its aliases.
 * Adding and removing is O(1) and allocates one record.
 */
import { Ref } from './pid.js';
import type { AliasMode, Proc } from './process.js';
import type { Term } from './term.js';

/** A monitor, as seen from both ends; linked into both processes' lists while active. */
export class Monitor {
  /** Neighbours in `origin.monitors` (the monitors the origin holds). */
  prevHeld: Monitor | null = null;
  nextHeld: Monitor | null = null;
  /** Neighbours in `target.monitoredBy` (the monitors held on the target). */
  prevOn: Monitor | null = null;
  nextOn: Monitor | null = null;

  constructor(
    readonly ref: Ref,
    /** The monitoring process. */
    readonly origin: Proc,
    /** The monitored process. */
    readonly target: Proc,
    /** What the DOWN message names: the pid, or `[name, node]` when monitored by name. */
    readonly object: Term,
    /** The first element of the DOWN message (MON-7's `{tag, T}`), `'DOWN'` by default. */
    readonly tag: Term,
  ) {}
}

/** An active alias: messages sent to its ref reach `owner`. */
export class Alias {
  prev: Alias | null = null;
  next: Alias | null = null;

  constructor(
    readonly ref: Ref,
    readonly owner: Proc,
    readonly mode: AliasMode,
    /** True when the alias belongs to the monitor of the same ref (removed with it). */
    readonly monitor: boolean,
  ) {}
}

/** Activates an alias of `owner` on `ref`. */
export function addAlias(owner: Proc, ref: Ref, mode: AliasMode, monitor: boolean): void {
  const a = new Alias(ref, owner, mode, monitor);
  const head = owner.aliases;
  if (head !== null) {
    a.next = head;
    head.prev = a;
  }
  owner.aliases = a;
  Ref.cacheAlias(ref, a);
}

/** Deactivates the alias on `ref`, if any. */
export function removeAlias(ref: Ref): void {
  const a = Ref.aliasOf(ref) as Alias | undefined;
  if (a === undefined) return;
  Ref.cacheAlias(ref, undefined);
  const { prev, next } = a;
  if (prev === null) a.owner.aliases = next;
  else prev.next = next;
  if (next !== null) next.prev = prev;
}

/** Deactivates every alias of a dying process (MON-6). */
export function dropAliases(p: Proc): void {
  for (let a = p.aliases; a !== null; a = a.next) Ref.cacheAlias(a.ref, undefined);
  p.aliases = null;
}

/** Records `mon` in both processes' lists and on its ref. */
export function linkMonitor(mon: Monitor): void {
  const o = mon.origin;
  const t = mon.target;
  const heldTail = o.monitorsTail;
  if (heldTail === null) o.monitors = mon;
  else {
    heldTail.nextHeld = mon;
    mon.prevHeld = heldTail;
  }
  o.monitorsTail = mon;
  const onTail = t.monitoredByTail;
  if (onTail === null) t.monitoredBy = mon;
  else {
    onTail.nextOn = mon;
    mon.prevOn = onTail;
  }
  t.monitoredByTail = mon;
  Ref.cacheMonitor(mon.ref, mon);
}

/** Takes `mon` out of its origin's list of held monitors. */
export function unlinkHeld(mon: Monitor): void {
  const o = mon.origin;
  const { prevHeld: prev, nextHeld: next } = mon;
  if (prev === null) o.monitors = next;
  else prev.nextHeld = next;
  if (next === null) o.monitorsTail = prev;
  else next.prevHeld = prev;
}

/** Takes `mon` out of its target's list of monitors held on it. */
export function unlinkOn(mon: Monitor): void {
  const t = mon.target;
  const { prevOn: prev, nextOn: next } = mon;
  if (prev === null) t.monitoredBy = next;
  else prev.nextOn = next;
  if (next === null) t.monitoredByTail = prev;
  else next.prevOn = prev;
}

/** Removes an active monitor from both lists and from its ref. */
export function unlinkMonitor(mon: Monitor): void {
  unlinkHeld(mon);
  unlinkOn(mon);
  Ref.cacheMonitor(mon.ref, undefined);
}
