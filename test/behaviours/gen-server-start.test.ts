/**
 * gen_server scenarios, GS-1 … GS-4 and REG-4: start and init, its results, exceptions,
 * timeout and options, and names registered before init.
 */
import { describe, expect, it } from 'vitest';
import {
  error, exitException, GenServer, globalRegistry, monitor, monotonicTime, Pid, receive, send, spawn, throwTerm, timer, TIMEOUT, whereis, type TraceEvent, type ViaModule,
} from '../../src/index.js';
import { runOk, simulate } from '../helpers.js';
import { attempt, Echo, isErrorReason, mod, reports, started } from './gen-helpers.js';

/** A `via` registry over a Map (what users implement: OTP's `{via, Module, Name}`). */
function mapVia(): [Map<string, Pid>, ViaModule] {
  const table = new Map<string, Pid>();
  return [table, {
    registerName: (n, p) => (table.has(n as string) ? 'no' : (table.set(n as string, p), 'yes')),
    unregisterName: (n) => table.delete(n as string),
    whereisName: (n) => table.get(n as string) ?? 'undefined',
    send: (n, m) => { const p = table.get(n as string)!; send(p, m); return p; },
  }];
}

describe('GS-1: start returns only after init', () => {
  it('GS-1: start, startLink and startMonitor return ok with the pid (and ref) once init ran', () => {
    const v = runOk<unknown[]>(function* () {
      const M = mod({ init: (x) => ['ok', x], handleCall: (_r, _f, s) => ['reply', s, s] });
      const a = yield* GenServer.start(M, 'a');
      const b = yield* GenServer.startLink(M, 'b');
      const c = yield* GenServer.startMonitor(M, 'c');
      const pa = (a as [string, Pid])[1];
      const [pc, ref] = (c as [string, [Pid, unknown]])[1];
      return [a[0], b[0], c[0], pa instanceof Pid, yield* GenServer.call(pa, 'x'), yield* GenServer.call(pc, 'x'), typeof ref];
    });
    expect(v).toEqual(['ok', 'ok', 'ok', true, 'a', 'c', 'object']);
  });
});

describe('GS-2: init results', () => {
  /** startMonitor with `init`; what it returned, whether a 'DOWN' was left queued, and the server's exit reason (from the trace). */
  function startMonitored(init: () => unknown): { res: unknown; leftDown: boolean; exit: unknown; trace: readonly TraceEvent[] } {
    const r = simulate(function* () {
      const res = yield* GenServer.startMonitor(mod({ init: init as never }), undefined);
      const left = yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN', { after: 0 });
      return [res, left !== TIMEOUT];
    });
    const [res, leftDown] = r.value as [unknown, boolean];
    const main = r.trace.find((e) => e.kind === 'spawn')!.pid;
    const exit = r.trace.find((e) => e.kind === 'exit' && e.pid !== main) as Extract<TraceEvent, { kind: 'exit' }>;
    return { res, leftDown, exit: exit.reason, trace: r.trace };
  }

  it("GS-2: 'ignore' returns ignore and the process exits normal; startMonitor takes the DOWN (gen:start_monitor)", () => {
    expect(startMonitored(() => 'ignore')).toMatchObject({ res: 'ignore', leftDown: false, exit: 'normal' });
  });

  it("GS-2: ['stop', R] gives ['error', R] and the process exits R", () => {
    expect(startMonitored(() => ['stop', 'nope'])).toMatchObject({ res: ['error', 'nope'], leftDown: false, exit: 'nope' });
  });

  it("GS-2: ['error', R] gives ['error', R], the process exits normal with no report", () => {
    const r = startMonitored(() => ['error', 'bad']);
    expect(r).toMatchObject({ res: ['error', 'bad'], leftDown: false, exit: 'normal' });
    expect(reports(r.trace, 'crash_report')).toHaveLength(0);
  });

  it('GS-2: any other value V gives bad_return_value', () => {
    const v = runOk<unknown[]>(function* () {
      return yield* GenServer.start(mod({ init: () => ['okay', 1] as never }), undefined);
    });
    expect(v).toEqual(['error', ['bad_return_value', ['okay', 1]]]);
  });

  it("GS-2: a start_link caller that is not trapping survives ['stop', R] and finds no 'EXIT'", () => {
    const v = runOk<unknown[]>(function* () {
      const r = yield* GenServer.startLink(mod({ init: () => ['stop', 'crashy'] }), undefined);
      const stray = yield* receive(null, { after: 10 });
      return [r, stray === TIMEOUT];
    });
    expect(v).toEqual([['error', 'crashy'], true]);
  });
});

