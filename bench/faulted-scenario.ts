/**
 * The system the faulted_runs and sweep_workers benchmarks run: a one_for_one supervisor
 * 'top' over 10 echo gen_servers (w0..w9), and a client making 100 calls round-robin, 100 ms
 * apart (10 s of virtual time), each with a 100 ms timeout; failed calls (a killed or hung
 * server) are counted, not fatal. Five generated faults hit the workers by name or by
 * supervisor path. Exported as a scenario so `dfsweo check` workers can load it.
 */
import fc from 'fast-check';
import { GenServer, Supervisor, timer } from '../src/index.js';
import type { Fault } from '../sim/index.js';
import { defineScenario, faultPlan, type FaultPlanOptions } from '../properties/index.js';

export const WORKERS = 10;
export const CALLS = 100;

const Echo = GenServer.define<number, number, never, number, number>({
  name: 'echo',
  init: (n) => ['ok', n],
  handleCall: (k, _from, n) => ['reply', k, n + 1],
});

const names = Array.from({ length: WORKERS }, (_, i) => `w${i}`);
const refs = names.map((n) => GenServer.ref(Echo, n));

const tree = {
  name: 'faulted_tree',
  init: () => ['ok', [
    { strategy: 'one_for_one', intensity: 50, period: 1 },
    names.map((n, i) => ({ id: n, start: [GenServer, 'startLink', [Echo, i, { name: n }]] })),
  ]] as never,
};

/** The main process: start the tree, make the calls; returns how many calls failed. */
export function* faultedMain(): Generator<unknown, number, unknown> {
  const r = yield* Supervisor.startLink('top', tree, undefined);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`tree start failed: ${String(r)}`);
  let failed = 0;
  for (let i = 0; i < CALLS; i++) {
    yield* timer.sleep(100);
    try {
      yield* GenServer.call(refs[i % WORKERS]!, i, 100);
    } catch {
      failed++;
    }
  }
  return failed;
}

/** Five faults over the 10 s, on the workers by name or by path. */
export const FAULTS: FaultPlanOptions = {
  names,
  paths: names.map((n) => ['top', n]),
  any: false,
  minFaults: 5,
  maxFaults: 5,
  horizonMs: 10_000,
};

/** `n` generated plans from a seed. */
export function plans(n: number, seed = 1): Fault[][] {
  return fc.sample(faultPlan(FAULTS), { seed, numRuns: n });
}

export const faulted = defineScenario({
  name: 'faulted',
  main: faultedMain,
  faults: FAULTS,
  perturb: false,
  invariants: false,
  options: { trace: false },
});
