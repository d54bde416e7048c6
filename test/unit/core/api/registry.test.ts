/**
 * REG rules: register, unregister, whereis, registered.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, exit, monitor, Pid, receive, register, registered, self, send, spawn, unregister, whereis,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { runOk, simulate, idle, attempt } from '../../../helpers.js';

describe('REG-1: register', () => {
  it('REG-1: register returns true and makes the name a send target', () => {
    const v = runOk(function* () {
      const r = register('me', self());
      send('me', 'hello');
      return [r, yield* receive(), whereis('me') === self()];
    });
    expect(v).toEqual([true, 'hello', true]);
  });

  it('REG-1: badarg for a non-atom or undefined name, a taken name, a named pid, a dead pid or a non-pid', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const q = spawn(idle);
      register('p', p);
      const dead = spawn(function* () {});
      const ref = monitor('process', dead);
      yield* receive((m) => Array.isArray(m) && m[1] === ref);
      return [
        attempt(() => register(42 as never, q)),
        attempt(() => register('undefined', q)),
        attempt(() => register('p', q)),
        attempt(() => register('other', p)),
        attempt(() => register('dead', dead)),
        attempt(() => register('x', 'q' as never)),
        attempt(() => register('remote', new Pid('b@host', 1, 1))),
      ];
    });
    expect(v).toEqual(Array(7).fill('badarg'));
  });

  it('REG-1: from test code a bad name is a typed error naming the argument', () => {
    const sim = Simulation.create();
    const main = sim.start(function* () { yield* idle(); });
    let err: unknown;
    try {
      sim.inspect(() => register('undefined', main.pid));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadArgumentError);
    expect((err as BadArgumentError).argument).toBe('name');
    expect(sim.inspect(() => register('main', main.pid))).toBe(true);
    expect(sim.inspect(() => whereis('main'))).toBe(main.pid);
  });

  it('REG-1: an exiting process cannot be registered', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      exit(p, 'kill');
      return attempt(() => register('p', p));
    });
    expect(v).toBe('badarg');
  });
});

describe('REG-2: one name per process, one process per name', () => {
  it('REG-2: whereis gives the pid or undefined; unregister frees the name', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      register('a', p);
      const before = whereis('a') === p;
      const u = unregister('a');
      return [before, u, whereis('a'), register('b', p), whereis('b') === p];
    });
    expect(v).toEqual([true, true, 'undefined', true, true]);
  });

  it('REG-2: unregister of an unknown name and whereis of a non-atom are badarg', () => {
    const v = runOk(function* () {
      return [attempt(() => unregister('nobody')), attempt(() => unregister(3 as never)), attempt(() => whereis(3 as never))];
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg']);
  });

  it('REG-2: registered lists the names, sorted; a dead process loses its name', () => {
    const res = simulate(function* () {
      const ps = [spawn(idle), spawn(idle), spawn(idle)];
      register('zeta', ps[0]!);
      register('alpha', ps[1]!);
      register('mid', ps[2]!);
      const all = registered();
      const ref = monitor('process', ps[0]!);
      exit(ps[0]!, 'stop');
      yield* receive((m) => Array.isArray(m) && m[1] === ref);
      return [all, registered(), whereis('zeta')];
    });
    expect(res.value).toEqual([['alpha', 'mid', 'zeta'], ['alpha', 'mid'], 'undefined']);
    const kinds = res.trace.filter((e) => e.kind === 'register' || e.kind === 'unregister').map((e) => `${e.kind} ${(e as { name: string }).name}`);
    expect(kinds).toEqual(['register zeta', 'register alpha', 'register mid', 'unregister zeta']);
  });
});
