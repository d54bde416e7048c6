/**
 * SIM-1 (one virtual clock drives every timeout) and SIM-6 (host exceptions as error, exit and
 * throw; reports as structured events whose presence and silence tests can assert).
 */
import { describe, expect, it } from 'vitest';
import {
  exitException, GenServer, monotonicTime, processFlag, receive, self, send, sendAfter, spawn, spawnMonitor, Supervisor, throwTerm, type Pid,
} from '../../src/index.js';
import { timer } from '../../src/index.js';
import { explain, simulate } from '../helpers.js';
import { started, startStubborn, supMod, w } from '../behaviours/supervisor-helpers.js';

const exitOf = (pid: Pid) => (m: unknown): m is ['EXIT', Pid, unknown] => Array.isArray(m) && m[0] === 'EXIT' && m[1] === pid;

describe('SIM-1: one virtual clock', () => {
  it('SIM-1: after clauses, timers, call and shutdown timeouts and the intensity window all run on the virtual ms', () => {
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const me = self();
      const at: Record<string, number> = {};
      yield* receive(null, { after: 100 });
      at.after = monotonicTime();
      sendAfter(50, me, 'tick');
      yield* receive((m) => m === 'tick');
      at.timer = monotonicTime();
      const deaf = spawn(function* () { yield* receive((m) => m === 'never'); });
      try {
        yield* GenServer.call(deaf, 'hello', 100);
      } catch {
        at.callTimeout = monotonicTime();
      }
      const [, a] = (yield* Supervisor.startLink(supMod({}, [{ id: 's', start: [startStubborn, ['s', me]], shutdown: 300 }], 'a'), undefined)) as [string, Pid];
      yield* started('s');
      yield* Supervisor.stop(a); // the stubborn child is killed when its 300 ms run out
      at.shutdown = monotonicTime();
      // One restart in 5 s: a crash 6 s after the start is restarted; the next, 4 s later, is one too many.
      const [, b] = (yield* Supervisor.startLink(supMod({ intensity: 1, period: 5 }, [w('c', me)], 'b'), undefined)) as [string, Pid];
      yield* started('c');
      yield* timer.sleep(6000);
      send('c', ['stop', 'crash']);
      yield* started('c');
      at.restarted = monotonicTime();
      yield* timer.sleep(4000);
      send('c', ['stop', 'crash']);
      const [, , why] = yield* receive(exitOf(b));
      at.gaveUp = monotonicTime();
      return [at, why];
    });
    expect(r.outcome, explain(r)).toBe('ok');
    expect(r.value).toEqual([{ after: 100, timer: 150, callTimeout: 250, shutdown: 550, restarted: 6550, gaveUp: 10550 }, 'shutdown']);
  });
});

describe('SIM-6: exceptions and reports', () => {
  it('SIM-6: a JS throw is class error with a stack, exitException class exit, throwTerm an uncaught throw (nocatch)', () => {
    const r = simulate(function* () {
      const bodies = [
        function* () { throw new Error('js'); },
        function* () { exitException('quit'); },
        function* () { throwTerm('ball'); },
      ];
      const reasons: unknown[] = [];
      for (const body of bodies) {
        const [, ref] = spawnMonitor(body);
        const down = (yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref)) as unknown[];
        reasons.push(down[4]);
      }
      return reasons;
    });
    expect(r.outcome, explain(r)).toBe('ok');
    const [js, quit, ball] = r.value as unknown[][];
    expect((js as unknown[])[0]).toBeInstanceOf(Error);
    expect(quit).toBe('quit');
    expect((ball as unknown[])[0]).toEqual(['nocatch', 'ball']);
  });

  it('SIM-6: reports are trace events: a crashing gen_server child gives the gen_server error report, a crash report and a supervisor report; a normal stop none', () => {
    const Stopper = GenServer.define<null, never, ['stop', string], never, null>({
      name: 'stopper',
      init: () => ['ok', null],
      handleCall: () => { throw new Error('no calls'); },
      handleCast: (m, s) => ['stop', m[1], s],
    });
    const run = (reason: string) => simulate(function* () {
      processFlag('trap_exit', true);
      const child = { id: 'c', start: [GenServer.startLink, [Stopper, null, { name: { local: 'c' } }]], restart: 'transient' };
      yield* Supervisor.startLink(supMod({}, [child]), undefined);
      GenServer.cast('c', ['stop', reason]);
      yield* timer.sleep(10);
    });
    const categories = (reason: string) => {
      const r = run(reason);
      expect(r.outcome, explain(r)).toBe('ok');
      return r.trace.flatMap((e) => (e.kind === 'report' && e.category !== 'progress' ? [e.category] : []));
    };
    expect(categories('crash')).toEqual(['error_report', 'crash_report', 'supervisor_report']); // gen_server's terminating report, proc_lib's, the supervisor's
    expect(categories('normal')).toEqual([]);
  });
});
