/**
 * EXIT rules: exit/2, exit(self()), the first fatal signal; exit/2 from test code.
 */
import { describe, expect, it } from 'vitest';
import {
  alias, classify, exit, exitException, link, monitor, processFlag, processInfo, receive, register, self,
  send, spawn, spawnLink, whereis, yieldNow, type Pid,
} from '../../../../../src/index.js';
import { Simulation } from '../../../../../sim/index.js';
import { runOk, simulate } from '../../../../helpers.js';
import { downOf, drain, idle, reasonOf, tagged, type Msg } from './helpers.js';

function whereisPid(name: string): Pid {
  return whereis(name) as Pid;
}


describe('EXIT: exit signals', () => {
  it('EXIT-1: exit/2 returns true, even to a dead pid', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      return [exit(p, 'whatever'), exit(p, 'kill')];
    });
    expect(v).toEqual([true, true]);
  });

  it('EXIT-1: exit of a non-pid is badarg', () => {
    const v = runOk(function* () {
      try {
        exit('x' as never, 'r');
      } catch (e) {
        return classify(e).reason;
      }
    });
    expect(v).toBe('badarg');
  });

  it('EXIT-2: a non-trapping receiver drops normal from another process and dies with any other reason', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      exit(p, 'normal');
      yield* yieldNow();
      yield* yieldNow();
      const alive = processInfo(p, 'status');
      exit(p, 'other');
      return [alive, ((yield* receive(downOf(ref))) as Msg)[4]];
    }, { strategy: 'fifo' });
    expect(v).toEqual([['status', 'waiting'], 'other']);
  });

  it('EXIT-3: kill cannot be trapped; the victim dies killed, and links and monitors see killed', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const victim = spawnLink(function* () { processFlag('trap_exit', true); yield* idle(); });
      yield* yieldNow();
      const ref = monitor('process', victim);
      exit(victim, 'kill');
      const a = (yield* receive(tagged('EXIT'))) as Msg;
      const b = (yield* receive(downOf(ref))) as Msg;
      return [a[2], b[4]];
    });
    expect(v).toEqual(['killed', 'killed']);
  });

  it("EXIT-4: a trapping receiver turns every non-kill exit/2 signal into ['EXIT', sender, R], normal included", () => {
    const v = runOk(function* () {
      const me = self();
      const p = spawn(function* () {
        processFlag('trap_exit', true);
        send(me, 'ready');
        const got: unknown[] = [];
        for (let i = 0; i < 3; i++) got.push(yield* receive());
        send(me, got);
      });
      yield* receive((m) => m === 'ready');
      exit(p, 'normal');
      exit(p, 'shutdown');
      exit(p, ['x', 1]);
      const got = (yield* receive(Array.isArray)) as Msg[];
      return got.map((m) => [m[0], m[1] === me, m[2]]);
    });
    expect(v).toEqual([['EXIT', true, 'normal'], ['EXIT', true, 'shutdown'], ['EXIT', true, ['x', 1]]]);
  });

  it('EXIT-5: exit(self(), normal) terminates a non-trapping caller with normal', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { exit(self(), 'normal'); yield* idle(); });
      return yield* reasonOf(p);
    });
    expect(v).toBe('normal');
  });

  it('EXIT-5: exit(self(), R) is a signal: catching does not stop it, and the caught process can do nothing more', () => {
    const v = runOk<[unknown, unknown[]]>(function* () {
      const me = self();
      const p = spawn(function* () {
        try {
          exit(self(), 'boom');
        } catch {
          try {
            send(me, 'caught');
          } catch {
            spawn(function* () { send(me, 'spawned'); });
          }
        }
        send(me, 'after');
        yield* idle();
        send(me, 'never');
      });
      const r = yield* reasonOf(p);
      yield* receive(null, { after: 10 });
      return [r, yield* drain()];
    });
    expect(v).toEqual(['boom', []]);
  });

  it('EXIT-5: a trapping caller gets the message instead', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      exit(self(), 'boom');
      exit(self(), 'normal');
      const got = (yield* drain()) as Msg[];
      return got.map((m) => [m[0], m[1] === self(), m[2]]);
    });
    expect(v).toEqual([['EXIT', true, 'boom'], ['EXIT', true, 'normal']]);
  });

  it('EXIT-5: exit(self(), kill) kills even a trapping caller, with killed', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { processFlag('trap_exit', true); exit(self(), 'kill'); yield* idle(); });
      return yield* reasonOf(p);
    });
    expect(v).toBe('killed');
  });

  it('EXIT-6: exit(R) (arity 1) is a catchable exception of class exit', () => {
    const v = runOk(function* () {
      try {
        exitException('r');
      } catch (e) {
        return [classify(e), processInfo(self(), 'status')];
      }
    });
    expect(v).toEqual([{ class: 'exit', reason: 'r' }, ['status', 'running']]);
  });

  it('EXIT-7: the first fatal signal decides the reason', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      exit(p, 'first');
      exit(p, 'second');
      exit(p, 'kill');
      return ((yield* receive(downOf(ref))) as Msg)[4];
    });
    expect(v).toBe('first');
  });

  it('EXIT-7: a fatal signal is acted on while the process waits in receive ... after', () => {
    const res = simulate(function* () {
      const p = spawn(function* () { yield* receive((m) => m === 'x', { after: 1000 }); });
      const ref = monitor('process', p);
      yield* yieldNow();
      exit(p, 'stop');
      return ((yield* receive(downOf(ref))) as Msg)[4];
    }, { strategy: 'fifo' });
    expect(res.value).toBe('stop');
    expect(res.stats.virtualTimeMs).toBe(0);
  });

  it('the trace records each exit signal with its effect', () => {
    const res = simulate(function* () {
      const p = spawn(idle);
      exit(p, 'normal');
      exit(p, 'kill');
      yield* reasonOf(p);
    });
    const effects = res.trace.filter((e) => e.kind === 'exitSignal').map((e) => (e as { effect: string }).effect);
    expect(effects).toEqual(['ignored', 'exit']);
  });
});

