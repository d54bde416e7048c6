/**
 * pingpong: two processes exchange 1,000,000 round trips (peer: b_pingpong). Timed inside the
 * simulation, from spawning `ping` to main receiving `done`.
 */
import { receive, self, send, spawn, type Pid } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { emit, measure, note, now } from './lib.js';

export const ROUND_TRIPS = 1_000_000;

function* pong(): Generator<unknown, void, unknown> {
  for (;;) {
    const m = (yield* receive()) as ['ping', Pid] | 'stop';
    if (m === 'stop') return;
    send(m[1], 'pong');
  }
}

function* ping(peer: Pid, rounds: number, main: Pid): Generator<unknown, void, unknown> {
  const me = self();
  for (let k = rounds; k > 0; k--) {
    send(peer, ['ping', me]);
    yield* receive((m) => m === 'pong');
  }
  send(main, 'done');
}

/** One run in a fresh simulation; returns the seconds the round trips took. */
export function pingpongOnce(seed = 1, rounds = ROUND_TRIPS): number {
  const clock = now;
  let t0 = 0;
  let t1 = 0;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const peer = spawn(pong);
    t0 = clock();
    spawn(ping, peer, rounds, self());
    yield* receive((m) => m === 'done');
    t1 = clock();
    send(peer, 'stop');
  });
  if (result.outcome !== 'ok') throw new Error(`pingpong: ${result.outcome}: ${result.detail}`);
  return (t1 - t0) / 1000;
}

export default function pingpong(): void {
  const s = measure(() => pingpongOnce());
  note(`pingpong: ${(s * 1000).toFixed(1)} ms for ${ROUND_TRIPS} round trips`);
  const ctx = { round_trips: ROUND_TRIPS, strategy: 'random', trace: false, run_s: s };
  emit('pingpong', 'round_trips_per_s', ROUND_TRIPS / s, 'round_trips/s', ctx);
  emit('pingpong', 'msgs_per_s', (2 * ROUND_TRIPS) / s, 'msg/s', ctx);
}
