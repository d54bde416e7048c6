/**
 * gen_server_call: 1,000,000 calls from one client to one server (peer: b_gs `calls_per_s`).
 * Default simulation (`Simulation.create({ seed })`, random strategy), trace off.
 */
import { GenServer } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { Counter, N } from './gen-server-lib.js';
import { emit, measure, note, now } from './lib.js';

/** One run; returns the seconds the calls took. */
export function callsOnce(seed = 1, n = N): number {
  let t0 = 0;
  let t1 = 0;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const r = yield* GenServer.start(Counter, 0);
    if (r === 'ignore' || r[0] !== 'ok') throw new Error('start failed');
    const s = r[1];
    t0 = now();
    for (let k = n; k > 0; k--) {
      if ((yield* GenServer.call(s, ['echo', k])) !== k) throw new Error('bad reply');
    }
    t1 = now();
    yield* GenServer.stop(s);
  });
  if (result.outcome !== 'ok') throw new Error(`gen_server_call: ${result.outcome}: ${result.detail}`);
  return (t1 - t0) / 1000;
}

export default function genServerCall(): void {
  const s = measure(() => callsOnce());
  note(`gen_server_call: ${(s * 1000).toFixed(1)} ms for ${N} calls`);
  emit('gen_server_call', 'calls_per_s', N / s, 'calls/s', { n: N, strategy: 'random', trace: false, run_s: s });
}