describe('outside a process', () => {
  it('EXIT-2: exit/2 from test code is a signal from another process: normal is dropped, a trapping process gets it from <0.0.0>', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    const main = sim.start(function* () {
      const t = spawn(function* () {
        processFlag('trap_exit', true);
        const m = (yield* receive()) as Msg;
        return m;
      });
      register('t', t);
      const ref = monitor('process', t);
      yield* receive((m) => m === 'go');
      const down = (yield* receive(downOf(ref))) as Msg;
      return down[4];
    });
    expect([sim.step(), sim.step()]).toEqual([true, true]); // main and t are now both waiting
    expect(sim.inspect(() => exit(main.pid, 'normal'))).toBe(true);
    const t = sim.inspect(() => whereisPid('t'));
    sim.inspect(() => exit(t, 'normal'));
    sim.inspect(() => send(main.pid, 'go'));
    while (sim.step()) { /* run */ }
    const r = sim.result();
    expect(r.outcome).toBe('ok');
    expect(r.value).toBe('normal');
    const sig = r.trace.filter((e) => e.kind === 'exitSignal').map((e) => [String((e as { from: Pid }).from), (e as { effect: string }).effect]);
    expect(sig).toEqual([['<0.0.0>', 'ignored'], ['<0.0.0>', 'message']]);
  });

  it('link, monitor, demonitor, alias need a process; exit works from test code', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    const main = sim.start(function* () { yield* idle(); });
    expect(() => sim.inspect(() => link(main.pid))).toThrow(/must be called inside a process/);
    expect(() => sim.inspect(() => alias())).toThrow(/must be called inside a process/);
    expect(sim.inspect(() => exit(main.pid, 'stop'))).toBe(true);
    while (sim.step()) { /* run */ }
    expect(sim.result().outcome).toBe('crashed');
    expect(sim.result().exit).toBe('stop');
  });
});
