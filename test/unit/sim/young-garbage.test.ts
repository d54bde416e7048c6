/**
 * A finished run is young garbage: nothing of it survives a young-generation GC. An object
 * holding, in a field of its own, a closure whose context leads back to it survives V8's
 * scavenges until a full GC (sim/simulation.ts `mainExited`, supervisor-server.ts
 * `publishChildren`); a simulator that left every run behind that way made V8 promote each
 * run and then pretenure its allocation sites, several times slower over thousands of runs.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { GenServer, Supervisor } from '../../../src/index.js';
import { Simulation } from '../../../sim/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (o?: { type: 'minor' | 'major' }) => void;

const Echo = GenServer.define<number, number, never, number, number>({
  name: 'echo',
  init: (n) => ['ok', n],
  handleCall: (k, _from, n) => ['reply', k, n + 1],
});
const tree = {
  name: 'tree',
  init: () => ['ok', [
    { strategy: 'one_for_one', intensity: 5, period: 1 },
    [0, 1, 2, 3].map((i) => ({ id: `w${i}`, start: [GenServer, 'startLink', [Echo, i, { name: `w${i}` }]] })),
  ]] as never,
};
function* startTree(): Generator<unknown, number, unknown> {
  yield* Supervisor.startLink('top', tree, undefined);
  return 0;
}

/** Heap bytes per run that survive two young GCs after `runs` runs (the last run's own objects included). */
function survivingPerRun(runs: number): number {
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < runs; i++) Simulation.create({ seed: i, trace: false }).run(startTree);
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  return (process.memoryUsage().heapUsed - before) / runs;
}

describe('a finished run is young garbage', () => {
  it('runs that started a supervision tree leave (almost) nothing behind after young GCs', () => {
    survivingPerRun(20); // warm-up: code, feedback and the first promotions
    // Before the fix, each of these runs left ~10 KB (its whole tree); now only the last run's
    // objects (kept by the module-level caches) and a young GC that caught a run under way.
    const perRun = Math.min(survivingPerRun(40), survivingPerRun(40));
    expect(perRun).toBeLessThan(2_000);
  });
});
