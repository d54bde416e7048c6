/**
 * What an invariant checker returns: the violations it found in a trace, each naming the
 * invariant, the step, and what went wrong. Checkers are pure functions of the trace.
 */
import { formatTerm, isPid, type TraceEvent } from '../../src/index.js';

export interface Violation {
  invariant: string;
  /** The step of the event where the violation shows (or the last one). */
  step: number | undefined;
  message: string;
}

/** A pure checker over a trace. */
export type Invariant = (trace: readonly TraceEvent[]) => Violation[];

export const key = (x: unknown): string => (isPid(x) ? String(x) : formatTerm(x, 4));

/** Names registered at each point of a trace (register/unregister events), per node. */
export class NameTracker {
  private readonly names = new Map<string, string>();
  see(e: TraceEvent): void {
    if (e.kind === 'register') this.names.set(nameKey(e.node, e.name), String(e.pid));
    else if (e.kind === 'unregister' && this.names.get(nameKey(e.node, e.name)) === String(e.pid)) this.names.delete(nameKey(e.node, e.name));
  }
  /**
   * The pid (printed) a destination names now, seen from `node`: a pid, a name registered on
   * `node`, or `[name, n]` registered on node `n`; undefined when nothing is registered.
   */
  resolve(dest: unknown, node: string): string | undefined {
    if (isPid(dest)) return String(dest);
    if (typeof dest === 'string') return this.names.get(nameKey(node, dest));
    if (Array.isArray(dest) && dest.length === 2 && typeof dest[0] === 'string' && typeof dest[1] === 'string') return this.names.get(nameKey(dest[1], dest[0]));
    return undefined;
  }
}

const nameKey = (node: string, name: string): string => `${node}\u0000${name}`;

/** The violations as text, one a line. */
export function formatViolations(vs: readonly Violation[]): string {
  return vs.map((v) => `[${v.invariant}]${v.step !== undefined ? ` step ${v.step}` : ''}: ${v.message}`).join('\n');
}
