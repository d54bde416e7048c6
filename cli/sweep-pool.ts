/**
 * The workers of seed sweeps: a {@link SweepPool} starts its child processes once and runs the
 * tasks of any number of sweeps on them and on this thread, so a program that sweeps several
 * times (a test suite, a benchmark, `dfsweo check` of several modules) pays their start once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import type { SweepTask, TaskResult } from './sweep-task.js';

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

/** Lets the event loop take I/O (a child's messages) before going on. */
function pauseForIo(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/**
 * The workers of seed sweeps: this thread and `workers - 1` child processes. Pass it as
 * `pool` to {@link sweep} as often as needed, then {@link SweepPool.close} it.
 *
 * This thread is a worker too: it has loaded the modules already and would otherwise only
 * wait, and each child process costs a second or so of CPU to start (Node.js, the loader, the
 * modules, the JIT's warm-up), as much as a few thousand runs of a small system. While the
 * children start, this thread is already running tasks. Each child is kept two tasks deep, so
 * it never waits for this thread to hand it the next one.
 *
 * Child processes, not threads, so each has its own V8 flags: when the workers take every
 * core, --single-threaded-gc keeps each one's garbage collector off the cores the others run
 * on (as threads, sharing the process's GC helpers, 2 workers on 2 cores did 1,309 runs/s; as
 * processes with their own single-threaded GC, 1,748).
 *
 * @example
 * ```ts
 * const pool = SweepPool.open(2);
 * try {
 *   for (const module of ['a.ts', 'b.ts']) await sweep({ module, runs: 1000, seed: 0, strategy: 'random', pool });
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export class SweepPool {
  private constructor(
    /** How many workers run tasks: this thread and the child processes. */
    readonly workers: number,
    private readonly children: Tinypool | null,
  ) {}

  /** Starts `workers - 1` child processes (they load while the caller goes on). */
  static open(workers: number): SweepPool {
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`SweepPool.open: workers must be an integer ≥ 1, got ${String(workers)}`);
    if (workers === 1) return new SweepPool(1, null);
    const busy = workers >= availableParallelism();
    const children = new Tinypool({
      filename: workerFile(), minThreads: workers - 1, maxThreads: workers - 1, concurrentTasksPerWorker: 2,
      runtime: 'child_process', execArgv: [...inheritedFlags(), ...WORKER_V8_FLAGS, ...(busy ? ['--single-threaded-gc'] : [])],
    });
    return new SweepPool(workers, children);
  }

  /**
   * Runs every task, each once, on whichever worker is free, and calls `done` with each
   * result as it comes. Rejects with the first error (no new task starts after it).
   */
  async runAll(tasks: readonly SweepTask[], done: (i: number, r: TaskResult) => void): Promise<void> {
    let next = 0;
    let failed = false;
    const take = (): number => (failed || next === tasks.length ? -1 : next++);
    const lane = async (run: (t: SweepTask) => Promise<TaskResult>): Promise<void> => {
      try {
        for (let i = take(); i >= 0; i = take()) done(i, await run(tasks[i]!));
      } catch (e) {
        failed = true;
        throw e;
      }
    };
    const lanes: Promise<void>[] = [];
    const children = this.children;
    if (children !== null) {
      const run = (t: SweepTask) => children.run(t) as Promise<TaskResult>;
      for (let k = 0; k < 2 * (this.workers - 1); k++) lanes.push(lane(run));
    }
    // This thread's runs pause every few ms, so that a child's result is taken and its next
    // task sent while this thread works, not when its task is over (a child then waited for
    // work a quarter of the time).
    // Loaded here, not with this module: the command opens the pool first, so the children start
    // while this process loads the library.
    const { runTask } = await import('./sweep-task.js');
    lanes.push(lane(children === null ? runTask : (t) => runTask(t, pauseForIo)));
    await Promise.all(lanes);
  }

  /** Stops the child processes. */
  async close(): Promise<void> {
    await this.children?.destroy();
  }
}
