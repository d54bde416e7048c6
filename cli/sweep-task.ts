/**
 * One unit of a seed sweep: some runs of one scenario. Run i is fast-check run number
 * `seed + i` (one generated case, shrunk if it fails) under the strategy of run i, so its
 * result depends only on (module, scenario, seed, strategy, i): never on which worker ran it.
 */
import { checkScenario, formatFailure, type CaseStrategy } from '../properties/index.js';
import { loadScenario } from './load.js';

export type SweepStrategy = CaseStrategy | 'portfolio';

export interface SweepTask {
  module: string;
  scenario: string;
  runs: number[];
  seed: number;
  strategy: SweepStrategy;
}

/** A failed run, ready to print. */
export interface RunFailure {
  scenario: string;
  run: number;
  outcome: string;
  token: string;
  report: string;
}

export interface TaskResult {
  done: number;
  failures: RunFailure[];
}

/** Runs between pauses of {@link runTask}: a few ms of work. */
const PAUSE_EVERY = 8;

const PORTFOLIO: readonly CaseStrategy[] = ['random', 'pct', 'random', 'fifo'];

/** The strategy of run `i`. */
export function strategyOf(s: SweepStrategy, i: number): CaseStrategy {
  return s === 'portfolio' ? PORTFOLIO[i % PORTFOLIO.length]! : s;
}

/**
 * Runs a task in this thread. With `pause`, awaits it after every few runs (the thread that
 * also feeds the worker processes lets their messages in: see sweep-pool.ts).
 */
export async function runTask(t: SweepTask, pause?: () => Promise<void>): Promise<TaskResult> {
  const s = await loadScenario(t.module, t.scenario);
  const failures: RunFailure[] = [];
  for (const [k, run] of t.runs.entries()) {
    if (pause !== undefined && k % PAUSE_EVERY === PAUSE_EVERY - 1) await pause();
    const info = checkScenario(s, { numRuns: 1, seed: t.seed + run, strategy: strategyOf(t.strategy, run), module: t.module });
    if (info !== undefined) {
      const r = info.outcome.result;
      failures.push({ scenario: t.scenario, run, outcome: r.outcome, token: r.token, report: formatFailure(info, t.module) });
    }
  }
  return { done: t.runs.length, failures };
}
