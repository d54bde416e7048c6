/**
 * gen: call cycles reported as deadlocks before the call timeouts fire, the option that lets
 * them fire instead, and the book's "young calls old, old casts young" rule.
 */
import { describe, expect, it } from 'vitest';
import { GenServer, globalRegistry, monotonicTime, receive, spawn, spawnMonitor, sys, timer } from '../../src/index.js';
import { checkDeterminism, Simulation } from '../../sim/index.js';
import { simulate, runOk } from '../helpers.js';
import { attempt, mod, startedNolink } from './gen-helpers.js';

/** A server that, asked `['relay', to]`, calls `to` with `'ping'` before replying; answers `'ping'` with `'pong'`. */
const Relay = mod({
  *handleCall(req, _from, s) {
    if (Array.isArray(req) && req[0] === 'relay') return ['reply', yield* GenServer.call(req[1], ['relay', req[2]]), s];
    return ['reply', 'pong', s];
  },
});

describe('call cycles', () => {
  it("a calls b while b calls a: deadlock naming the cycle, before any call timeout", () => {
    const r = simulate(function* () {
      const a = yield* startedNolink(Relay, undefined, { name: 'a' });
      yield* startedNolink(Relay, undefined, { name: 'b' });
      void a;
      // main → a: a relays to b, b relays back to a (which is busy calling b).
      return yield* GenServer.call('a', ['relay', 'b', 'a']);
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.stats.virtualTimeMs).toBe(0);
    expect(r.deadlock!.cycles).toHaveLength(1);
    expect(r.deadlock!.text).toMatch(/cycle: <0\.\d+\.0> 'a' calls 'b' → <0\.\d+\.0> 'b' calls 'a'/);
  });

  it('a three-process cycle is named in call order, smallest pid first', () => {
    const Chain = mod({
      *handleCall(req, _from, s) {
        const [next, ...rest] = req as string[];
        return ['reply', rest.length === 0 ? yield* GenServer.call(next!, []) : yield* GenServer.call(next!, rest), s];
      },
    });
    const r = simulate(function* () {
      for (const n of ['x', 'y', 'z']) yield* startedNolink(Chain, undefined, { name: n });
      return yield* GenServer.call('x', ['y', 'z', 'x']);
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.deadlock!.text).toMatch(/'x' calls 'y' → <0\.\d+\.0> 'y' calls 'z' → <0\.\d+\.0> 'z' calls 'x'/);
  });

  it("with callCycles: 'timeout' the timeouts fire and the system recovers", () => {
    const r = Simulation.create({ seed: 3, callCycles: 'timeout' }).run(function* () {
      yield* startedNolink(Relay, undefined, { name: 'a' });
      yield* startedNolink(Relay, undefined, { name: 'b' });
      const res = yield* attempt(GenServer.call('a', ['relay', 'b', 'a'], 'infinity'));
      return [res[0], monotonicTime()];
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual(['exit', 5000]);
  });

  it("a server starting a child whose init calls the server back: 'starts' → 'calls' cycle", () => {
    const Child = mod({ *init() { return ['ok', yield* GenServer.call('parent', 'hello')]; } });
    const Parent = mod({ *handleCall(req, _f, s) { return ['reply', req === 'spawn' ? yield* GenServer.start(Child, undefined) : req, s]; } });
    const r = simulate(function* () {
      yield* startedNolink(Parent, undefined, { name: 'parent' });
      return yield* GenServer.call('parent', 'spawn');
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.stats.virtualTimeMs).toBe(0);
    expect(r.deadlock!.text).toMatch(/cycle: <0\.\d+\.0> 'parent' starts <0\.\d+\.0> → <0\.\d+\.0> calls 'parent'/);
  });

  it('a response wait is part of a cycle too', () => {
    const Asker = mod({
      *handleCall(req, _f, s) {
        if (req !== 'go') return ['reply', req, s];
        const id = GenServer.sendRequest('b', 'ask');
        return ['reply', yield* GenServer.receiveResponse(id), s];
      },
    });
    const Back = mod({ *handleCall(_r, _f, s) { return ['reply', yield* GenServer.call('a', 'back'), s]; } });
    const r = simulate(function* () {
      yield* startedNolink(Asker, undefined, { name: 'a' });
      yield* startedNolink(Back, undefined, { name: 'b' });
      return yield* GenServer.call('a', 'go');
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.deadlock!.text).toMatch(/'a' awaits 'b' → <0\.\d+\.0> 'b' calls 'a'/);
  });

  it('a single call to a busy server is no deadlock', () => {
    const v = runOk(function* () {
      const slow = mod({ *handleCall(_r, _f, s) { yield* timer.sleep(100); return ['reply', 'done', s]; } });
      const pid = yield* startedNolink(slow);
      return [yield* GenServer.call(pid, 'x'), monotonicTime()];
    });
    expect(v).toEqual(['done', 100]);
  });

  it('young calls old, old casts young: no deadlock (the reverse call would be one)', () => {
    const Old = mod({
      init: () => ['ok', 0],
      handleCall: (req, _from, n) => {
        GenServer.cast('young', ['seen', n]); // old → young: asynchronous
        return ['reply', ['old', req, n], n + 1];
      },
    });
    const Young = mod({
      init: () => ['ok', []],
      *handleCall(req, _from, s) {
        if (req === 'state') return ['reply', s, s];
        return ['reply', yield* GenServer.call('old', req), s]; // young → old: synchronous
      },
      handleCast: (msg, s) => ['noreply', [...s, msg]],
    });
    const ok = simulate(function* () {
      yield* startedNolink(Old, undefined, { name: 'old' });
      yield* startedNolink(Young, undefined, { name: 'young' });
      const a = yield* GenServer.call('young', 'q1');
      const b = yield* GenServer.call('young', 'q2');
      return [a, b, yield* GenServer.call('young', 'state')];
    });
    expect(ok.outcome).toBe('ok');
    expect(ok.value).toEqual([['old', 'q1', 0], ['old', 'q2', 1], [['seen', 0], ['seen', 1]]]);

    const OldCalls = mod({ *handleCall(req, _f, s) { return ['reply', yield* GenServer.call('young', ['back', req]), s]; } });
    const YoungCalls = mod({ *handleCall(req, _f, s) { return ['reply', Array.isArray(req) ? 'x' : yield* GenServer.call('old', req), s]; } });
    const bad = simulate(function* () {
      yield* startedNolink(OldCalls, undefined, { name: 'old' });
      yield* startedNolink(YoungCalls, undefined, { name: 'young' });
      return yield* GenServer.call('young', 'q');
    });
    expect(bad.outcome).toBe('deadlock');
    expect(bad.deadlock!.text).toMatch(/'old' calls 'young'/);
  });
});

describe('names', () => {
  it('GLOB-3/GLOB-7: a global name goes with its process; { via: globalRegistry } equals { global }', () => {
    const v = runOk(function* () {
      const pid = yield* startedNolink(mod({ handleCall: (r, _f, s) => ['reply', r, s] }), undefined, { name: { global: 'g' } });
      const viaCall = yield* GenServer.call({ via: globalRegistry, name: 'g' }, 'hi');
      const before = globalRegistry.whereisName('g') === pid;
      yield* GenServer.stop(pid);
      const after = globalRegistry.whereisName('g');
      const again = yield* GenServer.start(mod({}), undefined, { name: { global: 'g' } });
      return [viaCall, before, after, (again as unknown as unknown[])[0]];
    });
    expect(v).toEqual(['hi', true, 'undefined', 'ok']);
  });

  it('GLOB-1: registerName is yes, or no when the name is taken or the pid already has a global name', () => {
    const v = runOk(function* () {
      const a = spawn(function* () { yield* receive(); });
      const b = spawn(function* () { yield* receive(); });
      const r: unknown[] = [
        globalRegistry.registerName('x', a),
        globalRegistry.registerName('x', b),
        globalRegistry.registerName('y', a),
        globalRegistry.registerName(['tuple', 1], b),
      ];
      globalRegistry.unregisterName('x');
      r.push(globalRegistry.registerName('y', a), globalRegistry.whereisName('y') === a, globalRegistry.whereisName(['tuple', 1]) === b);
      return [...r, [...globalRegistry.registeredNames()].length];
    });
    expect(v).toEqual(['yes', 'no', 'no', 'yes', 'yes', true, true, 2]);
  });

  it('GLOB-2: global send returns the pid, or exits {badarg, {Name, Msg}} (an exit: no stack in the reason)', () => {
    const v = runOk(function* () {
      const pid = yield* startedNolink(mod({ handleInfo: (m, s) => ['noreply', [...(s as unknown[]), m]] }), [], { name: { global: 'g' } });
      const sent = globalRegistry.send('g', 'hello');
      const [, ref] = spawnMonitor(function* () {
        globalRegistry.send('nobody', 'hello');
      });
      const down = yield* receive((m): m is unknown[] => Array.isArray(m) && m[1] === ref);
      const state = yield* sys.getState(pid);
      return [sent === pid, down[4], state];
    });
    expect(v).toEqual([true, ['badarg', ['nobody', 'hello']], ['hello']]);
  });

  it('a malformed name is badarg, from inside a process', () => {
    const v = runOk(function* () {
      return [
        yield* attempt(GenServer.start(mod({}), undefined, { name: { local: '' } })),
        yield* attempt(GenServer.call(42 as never, 'x')),
      ];
    });
    expect(v).toEqual([['error', 'badarg'], ['error', 'badarg']]);
  });
});

describe('determinism', () => {
  it('a system of servers, calls, casts, sys requests and kills runs the same twice per seed and replays from its token', () => {
    const scenario = function* () {
      const a = yield* startedNolink(mod({ init: () => ['ok', 0], handleCall: (r, _f, n) => ['reply', [r, n], n + 1], handleCast: (_m, n) => ['noreply', n + 10] }), undefined, { name: 'a' });
      const results: unknown[] = [];
      for (let c = 0; c < 3; c++) {
        spawn(function* () {
          for (let i = 0; i < 3; i++) {
            GenServer.cast('a', i);
            results.push(yield* attempt(GenServer.call('a', [c, i], 20)));
            yield* timer.sleep(c + i);
          }
        });
      }
      yield* timer.sleep(7);
      yield* sys.suspend(a);
      yield* timer.sleep(3);
      yield* sys.resume(a);
      yield* timer.sleep(100);
      return [results, yield* sys.getState(a)];
    };
    const report = checkDeterminism(scenario, { seeds: 5 });
    expect(report.ok).toBe(true);
    const first = Simulation.create({ seed: 'replay-me' }).run(scenario);
    expect(first.outcome).toBe('ok');
    const again = Simulation.replay(first.token, scenario);
    expect(again.outcome).toBe('ok');
    expect(again.traceHash).toBe(first.traceHash);
    expect(again.value).toEqual(first.value);
  });
});

describe('misuse from outside a process', () => {
  it('typed errors name the argument', () => {
    expect(() => Simulation.create({ callCycles: 'sometimes' as never })).toThrow(/callCycles/);
    expect(() => GenServer.define({} as never)).toThrow(/module/);
    expect(() => GenServer.cast('x', 1)).toThrow(/GenServer.cast: must be called inside a process/);
  });
});
