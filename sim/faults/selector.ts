/**
 * Resolving a fault's target to a process when the fault fires.
 *
 * A supervisor child path resolves through a small seam: a supervising process publishes
 * `proc.ext.children = () => [[id, pid], …]`, or a test registers a {@link ChildrenOf}
 * function that lists a supervisor's children as `[id, pid]`;
 * the path's first element is a registered name, each next one a child id under the previous.
 * A live process chosen "at random" is a strategy decision, so it is recorded and replayed.
 */
import { termEquals, Status, type Pid, type Proc, type Runtime, type Term } from '../../src/index.js';
import type { Selector } from './plan.js';

/** Lists the children of a supervisor process, or undefined when `sup` is not one. */
export type ChildrenOf = (rt: Runtime, sup: Proc) => ReadonlyArray<readonly [id: Term, pid: Pid | undefined]> | undefined;

/**
 * The default seam: a behaviour that supervises children sets `proc.ext.children` to a
 * function listing them as `[id, pid | undefined]` (the runtime layer needs no import of sim).
 */
const fromExt: ChildrenOf = (_rt, sup) => {
  const f = sup.ext?.children;
  return typeof f === 'function' ? (f as () => ReadonlyArray<readonly [Term, Pid | undefined]>)() : undefined;
};

const childrenResolvers: ChildrenOf[] = [fromExt];

/**
 * Registers how to list a supervisor's children, so that path selectors
 * (`{ by: 'path', path: ['top', 'db_sup', 'conn_3'] }`) resolve. Idempotent per function.
 *
 * @example `registerChildrenOf((rt, p) => mySupervisorState(p)?.children.map((c) => [c.id, c.pid]))`
 */
export function registerChildrenOf(fn: ChildrenOf): void {
  if (!childrenResolvers.includes(fn)) childrenResolvers.push(fn);
}

function childrenOf(rt: Runtime, sup: Proc): ReadonlyArray<readonly [Term, Pid | undefined]> | undefined {
  for (const fn of childrenResolvers) {
    const c = fn(rt, sup);
    if (c !== undefined) return c;
  }
  return undefined;
}

/**
 * The live process a path names, or undefined.
 *
 * @example `resolvePath(sim.runtime, ['top', 'db_sup', 'conn_3'])?.pid // what { by: 'path' } would hit now`
 */
export function resolvePath(rt: Runtime, path: readonly string[]): Proc | undefined {
  let cur = rt.names.get(path[0]!);
  for (let i = 1; i < path.length && cur !== undefined; i++) {
    const kids = childrenOf(rt, cur);
    const hit = kids?.find(([id]) => termEquals(id, path[i]));
    cur = hit?.[1] === undefined ? undefined : rt.lookup(hit[1]);
  }
  return cur !== undefined && cur.alive ? cur : undefined;
}

/** The live processes a random selector chooses from: all but `main`, in spawn order. */
export function liveCandidates(rt: Runtime, main: Proc | null): Proc[] {
  const out: Proc[] = [];
  for (const p of rt.procs.values()) if (p !== main && p.status < Status.Exiting) out.push(p);
  return out;
}

/** Who answers for a random selector: the main process to leave out, and a recorded choice. */
export interface Picker {
  readonly mainProc: Proc | null;
  /** "Which of n live processes": a recorded strategy decision. */
  chooseOther(n: number): number;
}

/** The process a selector names now (`{ by: 'any' }` asks `picker`). */
export function resolveSelector(rt: Runtime, s: Selector, picker: Picker): Proc | undefined {
  switch (s.by) {
    case 'name': {
      const p = rt.names.get(s.name);
      return p !== undefined && p.alive ? p : undefined;
    }
    case 'path':
      return resolvePath(rt, s.path);
    case 'any': {
      const c = liveCandidates(rt, picker.mainProc);
      if (c.length === 0) return undefined;
      return c[c.length === 1 ? 0 : picker.chooseOther(c.length)];
    }
  }
}
