/**
 * gen_server_cast: 1,000,000 casts, then one call that syncs (peer: b_gs `casts_per_s`).
 * Default simulation (`Simulation.create({ seed })`, random strategy), trace off.
 */
import { GenServer, type ServerPid } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { Counter, N } from './gen-server-lib.js';
import { emit, measure, note, now } from './lib.js';

/** The casts, in a plain function as the peer's `casts/2` (not inside main's generator body). */
function casts(s: ServerPid<'get' | ['echo', number], 'inc', number>, k: number): void {
  for (; k > 0; k--) GenServer.cast(s, 'inc');
}

/** One run; returns the seconds from the first cast to the syncing call's reply. */
export function castsOnce(seed = 1, n = N): number {
  let t0 = 0;
  let t1 = 0;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const r = yield* GenServer.start(Counter, 0);
    if (r === 'ignore' || r[0] !== 'ok') throw new Error('start failed');
    const s = r[1];
    t0 = now();
    casts(s, n);
    const count = yield* GenServer.call(s, 'get', 'infinity');
    t1 = now();
    if (count !== n) throw new Error(`count ${count}`);
    yield* GenServer.stop(s);
  });
  if (result.outcome !== 'ok') throw new Error(`gen_server_cast: ${result.outcome}: ${result.detail}`);
  return (t1 - t0) / 1000;
}

export default function genServerCast(): void {
  const s = measure(() => castsOnce());
  note(`gen_server_cast: ${(s * 1000).toFixed(1)} ms for ${N} casts`);
  emit('gen_server_cast', 'casts_per_s', N / s, 'casts/s', { n: N, strategy: 'random', trace: false, run_s: s });
}
