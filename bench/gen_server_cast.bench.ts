/**
 * gen_server_cast: 1,000,000 casts, then one call that syncs (peer: b_gs `casts_per_s`).
 * Default simulation (`Simulation.create({ seed })`, random strategy), trace off.
 */
import { GenServer, type Op } from '../src/index.js';
import { N, timeAgainstCounter, type CounterPid } from './gen-server-lib.js';
import { emit, measure, note } from './lib.js';

/** The casts, in a plain function as the peer's `casts/2` (not inside a generator body). */
function casts(s: CounterPid, k: number): void {
  for (; k > 0; k--) GenServer.cast(s, 'inc');
}

function* castsThenSync(s: CounterPid, n: number): Op<void> {
  casts(s, n);
  const count = yield* GenServer.call(s, 'get', 'infinity');
  if (count !== n) throw new Error(`count ${count}`);
}

/** One run; returns the seconds from the first cast to the syncing call's reply. */
export function castsOnce(seed = 1, n = N): number {
  return timeAgainstCounter('gen_server_cast', (s) => castsThenSync(s, n), seed);
}

export default function genServerCast(): void {
  const s = measure(() => castsOnce());
  note(`gen_server_cast: ${(s * 1000).toFixed(1)} ms for ${N} casts`);
  emit('gen_server_cast', 'casts_per_s', N / s, 'casts/s', { n: N, strategy: 'random', trace: false, run_s: s });
}
