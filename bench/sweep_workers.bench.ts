/**
 * sweep_workers: 10,000 faulted runs (bench/faulted-scenario.ts) swept by `dfsweo check`'s
 * machinery on a tinypool of 2 worker processes vs 1; the metric is the speedup. Each run is a
 * fast-check case (plan generated from the run's seed) and a simulation, as `dfsweo check`
 * does it. A sweep of 10,000 takes most of a minute, so each size runs once after a warm-up.
 */
import { sweep } from '../cli/sweep.js';
import { emit, note, now } from './lib.js';

const RUNS = 10_000;
const MODULE = 'bench/faulted-scenario.ts';

async function timed(workers: number, runs: number): Promise<number> {
  const t0 = now();
  const r = await sweep({ module: MODULE, runs, seed: 1, strategy: 'random', workers, threads: true });
  if (r.failures.length) throw new Error(`sweep_workers: ${r.failures.length} failures, first:\n${r.failures[0]!.report}`);
  return (now() - t0) / 1000;
}

export default async function sweepWorkers(): Promise<void> {
  await timed(1, 200);
  const one = await timed(1, RUNS);
  await timed(2, 200);
  const two = await timed(2, RUNS);
  note(`sweep_workers: ${RUNS} runs in ${one.toFixed(2)} s on 1 worker, ${two.toFixed(2)} s on 2`);
  emit('sweep_workers', 'speedup', one / two, 'x', { runs: RUNS, workers: 2, one_worker_runs_per_s: Math.round(RUNS / one), two_worker_runs_per_s: Math.round(RUNS / two) });
}
