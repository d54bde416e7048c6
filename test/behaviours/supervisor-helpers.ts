/**
 * Workers, start functions and trace readers shared by the supervisor scenario suites.
 */
import {
  exitException, processFlag, receive, register, self, send, spawnLink, unlink, timer, type Pid, type TraceEvent,
} from '../../src/index.js';
import type { ChildSpec, SupervisorModule } from '../../src/behaviours/supervisor.js';

/**
 * A worker: registers `name` (if any), tells `main` `['started', name, pid]`, then waits.
 * `['stop', R]` makes it exit `R`; `'unlink'` unlinks it from its parent.
 */
export function* worker(name: string | undefined, main: Pid): Generator<unknown, unknown, unknown> {
  if (name !== undefined) register(name, self());
  send(main, ['started', name, self()]);
  for (;;) {
    const m = yield* receive();
    if (Array.isArray(m) && m[0] === 'stop') {
      if (m[1] === 'normal') return;
      exitException(m[1]);
    }
    if (Array.isArray(m) && m[0] === 'unlink') unlink(m[1] as Pid);
  }
}

/** A worker that traps exits and ignores `shutdown`: only `kill` stops it (SUP-15). */
export function* stubborn(name: string, main: Pid): Generator<unknown, unknown, unknown> {
  processFlag('trap_exit', true);
  register(name, self());
  send(main, ['started', name, self()]);
  for (;;) yield* receive();
}

/** A worker that traps exits and takes `delayMs` to finish after `shutdown`. */
export function* slowStopper(name: string, main: Pid, delayMs: number): Generator<unknown, unknown, unknown> {
  processFlag('trap_exit', true);
  register(name, self());
  send(main, ['started', name, self()]);
  yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
  yield* timer.sleep(delayMs);
  exitException('shutdown');
}

/** Plain start functions (OTP's `{M, F, A}` as `[fn, args]`). */
export function startWorker(name: string | undefined, main: Pid): unknown {
  return ['ok', spawnLink(worker, name, main)];
}
export function startStubborn(name: string, main: Pid): unknown {
  return ['ok', spawnLink(stubborn, name, main)];
}
export function startSlow(name: string, main: Pid, delayMs: number): unknown {
  return ['ok', spawnLink(slowStopper, name, main, delayMs)];
}
export function startIgnore(): unknown {
  return 'ignore';
}
export function startError(e: unknown): unknown {
  return ['error', e];
}

/** A supervisor module from flags and specs. */
export function supMod(flags: object, specs: unknown[], name = 'test_sup'): SupervisorModule {
  return { name, init: () => ['ok', [flags, specs]] as never };
}

/** A worker spec named `id`, registered under `id`, reporting to `main`. */
export function w(id: string, main: Pid, extra: object = {}): ChildSpec {
  return { id, start: [startWorker, [id, main]], ...extra } as ChildSpec;
}

/** Waits for the next `['started', name, pid]` and returns the pid. */
export function* started(name?: string): Generator<unknown, Pid, unknown> {
  const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'started' && (name === undefined || x[1] === name))) as unknown[];
  return m[2] as Pid;
}

/** The supervisor reports in a trace, optionally of one error context. */
export function supReports(trace: readonly TraceEvent[], errorContext?: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const e of trace) {
    if (e.kind !== 'report' || e.category !== 'supervisor_report') continue;
    const r = e.report as Record<string, unknown>;
    if (errorContext === undefined || r.errorContext === errorContext) out.push(r);
  }
  return out;
}

/** The ids of progress reports (children started), in order. */
export function startedIds(trace: readonly TraceEvent[]): unknown[] {
  return trace.flatMap((e) => {
    if (e.kind !== 'report' || e.category !== 'progress') return [];
    const s = (e.report as { started?: { id: unknown } }).started;
    return s === undefined ? [] : [s.id];
  });
}

/** The pids that exited, in order, with their reasons. */
export function exits(trace: readonly TraceEvent[]): [Pid, unknown][] {
  return trace.flatMap((e) => (e.kind === 'exit' ? [[e.pid, e.reason] as [Pid, unknown]] : []));
}
