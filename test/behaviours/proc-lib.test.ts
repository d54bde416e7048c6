/**
 * proc_lib, PLIB-1 … PLIB-6: the start handshake, failures and timeouts, init_fail, ancestors,
 * crash reports, stop.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  error, exit, exitException, GenServer, get, monotonicTime, procLib, processFlag, receive, register, self, send, timer, TIMEOUT,
  Pid, type Ref,
} from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { runOk, simulate } from '../helpers.js';
import { attempt, exitOf, isErrorReason, reports } from './gen-helpers.js';

describe('PLIB-1: start blocks until initAck', () => {
  it('PLIB-1: start, startLink and startMonitor return what the child acknowledged', () => {
    const v = runOk<unknown[]>(function* () {
      function* child(tag: string) {
        yield* timer.sleep(50);
        procLib.initAck(['ok', tag]);
        yield* receive();
      }
      const a = yield* procLib.start(child, ['a']);
      const t = monotonicTime();
      const b = yield* procLib.startLink(child, ['b']);
      const [c, ref] = yield* procLib.startMonitor(child, ['c']);
      return [a, t, b, c, typeof ref];
    });
    expect(v).toEqual([['ok', 'a'], 50, ['ok', 'b'], ['ok', 'c'], 'object']);
  });

  it("PLIB-1: initAck in a process that is not proc_lib's fails as OTP 25's does; a second ack is a stray ['ack', pid, ret] for the parent", () => {
    const v = runOk(function* () {
      const outside = yield* attempt((function* () { return procLib.initAck('x'); })());
      const r = (yield* procLib.start(function* () {
        procLib.initAck(['ok', self()]);
        procLib.initAck('again');
        yield* receive((m) => m === 'stop');
      }, [])) as [string, Pid];
      const stray = yield* receive(null, { after: 10 });
      send(r[1], 'stop');
      return [outside, r[0], stray];
    }) as unknown[];
    expect(v.slice(0, 2)).toEqual([['error', ['badmatch', 'undefined']], 'ok']);
    expect((v[2] as unknown[])[0]).toBe('ack');
    expect((v[2] as unknown[])[2]).toBe('again');
  });
});

describe('PLIB-2: death before the ack, and the start timeout', () => {
  it('PLIB-2: a child that dies first gives [error, reason]', () => {
    const v = runOk(function* () {
      return yield* procLib.start(function* () { exitException('early'); }, []);
    });
    expect(v).toEqual(['error', 'early']);
  });

  it('PLIB-2: on timeout the child is killed and the result is [error, timeout]', () => {
    const v = runOk(function* () {
      const me = self();
      const r = yield* procLib.start(function* () { send(me, ['child', self()]); yield* receive(); }, [], { timeout: 30 });
      const [, child] = (yield* receive((m) => Array.isArray(m) && m[0] === 'child')) as [string, Pid];
      return [r, monotonicTime(), yield* exitOf(child)];
    });
    expect(v).toEqual([['error', 'timeout'], 30, 'noproc']);
  });

  it("PLIB-2: a trapping startLink caller never finds a stray 'EXIT' of the failed child", () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const a = yield* procLib.startLink(function* () { exitException('bad'); }, []);
      const b = yield* procLib.startLink(function* () { yield* receive(); }, [], { timeout: 5 });
      const stray = yield* receive(null, { after: 50 });
      return [a, b, stray === TIMEOUT];
    });
    expect(v).toEqual([['error', 'bad'], ['error', 'timeout'], true]);
  });
});

describe('PLIB-3: initFail', () => {
  it('PLIB-3: the starter gets Ret, then the exception is raised in the child', () => {
    const v = runOk<unknown[]>(function* () {
      const [r, ref] = yield* procLib.startMonitor(function* () {
        procLib.initFail(['error', 'no_way'], ['error', 'boom']);
      }, []);
      const down = (yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref)) as unknown[];
      const linked = yield* procLib.startLink(function* () { procLib.initFail('failed', ['exit', 'abnormal']); }, []);
      return [r, down[4], linked];
    });
    expect(v[0]).toEqual(['error', 'no_way']);
    expect(isErrorReason(v[1], 'boom')).toBe(true);
    expect(v[2]).toBe('failed'); // and the non-trapping linked caller survived the abnormal exit
  });
});

describe('PLIB-4: ancestors and initial call', () => {
  it("PLIB-4: '$ancestors' lists the parent (its registered name if any) first, then its ancestors", () => {
    const v = runOk(function* () {
      register('top', self());
      const me = self();
      procLib.spawn(function* middle() {
        procLib.spawn(function* leaf(x: number) {
          send(me, ['leaf', get('$ancestors'), get('$initial_call'), x]);
        }, 7);
      });
      return yield* receive((m) => Array.isArray(m) && m[0] === 'leaf');
    }) as unknown[];
    expect(v[1]).toEqual([expect.anything(), 'top']);
    expect(String((v[1] as unknown[])[0])).toMatch(/^<0\.\d+\.0>$/);
    expect(v[2]).toEqual(['leaf', 1]);
    expect(v[3]).toBe(7);
  });

  it("PLIB-4: a behaviour's process is named by its initial call ('mod:init/1') in traces and deadlock reports, not by our engine's function", () => {
    const Stuck = GenServer.define<null, 'wait', never, never, null>({ name: 'stuck', init: () => ['ok', null], handleCall: () => ['noreply', null] });
    const r = simulate(function* () {
      const [, s] = (yield* GenServer.start(Stuck, null)) as [string, Pid];
      yield* GenServer.call(s, 'wait', 'infinity');
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.trace.find((e) => e.kind === 'spawn' && e.pid !== undefined && String(e.pid) === '<0.2.0>')).toMatchObject({ fn: 'stuck:init/1' });
    expect(r.detail).toContain('<0.2.0> (stuck:init/1)');
  });
});

describe('PLIB-5: crash reports', () => {
  it('PLIB-5: abnormal exception exits report; normal, shutdown, {shutdown,_} and kill signals do not', () => {
    const r = simulate(function* () {
      const bodies = [
        function* crash() { error('bad'); },
        function* exits() { exitException('odd'); },
        function* normal() { /* returns */ },
        function* shutdown() { exitException('shutdown'); },
        function* shutdownTuple() { exitException(['shutdown', 'x']); },
      ];
      for (const b of bodies) yield* exitOf(procLib.spawn(b));
      const victim = procLib.spawn(function* victim() { yield* receive(); });
      exit(victim, 'kill');
      yield* exitOf(victim);
    });
    const crashes = reports(r.trace, 'crash_report');
    expect(crashes).toHaveLength(2);
    const infos = crashes.map((c) => (c.report as { errorInfo: unknown[] }).errorInfo);
    expect(infos[0]![0]).toBe('error');
    expect(infos[1]).toEqual(['exit', 'odd']);
  });
});

