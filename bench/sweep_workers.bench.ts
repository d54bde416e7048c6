/**
 * sweep_workers: 10,000 faulted runs (bench/faulted-scenario.ts) swept by `dfsweo check`'s
 * machinery on a pool of 2 worker processes vs a pool of 1; the metric is the speedup. Each
 * run is a fast-check case (plan generated from the run's seed) and a simulation, as
 * `dfsweo check` does it.
 *
 * As BENCH.md asks of every benchmark: warm up once, then the median of three sweeps. Each
 * pool's first sweep is its warm-up, timed from the moment the pool is opened, so it also
 * pays the workers' start (process, loader, modules, the JIT's warm-up); that figure is
 * printed too (`cold_speedup`), as what one `dfsweo check --runs 10000` invocation sees.
 * The warm sweeps of the two pools alternate, so a change in the machine's load falls on both.
 */
import { SweepPool } from '../cli/sweep-pool.js';
import { sweep } from '../cli/sweep.js';
import { emit, median, note, now } from './lib.js';

const RUNS = 10_000;
const REPS = 3;
const MODULE = 'bench/faulted-scenario.ts';

async function timed(pool: SweepPool, since = now()): Promise<number> {
  const r = await sweep({ module: MODULE, runs: RUNS, seed: 1, strategy: 'random', pool });
  if (r.failures.length) throw new Error(`sweep_workers: ${r.failures.length} failures, first:\n${r.failures[0]!.report}`);
  return (now() - since) / 1000;
}

export default async function sweepWorkers(): Promise<void> {
  const pools: { pool: SweepPool; cold: number; warm: number[] }[] = [];
  try {
    for (const n of [1, 2]) {
      const t0 = now();
      const pool = SweepPool.open(n);
      pools.push({ pool, cold: 0, warm: [] });
      pools.at(-1)!.cold = await timed(pool, t0);
    }
    for (let i = 0; i < REPS; i++) for (const p of pools) p.warm.push(await timed(p.pool));
  } finally {
    await Promise.all(pools.map((p) => p.pool.close()));
  }
  const [one, two] = pools.map((p) => ({ cold: p.cold, warm: median(p.warm) }));
  note(`sweep_workers: ${RUNS} runs in ${one!.warm.toFixed(2)} s on 1 worker, ${two!.warm.toFixed(2)} s on 2 (median of ${REPS}); from a pool's start, ${one!.cold.toFixed(2)} s and ${two!.cold.toFixed(2)} s`);
  emit('sweep_workers', 'speedup', one!.warm / two!.warm, 'x', {
    runs: RUNS, workers: 2, reps: REPS, one_worker_runs_per_s: Math.round(RUNS / one!.warm), two_worker_runs_per_s: Math.round(RUNS / two!.warm),
    cold_speedup: Number((one!.cold / two!.cold).toFixed(3)), strategy: 'random',
  });
}
