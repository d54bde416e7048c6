/**
 * The tables of one node (ETS-22: tables are node-local), kept in `rt.ext`, and the one
 * place where a call finds its table and checks the caller's rights (ETS-12).
 *
 * Who is calling: inside a process, `ctx.proc`; a violation raises `error(badarg)`. Outside
 * any process (test code in `sim.inspect(() => …)`), the caller is "nobody": it has the
 * rights of a process that is not the owner (it may read `public` and `protected` tables and
 * write `public` ones), and a violation throws a typed `BadArgumentError` naming the argument.
 * Calls that need a process of their own (`new`, `safeFixtable`) throw `NotInProcessError`.
 */
import { ctx } from '../core/context.js';
import { badarg, currentRuntime } from '../core/guard.js';
import { Pid, Ref } from '../core/pid.js';
import type { Runtime } from '../core/runtime.js';
import { onProcessExit } from './ownership.js';
import type { Table } from './table.js';

/** The ETS state of one node. */
export interface EtsNode {
  readonly rt: Runtime;
  /** Live tables by tid, in creation order. */
  readonly tables: Map<Ref, Table>;
  /** Named tables by name. */
  readonly names: Map<string, Table>;
  /** Tables by owner, for owner death (ETS-13). */
  readonly owned: Map<Pid, Set<Table>>;
  /** Tables by fixing process, for release at death (ETS-18). */
  readonly fixers: Map<Pid, Set<Table>>;
}

const EXT_KEY = 'ets';
let lastRt: Runtime | null = null;
let lastNode: EtsNode | null = null;

/** The ETS state of `rt`, created (with its exit hook) on first use. */
export function etsNode(rt: Runtime): EtsNode {
  if (rt === lastRt) return lastNode!;
  let node = rt.ext.get(EXT_KEY) as EtsNode | undefined;
  if (node === undefined) {
    const created: EtsNode = { rt, tables: new Map(), names: new Map(), owned: new Map(), fixers: new Map() };
    rt.ext.set(EXT_KEY, created);
    rt.exitHooks.push((p) => onProcessExit(created, p.pid));
    node = created;
  }
  lastRt = rt;
  lastNode = node;
  return node;
}

/** The ETS state of the running node. */
export function currentNode(fn: string): EtsNode {
  return etsNode(currentRuntime(fn));
}

/** The live table named by `tab` (tid or name), or undefined. */
export function findTable(node: EtsNode, tab: unknown): Table | undefined {
  if (tab instanceof Ref) return node.tables.get(tab);
  if (typeof tab === 'string') return node.names.get(tab);
  return undefined;
}

/** The caller's pid, or null outside any process. */
export function callerPid(): Pid | null {
  const p = ctx.proc;
  return p === null ? null : p.pid;
}

// The last table found by tid: most programs hit one table many times in a row.
let lastTid: Ref | null = null;
let lastTable: Table | null = null;

/** The live table named by `tab` on the running node, or undefined. */
function resolve(fn: string, tab: unknown): Table | undefined {
  const rt = ctx.rt;
  if (tab === lastTid && rt !== null && lastTable!.rt === rt && lastTable!.alive) return lastTable!;
  const t = findTable(currentNode(fn), tab);
  if (t !== undefined && tab instanceof Ref) {
    lastTid = tab;
    lastTable = t;
  }
  return t;
}

/** The table `tab`, checked for read access; `badarg` otherwise. */
export function readable(fn: string, tab: unknown): Table {
  const t = resolve(fn, tab);
  if (t === undefined) return badarg(fn, 'table', tab, 'a live table');
  if (t.protection === 'private' && t.owner !== callerPid()) return badarg(fn, 'table', tab, 'a table the caller may read (private)');
  return t;
}

/** The table `tab`, checked for write access; `badarg` otherwise. */
export function writable(fn: string, tab: unknown): Table {
  const t = resolve(fn, tab);
  if (t === undefined) return badarg(fn, 'table', tab, 'a live table');
  if (t.protection !== 'public' && t.owner !== callerPid()) return badarg(fn, 'table', tab, `a table the caller may write (${t.protection})`);
  return t;
}

/** The table `tab`, which the caller must own; `badarg` otherwise. */
export function owned(fn: string, tab: unknown): Table {
  const t = resolve(fn, tab);
  if (t === undefined) return badarg(fn, 'table', tab, 'a live table');
  if (t.owner !== callerPid()) return badarg(fn, 'table', tab, 'a table the caller owns');
  return t;
}

/** Adds `t` to `owner`'s set in `index`. */
export function indexAdd(index: Map<Pid, Set<Table>>, owner: Pid, t: Table): void {
  let s = index.get(owner);
  if (s === undefined) index.set(owner, (s = new Set()));
  s.add(t);
}

/** Removes `t` from `owner`'s set in `index`. */
export function indexRemove(index: Map<Pid, Set<Table>>, owner: Pid, t: Table): void {
  const s = index.get(owner);
  if (s === undefined) return;
  s.delete(t);
  if (s.size === 0) index.delete(owner);
}

/** Removes `t` from the node: it is dead from now on (ETS-11). */
export function destroy(node: EtsNode, t: Table): void {
  t.alive = false;
  node.tables.delete(t.tid);
  if (t.named && node.names.get(t.name) === t) node.names.delete(t.name);
  indexRemove(node.owned, t.owner, t);
  if (t.fixations !== null) for (const pid of t.fixations.keys()) indexRemove(node.fixers, pid, t);
  t.fixations = null;
  t.store.setFixed(false);
  t.store.clear();
}
