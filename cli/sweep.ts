/**
 * Seed sweeps: the runs of each scenario of a module, optionally one shard of them
 * (`--shard i/n` keeps runs r with r mod n = i - 1), split into tasks and run in this thread
 * or on a tinypool of worker processes. Failures are sorted by scenario and run, so the report
 * is the same whatever the worker count.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { CliError, loadScenarios } from './load.js';
import { runTask, type RunFailure, type SweepStrategy, type SweepTask, type TaskResult } from './sweep-task.js';

export interface SweepOptions {
  module: string;
  runs: number;
  seed: number;
  strategy: SweepStrategy;
  workers: number;
  /** Run on the worker pool even with one worker (to compare pools of different sizes). */
  threads?: boolean;
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

/** The tasks of a sweep, in (scenario, run) order. */
export function planTasks(names: readonly string[], o: SweepOptions): SweepTask[] {
  const tasks: SweepTask[] = [];
  const [si, sn] = o.shard ?? [1, 1];
  const mine = Array.from({ length: o.runs }, (_, r) => r).filter((r) => r % sn === si - 1);
  const chunk = Math.max(1, Math.min(250, Math.ceil(mine.length / Math.max(1, o.workers * 8))));
  for (const scenario of names) {
    for (let k = 0; k < mine.length; k += chunk) {
      tasks.push({ module: o.module, scenario, runs: mine.slice(k, k + chunk), seed: o.seed, strategy: o.strategy });
    }
  }
  return tasks;
}

/**
 * The worker entry. Built, it is worker.js beside this file. Run through tsx, it is worker.ts
 * itself when the workers inherit tsx's loader with this process's flags (`tsx cli/main.ts`,
 * `node --import tsx`); otherwise (tsx registered from code, or vitest) a small entry module
 * registers tsx first and then imports worker.ts. Registering it twice ran every module load
 * of a worker's start through two loaders (~0.3 s of CPU more per worker).
 */
let entryFile: string | undefined;

function workerFile(): string {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./worker.js', here).href;
  const worker = new URL('./worker.ts', here).href;
  if (tsxInFlags(process.execArgv)) return worker;
  if (entryFile !== undefined) return entryFile;
  const api = import.meta.resolve('tsx/esm/api');
  const dir = mkdtempSync(join(tmpdir(), 'dfsweo-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'worker-entry.mjs');
  writeFileSync(file, `import { register } from ${JSON.stringify(api)};\nregister();\nconst m = await import(${JSON.stringify(worker)});\nexport default m.default;\n`);
  return (entryFile = pathToFileURL(file).href);
}

const TSX_LOADER = /^(tsx|tsx\/esm|.*[\\/]tsx[\\/]dist[\\/](loader|esm[\\/]index)\.mjs)$/;

/** True when `execArgv` loads tsx's ESM loader (`--import tsx`, or the one the tsx command adds). @internal */
export function tsxInFlags(execArgv: readonly string[]): boolean {
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if ((a === '--import' || a === '--loader') && TSX_LOADER.test(execArgv[i + 1] ?? '')) return true;
    if (/^--(import|loader)=/.test(a) && TSX_LOADER.test(a.slice(a.indexOf('=') + 1))) return true;
  }
  return false;
}

/** This process's flags minus a script given inline (`--eval`, `--print`), which a worker must not run. */
function inheritedFlags(): string[] {
  const out: string[] = [];
  const a = process.execArgv;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--eval' || a[i] === '-e' || a[i] === '--print' || a[i] === '-p') i++;
    else if (!/^--(eval|print)=/.test(a[i]!)) out.push(a[i]!);
  }
  return out;
}

/**
 * V8 flags of a sweep's worker processes. Without allocation-site pretenuring: a worker runs
 * thousands of short simulations, and when a run's garbage survives young collections (as it
 * does when an object holds, in a field of its own, a closure leading back to it: the simulator
 * avoids that, scenario code may not), V8 starts allocating whole runs in the old generation,
 * where they wait for full collections; a sticky decision that comes or not with GC timing.
 * Before the simulator's own cases were fixed it cost a worker a third of its speed.
 */
export const WORKER_V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/** Runs a sweep. */
export async function sweep(o: SweepOptions): Promise<SweepResult> {
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
  if (o.workers <= 1 && !o.threads) {
    for (let i = 0; i < tasks.length; i++) finish(i, await runTask(tasks[i]!));
  } else {
    // Child processes, not threads, so each worker has its own V8 flags: when the workers take
    // every core, --single-threaded-gc keeps each one's garbage collector off the cores the
    // others run on (as threads, sharing the process's GC helpers, 2 workers on 2 cores did
    // 1,309 runs/s; as processes with their own single-threaded GC, 1,748).
    const busy = o.workers >= availableParallelism();
    const pool = new Tinypool({
      filename: workerFile(), minThreads: o.workers, maxThreads: o.workers,
      runtime: 'child_process', execArgv: [...inheritedFlags(), ...WORKER_V8_FLAGS, ...(busy ? ['--single-threaded-gc'] : [])],
    });
    try {
      await Promise.all(tasks.map((t, i) => pool.run(t).then((r: TaskResult) => finish(i, r))));
    } finally {
      await pool.destroy();
    }
  }
  const runs: Record<string, number> = {};
  tasks.forEach((t, i) => (runs[t.scenario] = (runs[t.scenario] ?? 0) + results[i]!.done));
  const failures = results.flatMap((r) => r.failures);
  failures.sort((a, b) => names.indexOf(a.scenario) - names.indexOf(b.scenario) || a.run - b.run);
  return { runs, failures, total };
}
