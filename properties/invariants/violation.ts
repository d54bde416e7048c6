/**
 * What an invariant checker returns: the violations it found in a trace, each naming the
 * invariant, the step, and what went wrong. Checkers are pure functions of the trace.
 */
import { formatTerm, isPid, Pid, Ref, type TraceEvent } from '../../src/index.js';

export interface Violation {
  invariant: string;
  /** The step of the event where the violation shows (or the last one). */
  step: number | undefined;
  message: string;
}

/** A pure checker over a trace. */
export type Invariant = (trace: readonly TraceEvent[]) => Violation[];

export const key = (x: unknown): string => (isPid(x) ? String(x) : formatTerm(x, 4));

/** Node indexes below this make number keys (see {@link idKey}). */
const NODE_SPAN = 1024;

/**
 * What tells a process (or a ref) apart from the others of one trace, as its printed form
 * `<N.S.0>` does, without printing it: a number for a pid or a ref, else the printed value.
 * (A checker keeps pids and refs in different maps.) Printing a pid for every event was most of
 * what the checkers cost.
 */
export function idKey(x: unknown): number | string {
  if ((x instanceof Pid || x instanceof Ref) && x.nodeIndex < NODE_SPAN) return x.serial * NODE_SPAN + x.nodeIndex;
  return String(x);
}

/** Names registered at each point of a trace (register/unregister events), per node. */
export class NameTracker {
  /** Node, then name: the pid that has it. */
  private readonly names = new Map<string, Map<string, Pid>>();
  see(e: TraceEvent): void {
    if (e.kind === 'register') {
      let m = this.names.get(e.node);
      if (m === undefined) this.names.set(e.node, (m = new Map()));
      m.set(e.name, e.pid);
    } else if (e.kind === 'unregister') {
      const m = this.names.get(e.node);
      const had = m?.get(e.name);
      if (had !== undefined && idKey(had) === idKey(e.pid)) m!.delete(e.name);
    }
  }
  /**
   * The pid a destination names now, seen from `node`: a pid, a name registered on `node`, or
   * `[name, n]` registered on node `n`; undefined when nothing is registered.
   */
  resolve(dest: unknown, node: string): Pid | undefined {
    if (isPid(dest)) return dest;
    if (typeof dest === 'string') return this.names.get(node)?.get(dest);
    if (Array.isArray(dest) && dest.length === 2 && typeof dest[0] === 'string' && typeof dest[1] === 'string') return this.names.get(dest[1])?.get(dest[0]);
    return undefined;
  }
}

/**
 * The violations as text, one a line.
 *
 * @example `const vs = checkInvariants(result.trace); expect(vs, formatViolations(vs)).toEqual([]);`
 */
export function formatViolations(vs: readonly Violation[]): string {
  return vs.map((v) => `[${v.invariant}]${v.step !== undefined ? ` step ${v.step}` : ''}: ${v.message}`).join('\n');
}