describe('GS-3: exceptions in init', () => {
  it('GS-3: error gives [R, Stacktrace], exit gives R, throw(V) is taken as V', () => {
    const v = runOk<unknown[]>(function* () {
      const a = yield* GenServer.start(mod({ init: () => error('boom') }), undefined);
      const b = yield* GenServer.start(mod({ init: () => exitException('gone') }), undefined);
      const c = yield* GenServer.start(mod({ init: () => throwTerm(['ok', 7]), handleCall: (_r, _f, s) => ['reply', s, s] }), undefined);
      const got = yield* GenServer.call((c as [string, Pid])[1], 'x');
      return [a, b, c[0], got];
    });
    expect(v[0]).toEqual(['error', expect.anything()]);
    expect(isErrorReason((v[0] as unknown[])[1], 'boom')).toBe(true);
    expect(v.slice(1)).toEqual([['error', 'gone'], 'ok', 7]);
  });

  it('GS-3: a module without init gives undef', () => {
    const v = runOk<unknown[]>(function* () {
      return (yield* GenServer.start({} as never, undefined)) as unknown as unknown[];
    });
    expect(v[0]).toBe('error');
    expect(isErrorReason(v[1], 'undef')).toBe(true);
  });
});

describe('GS-4: start timeout and options', () => {
  it('GS-4: init slower than the timeout: child killed, timeout, name already free', () => {
    const v = runOk<unknown[]>(function* () {
      const slow = mod({ *init() { yield* timer.sleep(1000); return ['ok', 0]; } });
      const r = yield* GenServer.start(slow, undefined, { name: 'slow', timeout: 100 });
      return [r, whereis('slow'), monotonicTime()];
    });
    expect(v).toEqual([['error', 'timeout'], 'undefined', 100]);
  });

  it('GS-4: spawnOpt with monitor is badarg', () => {
    const v = runOk<unknown[]>(function* () {
      return yield* attempt(GenServer.start(Echo, [], { spawnOpt: { monitor: true } }));
    });
    expect(v).toEqual(['error', 'badarg']);
  });
});

describe('REG-4: names are registered before init', () => {
  it('REG-4: a taken name gives already_started and the new process exits normal without running init', () => {
    const v = runOk<unknown[]>(function* () {
      const first = yield* started(Echo, [], { name: 'echo' });
      let ran = false;
      const r = yield* GenServer.start(mod({ init: () => { ran = true; return ['ok', 0]; } }), undefined, { name: { local: 'echo' } });
      return [r, first, ran];
    });
    expect(v[0]).toEqual(['error', ['already_started', v[1]]]);
    expect(v[2]).toBe(false);
  });

  it('REG-4: init already sees its name; global and via names work the same way', () => {
    const [, via] = mapVia();
    const v = runOk<unknown[]>(function* () {
      const a = yield* started(mod({ init: () => ['ok', whereis('named')] , handleCall: (_r, _f, s) => ['reply', s, s] }), undefined, { name: 'named' });
      const got = yield* GenServer.call('named', 'x');
      yield* started(Echo, [], { name: { global: 'g1' } });
      yield* started(Echo, [], { name: { via, name: 'v1' } });
      const g = yield* GenServer.call({ global: 'g1' }, 'hi');
      const w = yield* GenServer.call({ via, name: 'v1' }, 'ho');
      const again = yield* GenServer.start(Echo, [], { name: { global: 'g1' } });
      return [got === a, g, w, (again as unknown as unknown[])[0], globalRegistry.whereisName('g1') instanceof Pid];
    });
    expect(v).toEqual([true, 'hi', 'ho', 'error', true]);
  });

  it('GS-4: an init that fails gives its global or via name back before the starter hears, so a retry takes it', () => {
    const [table, via] = mapVia();
    const Failing = mod({ init: () => ['stop', 'no'] });
    const v = runOk<unknown[]>(function* () {
      const out: unknown[] = [];
      for (const name of [{ global: 'g2' }, { via, name: 'v2' }]) {
        out.push(yield* GenServer.start(Failing, [], { name }));
        out.push((yield* GenServer.start(Echo, [], { name }))[0]);
      }
      return [...out, table.size, globalRegistry.registeredNames()];
    });
    expect(v).toEqual([['error', 'no'], 'ok', ['error', 'no'], 'ok', 1, ['g2']]);
  });

  it('a deadlock report names a global server as it was called', () => {
    const Stuck = mod({ handleCall: (_r, _f, s) => ['noreply', s] });
    const r = simulate(function* () {
      const [, a] = (yield* GenServer.start(Stuck, [], { name: { global: 'slow' } })) as [string, Pid];
      spawn(function* () { yield* GenServer.call({ global: 'slow' }, 'q', 'infinity'); });
      yield* GenServer.call(a, 'q', 'infinity');
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.detail).toMatch(/calls \{global,'slow'\}/);
  });
});
