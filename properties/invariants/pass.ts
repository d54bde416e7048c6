/**
 * One pass over a trace for several checkers. A checker is a {@link Pass}: handlers for the
 * event kinds it reads, and what it found at the end. {@link runPasses} reads each event's kind
 * once, keeps the registered names (for every pass, as of that event), and calls only the
 * handlers of that kind; the kernel checkers run together this way, so a trace is read once,
 * not once a checker (reading an event's kind, from events of a dozen shapes, was most of what
 * a checker cost).
 */
import type { TraceEvent } from '../../src/index.js';
import { NameTracker, type Violation } from './violation.js';

type Ev<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

/** Handlers by event kind; each sees the names registered as of its event. */
export type Handlers = { [K in TraceEvent['kind']]?: (e: Ev<K>, names: NameTracker) => void };

/** A checker over one pass of a trace. */
export interface Pass {
  readonly on: Handlers;
  /** The violations found, once every event has been seen. */
  end(): Violation[];
}

/**
 * Runs `passes` over `trace` in one reading; returns each pass's violations, in order.
 *
 * @example `const [links, monitors] = runPasses(result.trace, [checkLinks.pass(), checkMonitors.pass()]);`
 */
export function runPasses(trace: readonly TraceEvent[], passes: readonly Pass[]): Violation[][] {
  const byKind = new Map<string, ((e: TraceEvent, names: NameTracker) => void)[]>();
  for (const p of passes) {
    for (const [kind, h] of Object.entries(p.on) as [string, (e: TraceEvent, names: NameTracker) => void][]) {
      const list = byKind.get(kind);
      if (list === undefined) byKind.set(kind, [h]);
      else list.push(h);
    }
  }
  const names = new NameTracker();
  for (const e of trace) {
    const kind = e.kind;
    if (kind === 'register' || kind === 'unregister') names.see(e);
    const hs = byKind.get(kind);
    if (hs !== undefined) for (let i = 0; i < hs.length; i++) hs[i]!(e, names);
  }
  return passes.map((p) => p.end());
}

/** The checker function of a pass: what users call (`checkLinks(trace)`), and what `checkInvariants` fuses. */
export interface PassInvariant {
  (trace: readonly TraceEvent[]): Violation[];
  /** Makes a fresh pass of this checker. */
  readonly pass: () => Pass;
}

/**
 * Makes the checker function of a pass: a user's own invariant, run in the same reading of the
 * trace as the kernel checkers by {@link checkInvariants}.
 *
 * @example
 * ```ts
 * const noKills = passInvariant(() => {
 *   const out: Violation[] = [];
 *   return { on: { exitSignal: (e) => { if (e.reason === 'kill') out.push({ invariant: 'noKills', step: e.step, message: `${e.pid} killed` }); } }, end: () => out };
 * });
 * expect(checkInvariants(result.trace, [...Object.values(kernelInvariants), noKills])).toEqual([]);
 * ```
 */
export function passInvariant(pass: () => Pass): PassInvariant {
  return Object.assign((trace: readonly TraceEvent[]) => runPasses(trace, [pass()])[0]!, { pass });
}