describe('PLIB-6: stop', () => {
  it('PLIB-6: ok when the process exits with the reason; noproc when absent; timeout (and alive) when it ignores the request', () => {
    const v = runOk(function* () {
      const sysAware = procLib.spawn(function* () {
        const m = (yield* receive()) as unknown[];
        exitException((m[2] as unknown[])[1]);
      });
      const a = yield* procLib.stop(sysAware, 'bye');
      const b = yield* attempt(procLib.stop(sysAware));
      const deaf = procLib.spawn(function* () { yield* receive((m) => m === 'never'); });
      const c = yield* attempt(procLib.stop(deaf, 'normal', 40));
      return [a, b, c, monotonicTime()];
    });
    expect(v).toEqual(['ok', ['exit', 'noproc'], ['exit', 'timeout'], 40]);
  });

  it('PLIB-6: a process that dies of another reason makes stop exit with it; spawnOpt with monitor answers [pid, ref] and its DOWN', () => {
    const v = runOk(function* () {
      const other = procLib.spawn(function* () {
        yield* receive();
        exitException('my_own_reason');
      });
      const a = yield* attempt(procLib.stop(other, 'asked'));
      const r = procLib.spawnOpt(function* (x: number) { yield* receive((m) => m === x); }, { monitor: true }, 7) as [Pid, Ref];
      send(r[0], 7);
      const down = (yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === r[1])) as unknown[];
      const far = yield* attempt(procLib.stop(new Pid('far@away', 1, 10)));
      return [a, down[3] === r[0], down[4], typeof procLib.spawnOpt(function* () {}, {}), far];
    });
    expect(v).toEqual([['exit', 'my_own_reason'], true, 'normal', 'object', ['exit', 'noconnection']]);
  });
});

describe('PLIB-1/PLIB-2 property', () => {
  it('PLIB-2: start ends in the ack, the death reason or timeout, and leaves no stray message', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }),
      fc.constantFrom('ack', 'crash', 'fail'), fc.constantFrom('start', 'startLink'), fc.boolean(),
      (seed, delay, timeout, how, api, trap) => {
        const r = Simulation.create({ seed, trace: false }).run(function* () {
          processFlag('trap_exit', trap);
          const child = function* () {
            yield* timer.sleep(delay);
            if (how === 'ack') procLib.initAck('up');
            else if (how === 'fail') procLib.initFail('failed', ['exit', 'why']);
            else exitException('crashed');
            yield* receive();
          };
          const res = yield* procLib[api](child, [], { timeout });
          const stray = yield* receive(null, { after: 50 });
          return [res, stray === TIMEOUT];
        });
        if (how === 'crash' && api === 'startLink' && !trap && delay <= timeout) {
          // The link kills a caller that does not trap (on a tie the timeout may win instead).
          if (delay < timeout || r.outcome === 'crashed') return void expect(r.outcome).toBe('crashed');
        }
        expect(r.outcome).toBe('ok');
        const [res, clean] = r.value as [unknown, boolean];
        expect(clean).toBe(true);
        const expected = { ack: 'up', fail: 'failed', crash: ['error', 'crashed'] }[how];
        if (delay < timeout) expect(res).toEqual(expected);
        else if (delay > timeout) expect(res).toEqual(['error', 'timeout']);
        else expect([expected, ['error', 'timeout']]).toContainEqual(res);
      },
    ), { numRuns: 60 });
  });
});

describe('PLIB-5: one crash report, not two', () => {
  it('PLIB-5: a crashing gen_server leaves an error report and a proc_lib crash report, and no emulator-level crash report', () => {
    const Bad = GenServer.define<number, 'boom', never, number, undefined>({
      init: () => ['ok', 0],
      handleCall: () => {
        throw new Error('boom');
      },
    });
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const s = yield* GenServer.startLink(Bad, undefined);
      if (s === 'ignore' || s[0] !== 'ok') throw new Error('start failed');
      try {
        yield* GenServer.call(s[1], 'boom');
      } catch {
        // the caller sees the crash; the reports are what this test reads
      }
      const exit = (yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT')) as unknown[];
      return exit[2];
    });
    expect(r.outcome).toBe('ok');
    const kinds = r.trace.filter((e) => e.kind === 'crashReport' || e.kind === 'report').map((e) => (e.kind === 'report' ? e.category : e.kind));
    expect(kinds).toEqual(['error_report', 'crash_report']);
    const reason = r.value as unknown[];
    expect(reason[0]).toBeInstanceOf(Error); // the exit reason is still [Error, Stacktrace] (GS-12)
  });
});
