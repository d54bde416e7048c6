/**
 * The counter server the gen_server benches drive (peer: b_gs): `['echo', k]` replies `k`,
 * `'get'` replies the count, the cast `'inc'` counts.
 */
import { GenServer, type Op, type ServerPid } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { now } from './lib.js';

export const N = 1_000_000;

export const Counter = GenServer.define<number, ['echo', number] | 'get', 'inc', number, number>({
  name: 'b_gs',
  init: (c) => ['ok', c],
  handleCall: (req, _from, c) => (req === 'get' ? ['reply', c, c] : ['reply', req[1], c]),
  handleCast: (_msg, c) => ['noreply', c + 1],
  handleInfo: (_msg, c) => ['noreply', c],
});

export type CounterPid = ServerPid<['echo', number] | 'get', 'inc', number>;

/**
 * Starts a counter in a fresh simulation (default strategy, trace off), runs `work` against it
 * and returns the seconds `work` took.
 */
export function timeAgainstCounter(bench: string, work: (s: CounterPid) => Op<void>, seed = 1): number {
  let t0 = 0;
  let t1 = 0;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const r = yield* GenServer.start(Counter, 0);
    if (r === 'ignore' || r[0] !== 'ok') throw new Error('start failed');
    t0 = now();
    yield* work(r[1]);
    t1 = now();
    yield* GenServer.stop(r[1]);
  });
  if (result.outcome !== 'ok') throw new Error(`${bench}: ${result.outcome}: ${result.detail}`);
  return (t1 - t0) / 1000;
}
