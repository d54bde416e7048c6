/**
 * Shared work of the ETS benchmarks (see ../shared/BENCH.md and peers/erlang/b_ets.erl):
 * N inserts of `[K, K]` then N lookups, keys 1..N in a seeded shuffle, inside a simulated
 * process as a user runs them (`Simulation.create` with only a seed).
 */
import { Simulation } from '../sim/index.js';
import { ets, type TableType } from '../src/index.js';
import { emit, gc, median, note, now } from './lib.js';

/** Keys 1..n in a shuffle seeded by `seed` (Fisher–Yates over a small xorshift generator). */
export function shuffledKeys(n: number, seed = 0x9e3779b9): Int32Array {
  const keys = new Int32Array(n);
  for (let i = 0; i < n; i++) keys[i] = i + 1;
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    const tmp = keys[i]!;
    keys[i] = keys[j]!;
    keys[j] = tmp;
  }
  return keys;
}

/** Runs `body` inside a simulated process and returns its value. */
export function inProcess<T>(body: () => T): T {
  const r = Simulation.create({ seed: 1 }).run<T>(function* main() {
    return body();
  });
  if (r.outcome !== 'ok') throw new Error(`benchmark process ended ${r.outcome}: ${r.detail}`);
  return r.value as T;
}

/** One pass: seconds for the inserts and for the lookups. */
function pass(type: TableType, keys: Int32Array): [number, number] {
  return inProcess(() => {
    const t = ets.new('b', [type, 'public']);
    gc();
    const t0 = now();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      ets.insert(t, [k, k]);
    }
    const t1 = now();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const r = ets.lookup(t, k);
      if (r.length !== 1 || r[0]![1] !== k) throw new Error(`lookup ${k} gave ${JSON.stringify(r)}`);
    }
    const t2 = now();
    ets.delete(t);
    return [(t1 - t0) / 1000, (t2 - t1) / 1000];
  });
}

/** Warm-up, then the median of `reps` passes; prints insert_per_s and lookup_per_s. */
export function insertLookupBench(bench: string, type: TableType, reps = 3): void {
  const n = Number(process.env.ETS_BENCH_N ?? 1_000_000);
  const keys = shuffledKeys(n);
  pass(type, keys);
  const ins: number[] = [];
  const look: number[] = [];
  for (let i = 0; i < reps; i++) {
    const [a, b] = pass(type, keys);
    ins.push(a);
    look.push(b);
    note(`${bench} pass ${i}: insert ${(n / a).toFixed(0)}/s lookup ${(n / b).toFixed(0)}/s`);
  }
  const ctx = { n, type, keys: 'shuffled', runs: reps, strategy: 'random' };
  emit(bench, 'insert_per_s', n / median(ins), 'ops/s', ctx);
  emit(bench, 'lookup_per_s', n / median(look), 'ops/s', ctx);
}
