/**
 * `global` locks (GLOB-5) and `global:sync/0` (GLOB-6), on one node for now: the Distribution
 * issue makes the lock table cluster-wide, as it makes the name table.
 *
 * A lock is on a resource and held by a requester: `[ResourceId, LockRequesterId]`. Any number
 * of processes may set the same lock (the same resource and requester); it is free again when
 * each of them has deleted it or died. A process that asks for a lock another requester holds
 * sleeps and tries again, `retries` times (`'infinity'` by default); the sleeps are OTP's: up
 * to 1/8 s the first time, doubling up to 8 s, drawn from the run's seeded entropy.
 */
import { ErlangError } from '../core/errors.js';
import { callerProc, currentRuntime } from '../core/guard.js';
import type { Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import { termKey } from '../core/term-key.js';
import type { Op } from '../core/effects.js';
import { sleep } from '../core/api/timer-module.js';

/** A lock id: `[ResourceId, LockRequesterId]`. */
export type LockId = readonly [Term, Term];

interface Lock {
  requester: unknown;
  holders: Set<Proc>;
}

function lockTable(rt: Runtime): Map<unknown, Lock> {
  let t = rt.ext.get('global.locks') as Map<unknown, Lock> | undefined;
  if (t === undefined) {
    const table = new Map<unknown, Lock>();
    t = table;
    rt.ext.set('global.locks', table);
    // A lock goes with the last of its holders to die.
    rt.exitHooks.push((p) => {
      const held = p.ext?.globalLocks as Set<unknown> | undefined;
      if (held === undefined) return;
      for (const k of held) release(table, k, p);
    });
  }
  return t;
}

function release(table: Map<unknown, Lock>, k: unknown, p: Proc): void {
  const l = table.get(k);
  if (l === undefined || !l.holders.delete(p)) return;
  if (l.holders.size === 0) table.delete(k);
  (p.ext?.globalLocks as Set<unknown> | undefined)?.delete(k);
}

/** Bad arguments fail as OTP's clause heads do: `function_clause`. */
function checkId(id: unknown): asserts id is LockId {
  if (!Array.isArray(id) || id.length !== 2) throw new ErlangError('function_clause');
}

/** Whether this node is among `nodes` (a lock is only taken on the nodes named). */
function onThisNode(rt: Runtime, nodes: readonly string[] | undefined): boolean {
  if (nodes === undefined) return true;
  if (!Array.isArray(nodes)) throw new ErlangError('function_clause');
  return nodes.includes(rt.node);
}

/** Tries once: true when the lock is free or already held by this requester. */
function tryLock(rt: Runtime, p: Proc, id: LockId): boolean {
  const table = lockTable(rt);
  const k = termKey(id[0]);
  const requester = termKey(id[1]);
  const l = table.get(k);
  if (l !== undefined && l.requester !== requester) return false;
  if (l === undefined) table.set(k, { requester, holders: new Set([p]) });
  else l.holders.add(p);
  const ext = (p.ext ??= {});
  ((ext.globalLocks ??= new Set<unknown>()) as Set<unknown>).add(k);
  return true;
}

/** How long OTP's global sleeps before try `times` + 1 (`random_sleep/1`), drawn from the run's entropy. */
function backoffMs(rt: Runtime, times: number): number {
  const max = times > 5 ? 8000 : ((1 << times) * 1000) >> 3;
  return 1 + Math.floor(rt.host.entropy.uniform() * max);
}

/**
 * Sets the lock `[resource, requester]` for the calling process (`global:set_lock/1,2,3`):
 * `true` when it holds it, `false` when another requester still held it after `retries`
 * further tries.
 *
 * @example
 * ```ts
 * if (yield* globalRegistry.setLock(['db', self()], undefined, 0)) { ...; globalRegistry.delLock(['db', self()]); }
 * ```
 */
export function* setLock(id: LockId, nodes?: readonly string[], retries: number | 'infinity' = 'infinity'): Op<boolean> {
  const rt = currentRuntime('global.setLock');
  const p = callerProc()!;
  checkId(id);
  if (retries !== 'infinity' && !(Number.isInteger(retries) && retries >= 0)) throw new ErlangError('function_clause');
  if (!onThisNode(rt, nodes)) return true; // no node asked refused it (OTP counts the replies it got)
  for (let times = 0, left = retries; ; times++) {
    if (tryLock(rt, p, id)) return true;
    if (left === 0) return false;
    if (left !== 'infinity') left--;
    yield* sleep(backoffMs(rt, times));
  }
}

/**
 * Deletes the calling process's hold on the lock `[resource, requester]` (`global:del_lock/1,2`);
 * always `true`. The lock is free once every process that set it has deleted it or died.
 *
 * @example `globalRegistry.delLock(['db', self()]);`
 */
export function delLock(id: LockId, nodes?: readonly string[]): true {
  const rt = currentRuntime('global.delLock');
  const p = callerProc()!;
  checkId(id);
  if (!onThisNode(rt, nodes)) return true;
  const table = lockTable(rt);
  const k = termKey(id[0]);
  if (table.get(k)?.requester === termKey(id[1])) release(table, k, p);
  return true;
}

/**
 * Runs `fun` holding the lock (`global:trans/2,3,4`): its result, or `'aborted'` when the lock
 * could not be set. The lock is deleted however `fun` ends (`{badfun, F}` when `fun` is not a
 * function, as calling it in Erlang). `fun` may be a generator function.
 *
 * @example `const r = yield* globalRegistry.trans(['counter', self()], () => bump());`
 */
export function* trans<T>(id: LockId, fun: () => T | Op<T>, nodes?: readonly string[], retries: number | 'infinity' = 'infinity'): Op<T | 'aborted'> {
  if (!(yield* setLock(id, nodes, retries))) return 'aborted';
  try {
    if (typeof fun !== 'function') throw new ErlangError(['badfun', fun as Term]);
    const r = fun();
    return isOp<T>(r) ? yield* r : r;
  } finally {
    delLock(id, nodes);
  }
}

function isOp<T>(x: unknown): x is Op<T> {
  return typeof x === 'object' && x !== null && typeof (x as Op<T>).next === 'function' && typeof (x as Op<T>)[Symbol.iterator] === 'function';
}

/**
 * `global:sync/0`: `'ok'` once the name tables of the known nodes are exchanged (one node: at once).
 *
 * @example `globalRegistry.sync(); // 'ok'`
 */
export function sync(): 'ok' {
  currentRuntime('global.sync');
  return 'ok';
}
