/**
 * gen_server_call: 1,000,000 calls from one client to one server (peer: b_gs `calls_per_s`).
 * Default simulation (`Simulation.create({ seed })`, random strategy), trace off.
 */
import { GenServer, type Op } from '../src/index.js';
import { N, timeAgainstCounter, type CounterPid } from './gen-server-lib.js';
import { emit, measure, note } from './lib.js';

/** The calls, in their own function as the peer's `calls/2`. */
function* calls(s: CounterPid, k: number): Op<void> {
  for (; k > 0; k--) {
    if ((yield* GenServer.call(s, ['echo', k])) !== k) throw new Error('bad reply');
  }
}

/** One run; returns the seconds the calls took. */
export function callsOnce(seed = 1, n = N): number {
  return timeAgainstCounter('gen_server_call', (s) => calls(s, n), seed);
}

export default function genServerCall(): void {
  const s = measure(() => callsOnce());
  note(`gen_server_call: ${(s * 1000).toFixed(1)} ms for ${N} calls`);
  emit('gen_server_call', 'calls_per_s', N / s, 'calls/s', { n: N, strategy: 'random', trace: false, run_s: s });
}
