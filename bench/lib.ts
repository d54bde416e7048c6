/**
 * Benchmark helpers: timing (real time is allowed here, never in src/ or sim/), medians, and
 * the JSON line every benchmark prints (see ../shared/BENCH.md).
 */
import { performance } from 'node:perf_hooks';

/**
 * Real time in ms. Bound once at load, so it also works inside a simulated process (the leak
 * guard traps the globals, not this binding): benches use it to time from inside a run.
 */
export const now: () => number = performance.now.bind(performance);

/** Prints one figure as a JSON line on stdout. */
export function emit(bench: string, metric: string, value: number, unit: string, context: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ bench, metric, value: Number(value.toPrecision(6)), unit, ...context, node: process.version }) + '\n');
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Runs `once` (which returns the seconds its measured part took) one time to warm up, then
 * `reps` times, and returns the median seconds. Five, not the minimum three BENCH.md asks for:
 * V8 sizes its young generation by what survives, and the runs that allocate much (ring,
 * casts) take two or three runs to settle, so a median of three still caught unsettled runs.
 */
export function measure(once: () => number, reps = 5): number {
  once();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(once());
  return median(times);
}

/** Seconds taken by `fn`. */
export function time(fn: () => void): number {
  const t0 = now();
  fn();
  return (now() - t0) / 1000;
}

/** Logs to stderr (stdout carries only JSON lines). */
export function note(...args: unknown[]): void {
  process.stderr.write(args.map(String).join(' ') + '\n');
}

/** Forces a GC when node runs with --expose-gc. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
