/**
 * faulted_runs: whole simulation runs of a 10-worker one_for_one tree with 100 client calls,
 * 5 generated faults and 10 s of virtual time (bench/faulted-scenario.ts), one thread.
 * Default simulation (random strategy), trace off; the plans are generated beforehand.
 */
import { Simulation } from '../sim/index.js';
import { faultedMain, plans } from './faulted-scenario.js';
import { emit, measure, note, time } from './lib.js';

const RUNS = 2_000;

export default function faultedRuns(): void {
  const ps = plans(RUNS);
  let failedCalls = 0;
  let steps = 0;
  const s = measure(() => time(() => {
    failedCalls = 0;
    steps = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = Simulation.create({ seed: i, faults: ps[i]!, trace: false }).run(faultedMain);
      if (r.outcome !== 'ok') throw new Error(`faulted_runs: run ${i}: ${r.outcome}: ${r.detail}`);
      failedCalls += r.value as number;
      steps += r.stats.steps;
    }
  }));
  note(`faulted_runs: ${(s * 1000).toFixed(0)} ms for ${RUNS} runs; ${(failedCalls / RUNS).toFixed(1)} failed calls and ${(steps / RUNS).toFixed(0)} steps a run`);
  emit('faulted_runs', 'runs_per_s', RUNS / s, 'runs/s', { runs: RUNS, faults: 5, workers: 10, calls: 100, virtual_s: 10, strategy: 'random', trace: false });
}
