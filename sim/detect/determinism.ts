/**
 * The harness checks itself (after madsim's `check_determinism`): run each seed twice and
 * compare the traces event by event; the first difference is reported with both versions.
 */
import type { ProcessBody } from '../../src/index.js';
import { formatLine } from '../trace/format.js';
import { Simulation, type SimulationOptions } from '../simulation.js';

export interface DeterminismReport {
  ok: boolean;
  /** Seeds checked. */
  runs: number;
  /** The first seed whose two runs differ, with the first differing event (as printed lines). */
  difference?: { seed: number | string; index: number; first: string; second: string };
}

/**
 * Runs `main` twice for each seed and compares the traces.
 *
 * @example `expect(checkDeterminism(main, { seeds: 100 }).ok).toBe(true)`
 */
export function checkDeterminism(
  main: ProcessBody | (() => ProcessBody),
  opts: { seeds?: number | readonly (number | string)[]; options?: SimulationOptions; fresh?: boolean } = {},
): DeterminismReport {
  const seeds = typeof opts.seeds === 'object' ? opts.seeds : Array.from({ length: opts.seeds ?? 10 }, (_, i) => i);
  const body = (): ProcessBody => (opts.fresh ? (main as () => ProcessBody)() : (main as ProcessBody));
  for (const seed of seeds) {
    const a = Simulation.create({ ...opts.options, seed, trace: true }).run(body());
    const b = Simulation.create({ ...opts.options, seed, trace: true }).run(body());
    if (a.traceHash === b.traceHash && a.outcome === b.outcome) continue;
    const n = Math.max(a.trace.length, b.trace.length);
    for (let i = 0; i < n; i++) {
      const x = a.trace[i] ? formatLine(a.trace[i]!) : '(end of trace)';
      const y = b.trace[i] ? formatLine(b.trace[i]!) : '(end of trace)';
      if (x !== y) return { ok: false, runs: seeds.length, difference: { seed, index: i, first: x, second: y } };
    }
    return { ok: false, runs: seeds.length, difference: { seed, index: n, first: `outcome ${a.outcome}`, second: `outcome ${b.outcome}` } };
  }
  return { ok: true, runs: seeds.length };
}
