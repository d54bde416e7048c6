/**
 * `ets_select`: `select` with a guard over 100,000 rows `[K, K rem 10, 'payload']` of a
 * `set`, keeping rows whose second element is below 5 and returning `[K, V]`; reports rows
 * scanned per second (and the ordered_set figure alongside).
 */
import { ets, type TableType } from '../src/index.js';
import { inProcess, shuffledKeys } from './ets-lib.js';
import { emit, median, note, now } from './lib.js';

const N = 100_000;
const SPEC = [[['$1', '$2', '_'], [['<', '$2', 5]], [['$1', '$2']]]] as const;

function run(type: TableType, reps: number): number {
  return inProcess(() => {
    const t = ets.new('sel', [type, 'public']);
    for (const k of shuffledKeys(N)) ets.insert(t, [k, k % 10, 'payload']);
    const times: number[] = [];
    for (let i = 0; i <= reps; i++) {
      const t0 = now();
      const rows = ets.select(t, SPEC);
      const dt = (now() - t0) / 1000;
      if (rows.length !== N / 2) throw new Error(`select returned ${rows.length} rows`);
      if (i > 0) times.push(dt); // the first run warms up
    }
    return N / median(times);
  });
}

export default function etsSelect(): void {
  const reps = 5;
  for (const type of ['set', 'ordered_set'] as const) {
    const rate = run(type, reps);
    note(`ets_select ${type}: ${rate.toFixed(0)} rows/s`);
    emit('ets_select', type === 'set' ? 'rows_per_s' : 'ordered_set_rows_per_s', rate, 'rows/s', { n: N, type, runs: reps, strategy: 'random' });
  }
}
