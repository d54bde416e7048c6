/**
 * sweep_workers: 10,000 faulted runs (bench/faulted-scenario.ts) swept by `dfsweo check`'s
 * machinery on 2 workers (this thread and a child process) vs 1 (this thread); the metric is
 * the speedup. Each run is a fast-check case (plan generated from the run's seed) and a
 * simulation, as `dfsweo check` does it.
 *
 * As BENCH.md asks of every benchmark: warm up once (one sweep on each, unmeasured), then the
 * median of three sweeps of 10,000, the two alternating so that a change in the machine's load
 * falls on both. `cold_speedup` is what a user sees of one command: the wall time of
 * `dfsweo check … --runs 10000 --workers 1` over that of `--workers 2`, whole processes
 * (start, loading, JIT warm-up and all).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SweepPool } from '../cli/sweep-pool.js';
import { sweep } from '../cli/sweep.js';
import { emit, median, note, now } from './lib.js';

const RUNS = 10_000;
const WARM_UP = RUNS;
const REPS = 3;
/** Built (`npm run bench`) the scenario and the command are JavaScript beside this file; under tsx, TypeScript. */
const BUILT = !import.meta.url.endsWith('.ts');
const MODULE = fileURLToPath(new URL(BUILT ? './faulted-scenario.js' : './faulted-scenario.ts', import.meta.url));
const COMMAND = BUILT ? [fileURLToPath(new URL('../cli/main.js', import.meta.url))] : ['--import', 'tsx', 'cli/main.ts'];

async function timed(pool: SweepPool, runs = RUNS): Promise<number> {
  const t0 = now();
  const r = await sweep({ module: MODULE, runs, seed: 1, strategy: 'random', pool });
  if (r.failures.length) throw new Error(`sweep_workers: ${r.failures.length} failures, first:\n${r.failures[0]!.report}`);
  return (now() - t0) / 1000;
}

/** Seconds one `dfsweo check` command takes, from its start to its exit. */
function command(workers: number): number {
  const t0 = now();
  const r = spawnSync(process.execPath, [...COMMAND, 'check', MODULE, '--runs', String(RUNS), '--seed', '1', '--workers', String(workers)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sweep_workers: dfsweo check --workers ${workers} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return (now() - t0) / 1000;
}

export default async function sweepWorkers(): Promise<void> {
  const cold = [command(1), command(2)];
  const pools = [SweepPool.open(1), SweepPool.open(2)];
  const warm: number[][] = [[], []];
  try {
    for (const p of pools) await timed(p, WARM_UP);
    for (let i = 0; i < REPS; i++) for (const [k, p] of pools.entries()) warm[k]!.push(await timed(p));
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  const [one, two] = warm.map(median) as [number, number];
  note(`sweep_workers: ${RUNS} runs in ${one.toFixed(2)} s on 1 worker, ${two.toFixed(2)} s on 2 (median of ${REPS}); the whole command: ${cold[0]!.toFixed(2)} s and ${cold[1]!.toFixed(2)} s`);
  emit('sweep_workers', 'speedup', one / two, 'x', {
    runs: RUNS, workers: 2, reps: REPS, one_worker_runs_per_s: Math.round(RUNS / one), two_worker_runs_per_s: Math.round(RUNS / two),
    cold_speedup: Number((cold[0]! / cold[1]!).toFixed(3)), strategy: 'random',
  });
}
