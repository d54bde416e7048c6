/**
 * Test helpers shared by every suite: run a main process under the simulator and get its
 * value, with the outcome, detail and the end of the trace in the failure message.
 */
import { classify, receive, TIMEOUT, type Op, type ProcessBody } from '../src/index.js';
import { Simulation, type SimResult, type SimulationOptions } from '../sim/index.js';

/** Runs `main` and returns the whole result. */
export function simulate<T = unknown>(main: ProcessBody, opts: SimulationOptions = {}): SimResult<T> {
  return Simulation.create({ seed: 1, ...opts }).run<T>(main);
}

/** Describes a result for a failure message. */
export function explain(r: SimResult<unknown>): string {
  return `outcome ${r.outcome} (${r.detail}), seed ${r.seed}\n${r.formatTrace().split('\n').slice(-40).join('\n')}`;
}

/** Runs `main`, requires outcome `ok`, and returns main's value. */
export function runOk<T = unknown>(main: ProcessBody, opts: SimulationOptions = {}): T {
  const r = simulate<T>(main, opts);
  if (r.outcome !== 'ok') throw new Error(`expected outcome ok, got ${explain(r)}`);
  return r.value as T;
}

/** Runs `body` (plain code, no blocking) inside a process and returns its value. */
export function inProc<T>(body: () => T): T {
  return runOk<T>(function* () {
    return body();
  });
}

/** A process body that waits forever (a live, idle target for links, monitors, signals). */
export function* idle(): Op<void> {
  yield* receive((m) => m === 'never');
}

/** Runs `f` and returns its value, or the reason of the Erlang exception it raised (`'badarg'`, …). */
export function attempt(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return classify(e).reason;
  }
}

/** Every message that arrives within `ms` of the last (the OTP probes' `flush/0`), oldest first. */
export function* flush(ms = 20): Op<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = yield* receive(null, { after: ms });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

/** Waits `ms` of virtual time, taking no message. */
export function* sleep(ms: number): Op<void> {
  yield* receive((m) => m === 'never', { after: ms });
}
