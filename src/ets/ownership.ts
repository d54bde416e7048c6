/**
 * Ownership: the owner, the heir, `giveAway`, `setopts` and what happens when a process dies
 * (ETS-13, ETS-14, ETS-18, PROC-7).
 *
 * One exit hook per node (installed by registry.ts) runs at each death, before links and
 * monitors fire: every table the dead process owned passes to its heir, if the heir is a live
 * local process other than the dead one, with `['ETS-TRANSFER', Tab, FromPid, HeirData]`
 * delivered to it; otherwise the table is deleted. The heir option stays as it was (as in OTP:
 * when the heir, now owner, dies in turn, the table is deleted). Then its fixations are
 * released.
 */
import { badarg, currentRuntime } from '../core/guard.js';
import { Pid } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import { copyTerm } from './copy.js';
import { releaseAllFixations } from './fixation.js';
import { callerPid, currentNode, destroy, indexAdd, indexRemove, owned, type EtsNode } from './registry.js';
import { PROTECTIONS, type Protection, type Tab, type Table } from './table.js';

/** The exit hook: hand over or delete what `pid` owned, release what it fixed. */
export function onProcessExit(node: EtsNode, pid: Pid): void {
  const tabs = node.owned.get(pid);
  if (tabs !== undefined) {
    for (const t of [...tabs]) {
      const heir = t.heir;
      const hp = heir !== 'none' && heir !== pid ? node.rt.lookup(heir) : undefined;
      if (hp !== undefined && hp.alive) transfer(node, t, hp, pid, t.heirData);
      else destroy(node, t);
    }
  }
  if (node.fixers.size !== 0) releaseAllFixations(node, pid);
}

/** Makes `to` the owner of `t` and tells it so (ETS-13/14). */
function transfer(node: EtsNode, t: Table, to: Proc, from: Pid, data: unknown): void {
  indexRemove(node.owned, t.owner, t);
  t.owner = to.pid;
  indexAdd(node.owned, to.pid, t);
  node.rt.deliver(to, ['ETS-TRANSFER', t.handle, from, copyTerm(data)]);
}

/** A local live process for `pid`, or undefined. */
function liveLocal(rt: Runtime, pid: unknown): Proc | undefined {
  if (!(pid instanceof Pid)) return undefined;
  const p = rt.lookup(pid);
  return p !== undefined && p.alive ? p : undefined;
}

/**
 * Validates a heir option value (`pid` must be a local pid); a heir that is not alive means
 * no heir (as OTP's `set_heir` does). Returns the heir to record.
 */
export function checkHeir(fn: string, rt: Runtime, pid: unknown): Pid | 'none' {
  if (pid === 'none') return 'none';
  if (!(pid instanceof Pid) || pid.node !== rt.node) return badarg(fn, 'heir', pid, 'a local pid or none');
  return liveLocal(rt, pid)?.pid ?? 'none';
}

/**
 * Gives the table to `pid`, which receives `['ETS-TRANSFER', Tab, FromPid, gift]` (ETS-14).
 * The caller must own the table; `pid` must be a live local process other than the caller.
 * @example ets.giveAway(tab, worker, 'yours')
 */
export function giveAway(tab: Tab, pid: Pid, gift: unknown): true {
  const t = owned('giveAway', tab);
  const to = liveLocal(currentRuntime('giveAway'), pid);
  if (to === undefined || to.pid === t.owner) return badarg('giveAway', 'pid', pid, 'a live local process other than the owner');
  transfer(currentNode('giveAway'), t, to, callerPid()!, gift);
  return true;
}

type SetOpt = readonly ['heir', Pid, unknown] | readonly ['heir', 'none'] | readonly ['protection', Protection];

/**
 * Sets table options after creation, only by the owner (ETS-14): the heir, and the protection
 * (OTP's `setopts` takes `{protection, P}` too, though its manual names only the heir). Takes
 * one option or a list of them; the list is checked whole before anything changes.
 * @example ets.setopts(tab, ['heir', supervisorPid, 'handover'])
 * @example ets.setopts(tab, [['protection', 'public'], ['heir', 'none']])
 */
export function setopts(tab: Tab, opts: SetOpt | readonly SetOpt[]): true {
  const t = owned('setopts', tab);
  const rt = currentRuntime('setopts');
  const list = (Array.isArray(opts) && (opts[0] === 'heir' || opts[0] === 'protection') ? [opts] : opts) as readonly unknown[];
  if (!Array.isArray(list)) return badarg('setopts', 'opts', opts, 'a heir or protection option, or a list of them');
  const changes: (() => void)[] = [];
  for (const o of list) {
    if (Array.isArray(o) && o.length === 2 && o[0] === 'protection' && PROTECTIONS.includes(o[1])) {
      const p = o[1] as Protection;
      changes.push(() => (t.protection = p));
      continue;
    }
    const ok = Array.isArray(o) && o[0] === 'heir' && ((o.length === 2 && o[1] === 'none') || o.length === 3);
    if (!ok) return badarg('setopts', 'opts', o, "['heir', Pid, Data], ['heir', 'none'] or ['protection', P]");
    const heir = checkHeir('setopts', rt, o[1]);
    const data = heir === 'none' ? undefined : copyTerm(o[2]);
    changes.push(() => {
      t.heir = heir;
      t.heirData = data;
    });
  }
  for (const change of changes) change();
  return true;
}
