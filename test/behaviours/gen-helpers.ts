/**
 * Helpers for the proc_lib / gen / gen_server / sys suites.
 */
import {
  classify, GenServer, monitor, receive, Stacktrace, type GenServerModule, type Op, type Pid, type Ref, type TraceEvent,
} from '../../src/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMod = GenServerModule<any, any, any, any, any>;

/** An untyped callback module (tests poke at malformed results on purpose). */
export function mod(m: Partial<AnyMod>): AnyMod {
  return { init: (s: unknown) => ['ok', s], ...m } as AnyMod;
}

/** A server that echoes calls and stores casts: state = list of casts. */
export const Echo = mod({
  init: (s) => ['ok', s ?? []],
  handleCall: (req, _from, s) => (req === 'state' ? ['reply', s, s] : ['reply', req, s]),
  handleCast: (msg, s) => ['noreply', [...s, msg]],
  handleInfo: (msg, s) => ['noreply', [...s, ['info', msg]]],
});

/** Runs `op` and returns `['ok', value]` or `[class, reason]` of what it raised. */
export function* attempt<T>(op: Op<T>): Op<['ok', T] | [string, unknown]> {
  try {
    return ['ok', yield* op];
  } catch (e) {
    const c = classify(e);
    return [c.class, c.reason];
  }
}

export const isDownOf = (ref: Ref) => (m: unknown): m is unknown[] => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref;

/** Monitors `pid` and waits for its exit reason. */
export function* exitOf(pid: Pid): Op<unknown> {
  const ref = monitor('process', pid);
  return ((yield* receive(isDownOf(ref))) as unknown[])[4];
}

/** Monitors `pid` now; the returned op waits for its exit reason. */
export function watch(pid: Pid): Op<unknown> {
  const ref = monitor('process', pid);
  return (function* () {
    return ((yield* receive(isDownOf(ref))) as unknown[])[4];
  })();
}

/** Starts `m` linked, expecting success; returns the pid. */
export function* started(m: AnyMod, args?: unknown, opts?: Parameters<typeof GenServer.start>[2]): Op<Pid> {
  const r = yield* GenServer.startLink(m, args, opts);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** Starts `m` unlinked, expecting success; returns the pid. */
export function* startedNolink(m: AnyMod, args?: unknown, opts?: Parameters<typeof GenServer.start>[2]): Op<Pid> {
  const r = yield* GenServer.start(m, args, opts);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** Trace `report` events of one category. */
export function reports(trace: readonly TraceEvent[], category: string): Extract<TraceEvent, { kind: 'report' }>[] {
  return trace.filter((e): e is Extract<TraceEvent, { kind: 'report' }> => e.kind === 'report' && e.category === category);
}

/** True for `[R, Stacktrace]`, an error-class exit reason. */
export function isErrorReason(r: unknown, reason: unknown): boolean {
  return Array.isArray(r) && r.length === 2 && r[1] instanceof Stacktrace && JSON.stringify(r[0]) === JSON.stringify(reason);
}
