/**
 * link_cascade: a chain of 100,000 linked processes; main kills the head and waits for the
 * DOWN of the tail (peer: b_link). Timed inside the simulation, from the kill to the DOWN.
 */
import { exit, monitor, receive, self, send, spawn, spawnLink, type Pid, type Ref } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { emit, measure, note, now } from './lib.js';

export const CHAIN = 100_000;

function* link(k: number, main: Pid): Generator<unknown, void, unknown> {
  if (k === 0) send(main, ['tail', self()]);
  else spawnLink(link, k - 1, main);
  yield* receive((m) => m === 'stop');
}

/** One run in a fresh simulation; returns the seconds from the kill to the tail's DOWN. */
export function cascadeOnce(seed = 1, n = CHAIN): number {
  const clock = now;
  let t0 = 0;
  let t1 = 0;
  let why: unknown;
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const head = spawn(link, n - 1, self());
    const [, tail] = (yield* receive((m) => Array.isArray(m) && m[0] === 'tail')) as ['tail', Pid];
    const ref = monitor('process', tail);
    t0 = clock();
    exit(head, 'kill');
    const down = (yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref)) as [string, Ref, string, Pid, unknown];
    t1 = clock();
    why = down[4];
  });
  if (result.outcome !== 'ok') throw new Error(`link_cascade: ${result.outcome}: ${result.detail}`);
  if (why !== 'killed') throw new Error(`link_cascade: the tail died of ${String(why)}, not killed`);
  return (t1 - t0) / 1000;
}

export default function linkCascade(): void {
  const s = measure(() => cascadeOnce());
  note(`link_cascade: ${(s * 1000).toFixed(1)} ms for ${CHAIN} deaths`);
  emit('link_cascade', 'deaths_per_s', CHAIN / s, 'deaths/s', { n: CHAIN, strategy: 'random', trace: false, cascade_s: s });
}
