/**
 * Seed sweeps: the runs of each scenario of a module, optionally one shard of them
 * (`--shard i/n` keeps runs r with r mod n = i - 1), split into tasks and run on this thread
 * and, with more than one worker, on child processes (sweep-pool.ts). Failures are sorted by
 * scenario and run, so the report is the same whatever the worker count.
 */
import { CliError } from './errors.js';
import { SweepPool } from './sweep-pool.js';
import type { RunFailure, SweepStrategy, SweepTask, TaskResult } from './sweep-task.js';

export interface SweepOptions {
  module: string;
  runs: number;
  seed: number;
  strategy: SweepStrategy;
  /** Workers: this thread and `workers - 1` child processes started for this sweep (default 1: this thread only). */
  workers?: number;
  /** Run on this pool, which the caller opened and closes (`workers` is then its own). */
  pool?: SweepPool;
  /** 1-based shard index and shard count. */
  shard?: [number, number];
  /** Only these scenarios (default all). */
  scenarios?: string[];
  onProgress?: (done: number, total: number) => void;
}

export interface SweepResult {
  /** Runs done, per scenario. */
  runs: Record<string, number>;
  failures: RunFailure[];
  total: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(s: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(i >= 1 && n >= 1 && i <= n)) throw new CliError(`--shard must be i/n with 1 ≤ i ≤ n, got '${s}'`);
  return [i, n];
}

function workersOf(o: SweepOptions): number {
  return o.pool?.workers ?? Math.max(1, o.workers ?? 1);
}

/** The tasks of a sweep, in (scenario, run) order. */
export function planTasks(names: readonly string[], o: SweepOptions): SweepTask[] {
  const tasks: SweepTask[] = [];
  const [si, sn] = o.shard ?? [1, 1];
  const mine = Array.from({ length: o.runs }, (_, r) => r).filter((r) => r % sn === si - 1);
  // Small tasks, so that no worker sits idle long at the end while another finishes its last.
  const chunk = Math.max(1, Math.min(100, Math.ceil(mine.length / (workersOf(o) * 8))));
  for (const scenario of names) {
    for (let k = 0; k < mine.length; k += chunk) {
      tasks.push({ module: o.module, scenario, runs: mine.slice(k, k + chunk), seed: o.seed, strategy: o.strategy });
    }
  }
  return tasks;
}

/** Runs a sweep. */
export async function sweep(o: SweepOptions): Promise<SweepResult> {
  const { loadScenarios } = await import('./load.js'); // the library: loaded when a sweep runs, not with the command
  const all = await loadScenarios(o.module);
  const names = o.scenarios?.length ? o.scenarios : [...all.keys()];
  for (const n of names) if (!all.has(n)) throw new CliError(`${o.module} has no scenario '${n}' (it has: ${[...all.keys()].join(', ')})`);
  const tasks = planTasks(names, o);
  const total = tasks.reduce((a, t) => a + t.runs.length, 0);
  let done = 0;
  const results: TaskResult[] = new Array(tasks.length);
  const finish = (i: number, r: TaskResult): void => {
    results[i] = r;
    done += r.done;
    o.onProgress?.(done, total);
  };
  const pool = o.pool ?? SweepPool.open(workersOf(o));
  try {
    await pool.runAll(tasks, finish);
  } finally {
    if (pool !== o.pool) await pool.close();
  }
  const runs: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0])); // a shard may get no run of a scenario
  tasks.forEach((t, i) => (runs[t.scenario]! += results[i]!.done));
  const failures = results.flatMap((r) => r.failures);
  failures.sort((a, b) => names.indexOf(a.scenario) - names.indexOf(b.scenario) || a.run - b.run);
  return { runs, failures, total };
}
