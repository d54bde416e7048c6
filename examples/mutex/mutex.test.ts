/**
 * The mutex's suite: mutual exclusion and fairness under any interleaving; the system protocol
 * on a hand-written process (getState, replaceState, suspend/resume, log, trace, terminate);
 * and the book's known weakness — a holder that dies without signalling — found by the
 * simulator as a deadlock.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exit, monitor, processFlag, receive, self, send, spawn, sys, timer, yieldNow, type Pid } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { checkScenario } from '../../properties/index.js';
import * as Mutex from './mutex.js';
import { mutexUnderKills } from './scenario.js';

/** A client: takes the mutex `rounds` times, reporting `['in', i]` and `['out', i]` to main. */
function* client(main: Pid, i: number, rounds: number): Generator<unknown, void, unknown> {
  for (let r = 0; r < rounds; r++) {
    yield* Mutex.wait('m');
    send(main, ['in', i]);
    yield* yieldNow();
    send(main, ['out', i]);
    Mutex.signal('m');
  }
  send(main, ['done', i]);
}

describe('the mutex (book ch. 10, special processes)', () => {
  it('mutual exclusion: whatever the interleaving, clients enter one at a time and all finish (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2, max: 5 }), fc.constantFrom('random', 'pct', 'fifo'),
      (seed, n, strategy) => {
        const r = Simulation.create({ seed, strategy: strategy as 'random' }).run(function* main() {
          yield* Mutex.startLink('m');
          for (let i = 0; i < n; i++) spawn(client, self(), i, 2);
          const log: unknown[][] = [];
          for (let done = 0; done < n;) {
            const m = (yield* receive()) as unknown[];
            if (m[0] === 'done') done++;
            else log.push(m);
          }
          return log;
        });
        expect(r.outcome).toBe('ok');
        const log = r.value as [string, number][];
        expect(log).toHaveLength(4 * n);
        for (let k = 0; k < log.length; k += 2) {
          expect(log[k]![0]).toBe('in');
          expect(log[k + 1]).toEqual(['out', log[k]![1]]); // nobody else got in meanwhile
        }
      }), { numRuns: 40 });
  });

  it('SYS-4: getState shows the state machine (free, then busy with its holder); replaceState goes through systemReplaceState', () => {
    const r = Simulation.create({ seed: 1 }).run(function* main() {
      yield* Mutex.startLink('m');
      const free = yield* sys.getState('m');
      yield* Mutex.wait('m');
      const busy = yield* sys.getState('m');
      const replaced = yield* sys.replaceState('m', () => ['free', 'm']);
      const status = (yield* sys.getStatus('m')) as unknown[];
      return [free, busy, replaced, status[2], (status[3] as unknown[])[4]];
    });
    expect(r.outcome).toBe('ok');
    const [free, busy, replaced, mod, misc] = r.value as unknown[];
    expect(free).toEqual(['free', 'm']);
    expect(busy).toEqual(['busy', 'm', expect.anything()]);
    expect(String((busy as unknown[])[2])).toBe('<0.1.0>');
    expect(replaced).toEqual(['free', 'm']);
    expect(mod).toEqual(['module', 'mutex']);
    expect(misc).toEqual(['free', 'm']);
  });

  it('SYS-2: while suspended a wait queues; after resume it is served', () => {
    const r = Simulation.create({ seed: 3 }).run(function* main() {
      yield* Mutex.startLink('m');
      yield* sys.suspend('m');
      const me = self();
      spawn(function* waiter() {
        yield* Mutex.wait('m');
        send(me, 'got it');
      });
      const before = yield* receive((m) => m === 'got it', { after: 1000 });
      yield* sys.resume('m');
      const after = yield* receive((m) => m === 'got it', { after: 1000 });
      return [before, after];
    });
    expect(r.outcome).toBe('ok');
    expect(String((r.value as unknown[])[0])).toContain('timeout');
    expect((r.value as unknown[])[1]).toBe('got it');
  });

  it('SYS-7/SYS-9: debug options from startLink log and trace the events handleDebug is given, printed by the mutex\'s format', () => {
    const r = Simulation.create({ seed: 1 }).run(function* main() {
      yield* Mutex.startLink('m', ['trace', 'log']);
      yield* Mutex.wait('m');
      Mutex.signal('m');
      yield* timer.sleep(1);
      return yield* sys.log('m', 'get');
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual(['ok', [['wait', expect.anything()], ['signal', expect.anything()]]]);
    const lines = r.trace.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    expect(lines).toEqual(['mutex m: wait <0.1.0>', 'mutex m: signal <0.1.0>']);
  });

  it('SYS-6: sys.terminate runs systemTerminate: the holder and every queued waiter exit with the reason', () => {
    const r = Simulation.create({ seed: 5 }).run(function* main() {
      processFlag('trap_exit', true);
      yield* Mutex.startLink('m');
      const me = self();
      const holder = spawn(function* () { yield* Mutex.wait('m'); send(me, 'holding'); yield* receive(); });
      yield* receive((m) => m === 'holding');
      const waiter = spawn(function* () { yield* Mutex.wait('m'); });
      const refs = [monitor('process', holder), monitor('process', waiter)];
      yield* timer.sleep(1);
      yield* sys.terminate('m', 'maintenance');
      const downs: unknown[] = [];
      for (const ref of refs) downs.push(((yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref)) as unknown[])[4]);
      return downs;
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual(['maintenance', 'maintenance']);
  });

  it('a holder that dies without signalling leaves the others blocked for ever: the simulator reports the deadlock and who waits', () => {
    const r = Simulation.create({ seed: 2 }).run(function* main() {
      yield* Mutex.startLink('m');
      const me = self();
      const careless = spawn(function* careless() { yield* Mutex.wait('m'); send(me, 'holding'); yield* receive(); });
      yield* receive((m) => m === 'holding');
      spawn(client, me, 1, 1);
      exit(careless, 'kill');
      yield* receive((m) => Array.isArray(m) && m[0] === 'done');
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.detail).toMatch(/\(client\) waits in receive/);
    expect(r.detail).toMatch(/\(main\) waits in receive/);
  });

  it('as a scenario under generated kills, the checker finds the deadlock and shrinks the plan to one kill of a client', () => {
    const info = checkScenario(mutexUnderKills, { numRuns: 100, seed: 1 });
    expect(info).toBeDefined();
    const r = info!.outcome.result;
    expect(r.outcome).toBe('deadlock');
    expect(info!.input.faults).toHaveLength(1);
    expect(info!.input.faults[0]).toMatchObject({ kind: 'kill', target: { by: 'name' } });
    expect(Simulation.replay(r.token, mutexUnderKills.main).outcome).toBe('deadlock');
  });
});
