/**
 * timers: 1,000,000 `startTimer` with distinct future times, then `cancelTimer` on each
 * (peer: b_timer). Both loops run inside one process step and are timed there.
 */
import { cancelTimer, self, startTimer, type Ref } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { emit, median, note, now } from './lib.js';

export const TIMERS = 1_000_000;

/** One run in a fresh simulation; returns [start seconds, cancel seconds]. */
export function timersOnce(seed = 1, n = TIMERS): [number, number] {
  const clock = now;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let cancelled = 0;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const me = self();
    const refs: Ref[] = new Array(n);
    t0 = clock();
    for (let k = 0; k < n; k++) refs[k] = startTimer(100_000 + k, me, k);
    t1 = clock();
    for (let k = 0; k < n; k++) if (cancelTimer(refs[k]!) !== false) cancelled++;
    t2 = clock();
  });
  if (result.outcome !== 'ok') throw new Error(`timers: ${result.outcome}: ${result.detail}`);
  if (cancelled !== n) throw new Error(`timers: cancelled ${cancelled} of ${n}`);
  return [(t1 - t0) / 1000, (t2 - t1) / 1000];
}

export default function timers(): void {
  timersOnce();
  const starts: number[] = [];
  const cancels: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [s, c] = timersOnce();
    starts.push(s);
    cancels.push(c);
  }
  const s = median(starts);
  const c = median(cancels);
  note(`timers: start ${(s * 1000).toFixed(1)} ms, cancel ${(c * 1000).toFixed(1)} ms for ${TIMERS}`);
  const ctx = { n: TIMERS, strategy: 'random', trace: false };
  emit('timers', 'start_timer_per_s', TIMERS / s, 'timers/s', { ...ctx, run_s: s });
  emit('timers', 'cancel_timer_per_s', TIMERS / c, 'timers/s', { ...ctx, run_s: c });
}
