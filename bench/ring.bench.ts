/**
 * ring: 1,000 processes in a ring pass one token 1,000,000 hops (peer: b_ring). Timed from
 * the moment the ring is built to the moment main receives `done`, inside the simulation.
 */
import { receive, self, send, spawn, type Pid } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { emit, measure, note, now } from './lib.js';

export const RING_N = 1000;
export const RING_HOPS = 1_000_000;

function* member(main: Pid): Generator<unknown, void, unknown> {
  const [, next] = (yield* receive()) as ['next', Pid];
  for (;;) {
    const m = (yield* receive()) as ['token', number] | 'stop';
    if (m === 'stop') {
      send(next, 'stop');
      return;
    }
    if (m[1] === 0) send(main, 'done');
    else send(next, ['token', m[1] - 1]);
  }
}

/**
 * Runs one ring in a fresh simulation and returns the seconds the hops took. `trace` turns
 * recording on (the trace_overhead bench).
 */
export function ringOnce(trace: boolean, seed = 1, n = RING_N, hops = RING_HOPS): number {
  const clock = now; // bound at load: the leak guard traps the globals, not this binding
  let t0 = 0;
  let t1 = 0;
  const result = Simulation.create({ seed, trace }).run(function* main() {
    const me = self();
    const first = spawn(member, me);
    let next = first;
    for (let i = 1; i < n; i++) {
      const p = spawn(member, me);
      send(p, ['next', next]);
      next = p;
    }
    send(first, ['next', next]);
    t0 = clock();
    send(first, ['token', hops]);
    yield* receive((m) => m === 'done');
    t1 = clock();
    send(first, 'stop');
  });
  if (result.outcome !== 'ok') throw new Error(`ring: ${result.outcome}: ${result.detail}`);
  return (t1 - t0) / 1000;
}

export default function ring(): void {
  const s = measure(() => ringOnce(false));
  note(`ring: ${(s * 1000).toFixed(1)} ms for ${RING_HOPS} hops`);
  emit('ring', 'msgs_per_s', RING_HOPS / s, 'msg/s', { n: RING_N, hops: RING_HOPS, strategy: 'random', trace: false, run_s: s });
}
