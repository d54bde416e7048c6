/**
 * spawn (peer: b_spawn): 1,000,000 spawn+exit from one loop, timed until every process has
 * exited; the memory of 100,000 processes blocked in `receive` (heap delta / N after GC); and
 * a check that 1,000,000 live processes fit in one simulation (its heap is reported).
 */
import { receive, send, spawn, yieldNow, type Pid } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { emit, gc, median, measure, note, now } from './lib.js';

export const SPAWNS = 1_000_000;
export const IDLE = 100_000;
export const LIVE = 1_000_000;
/** The spawner yields every this many spawns, as BEAM preempts a spawning loop. */
const SLICE = 1024;

function* empty(): Generator<unknown, void, unknown> {
  // returns at once: spawn + exit
}

function* idle(): Generator<unknown, void, unknown> {
  yield* receive((m) => m === 'stop');
}

/** One run: seconds from the first spawn until all `n` processes have exited. */
export function spawnOnce(seed = 1, n = SPAWNS): number {
  const clock = now;
  let t0 = 0;
  let t1 = 0;
  const sim = Simulation.create({ seed, trace: false });
  const procs = sim.runtime.procs;
  const result = sim.run(function* main() {
    t0 = clock();
    for (let i = 1; i <= n; i++) {
      spawn(empty);
      if (i % SLICE === 0) yield* yieldNow();
    }
    while (procs.size > 1) yield* yieldNow(); // as b_spawn's wait_count: until all have exited
    t1 = clock();
  });
  if (result.outcome !== 'ok') throw new Error(`spawn: ${result.outcome}: ${result.detail}`);
  if (result.stats.exited !== n + 1) throw new Error(`spawn: ${result.stats.exited - 1} of ${n} exited`);
  return (t1 - t0) / 1000;
}

/**
 * Spawns `n` processes that block in `receive`, waits until all are blocked (the clock only
 * moves when nothing can run), and returns the heap growth in bytes after a GC.
 */
export function idleHeap(n: number, seed = 1): { delta: number; heapUsed: number } {
  let m0 = 0;
  let m1 = 0;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    gc();
    m0 = process.memoryUsage().heapUsed;
    const pids: Pid[] = new Array(n);
    for (let i = 0; i < n; i++) pids[i] = spawn(idle);
    yield* receive(null, { after: 1 }); // fires once every idle process is blocked
    gc();
    m1 = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) send(pids[i]!, 'stop');
  });
  if (result.outcome !== 'ok') throw new Error(`spawn idle: ${result.outcome}: ${result.detail}`);
  return { delta: m1 - m0, heapUsed: m1 };
}

export default function spawnBench(): void {
  const s = measure(() => spawnOnce());
  note(`spawn: ${(s * 1000).toFixed(1)} ms for ${SPAWNS} spawn+exit`);
  const ctx = { strategy: 'random', trace: false };
  emit('spawn', 'spawns_per_s', SPAWNS / s, 'spawns/s', { n: SPAWNS, ...ctx, run_s: s, slice: SLICE });
  idleHeap(IDLE);
  const per = median([0, 1, 2].map(() => idleHeap(IDLE).delta / IDLE));
  emit('spawn', 'bytes_per_idle_proc', per, 'bytes', { n: IDLE, ...ctx });
  const live = idleHeap(LIVE);
  note(`spawn: ${LIVE} live processes: heap ${(live.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  emit('spawn', 'live_procs_heap_bytes', live.delta, 'bytes', { n: LIVE, ...ctx, heap_used: live.heapUsed, per_proc: live.delta / LIVE });
}
