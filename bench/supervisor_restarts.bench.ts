/**
 * supervisor_restarts: a one_for_one supervisor over 10,000 permanent brutal_kill workers
 * (peer: b_sup). Serial: kill each worker in turn and wait until its replacement reports in;
 * batch: kill all, then wait for all. Timed inside the simulation, from the moment every
 * worker has started; default simulation (random strategy), trace off.
 */
import { Supervisor, exit, procLib, receive, self, send, type Pid } from '../src/index.js';
import { Simulation } from '../sim/index.js';
import { emit, measure, note, now } from './lib.js';

export const WORKERS = 10_000;

function* worker(id: number, main: Pid): Generator<unknown, void, unknown> {
  send(main, ['started', id, self()]);
  yield* receive((m) => m === 'stop');
}

function startWorker(id: number, main: Pid): unknown {
  return ['ok', procLib.spawnLink(worker, id, main)];
}

function* collect(n: number, into: Pid[]): Generator<unknown, void, unknown> {
  for (let k = 0; k < n; k++) {
    const [, id, pid] = (yield* receive()) as ['started', number, Pid];
    into[id] = pid;
  }
}

/** One run; returns [serial seconds, batch seconds]. */
export function supOnce(seed = 1, w = WORKERS): [number, number] {
  const clock = now; // bound at load: the leak guard traps the globals, not this binding
  const t = [0, 0, 0];
  const result = Simulation.create({ seed, trace: false }).run(function* main() {
    const me = self();
    const specs: unknown[] = [];
    for (let i = 0; i < w; i++) specs.push({ id: i, start: [startWorker, [i, me]], shutdown: 'brutal_kill' });
    const tree = { name: 'b_sup', init: () => ['ok', [{ strategy: 'one_for_one', intensity: 100_000_000, period: 1 }, specs]] as never };
    const r = yield* Supervisor.startLink(tree, undefined);
    const pids: Pid[] = [];
    yield* collect(w, pids);
    t[0] = clock();
    for (let i = 0; i < w; i++) {
      exit(pids[i]!, 'kill');
      const [, , pid] = (yield* receive()) as ['started', number, Pid];
      pids[i] = pid;
    }
    t[1] = clock();
    for (let i = 0; i < w; i++) exit(pids[i]!, 'kill');
    yield* collect(w, pids);
    t[2] = clock();
    exit((r as [string, Pid])[1], 'kill');
  });
  if (result.outcome !== 'ok' && result.outcome !== 'crashed') throw new Error(`supervisor_restarts: ${result.outcome}: ${result.detail}`);
  return [(t[1]! - t[0]!) / 1000, (t[2]! - t[1]!) / 1000];
}

export default function run(): void {
  let batch: number[] = [];
  const serial = measure(() => {
    const [s, b] = supOnce();
    batch.push(b);
    return s;
  });
  batch = batch.slice(1);
  const b = batch.sort((x, y) => x - y)[1]!;
  note(`supervisor_restarts: serial ${serial.toFixed(3)}s, batch ${b.toFixed(3)}s for ${WORKERS} workers`);
  emit('supervisor_restarts', 'restarts_per_s', WORKERS / serial, 'restarts/s', { workers: WORKERS, strategy: 'random', trace: false, mode: 'serial' });
  emit('supervisor_restarts', 'batch_restarts_per_s', WORKERS / b, 'restarts/s', { workers: WORKERS, strategy: 'random', trace: false, mode: 'batch' });
}
