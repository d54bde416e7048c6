/**
 * The simulation: option validation, step(), outcomes, stats, inspect.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, error, exitException, monotonicTime, receive, register, self, send, spawn, yieldNow, type Pid,
} from '../../../src/index.js';
import { NonDeterministicCall, Simulation, type SimulationOptions } from '../../../sim/index.js';
import { simulate, idle } from '../../helpers.js';

describe('Simulation.create validates its options', () => {
  const bad: [string, SimulationOptions][] = [
    ['seed', { seed: {} as never }],
    ['stepsMax', { stepsMax: 0 }],
    ['stepsMax', { stepsMax: 1.5 }],
    ['timeMaxMs', { timeMaxMs: -1 }],
    ['stepCostMs', { stepCostMs: -1 }],
    ['stepCostMs', { stepCostMs: Infinity }],
    ['strategy', { strategy: 'dfs' as never }],
    ['strategy.depth', { strategy: { name: 'pct', depth: 0 } }],
    ['strategy.stepsEstimate', { strategy: { name: 'pct', stepsEstimate: -3 } }],
    ['copyMessages', { copyMessages: 'yes' as never }],
  ];
  for (const [arg, opts] of bad) {
    it(`a bad ${arg} is a BadArgumentError naming it`, () => {
      let err: unknown;
      try {
        Simulation.create(opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BadArgumentError);
      expect((err as BadArgumentError).argument).toBe(arg);
      expect((err as Error).message).toContain(`'${arg}'`);
    });
  }

  it('options that are not an object are rejected; defaults are accepted', () => {
    expect(() => Simulation.create(null as never)).toThrow(BadArgumentError);
    expect(() => Simulation.create(7 as never)).toThrow(/options/);
    expect(Simulation.create()).toBeInstanceOf(Simulation);
    expect(Simulation.create({ seed: 'text seed', strategy: { name: 'pct', depth: 2, stepsEstimate: 100 }, stepsMax: Infinity })).toBeInstanceOf(Simulation);
  });
});

describe('start, step and result', () => {
  it('step() takes one step at a time and returns false once there is an outcome', () => {
    const sim = Simulation.create({ seed: 1, strategy: 'fifo' });
    sim.start(function* main() {
      yield* yieldNow();
      yield* yieldNow();
      return 'done';
    });
    expect(sim.outcome).toBeNull();
    let steps = 0;
    while (sim.step()) steps++;
    expect(steps).toBe(2);
    expect(sim.step()).toBe(false);
    const r = sim.result();
    expect([r.outcome, r.value, r.exit, r.stats.steps]).toEqual(['ok', 'done', 'normal', 3]);
    expect(sim.outcome).toBe('ok');
  });

  it('step before start, start twice and a non-generator main are typed errors', () => {
    const sim = Simulation.create();
    expect(() => sim.step()).toThrow(BadArgumentError);
    expect(() => Simulation.create().run((() => 1) as never)).toThrow(/generator function/);
    sim.start(function* () {});
    expect(() => sim.start(function* () {})).toThrow(/once/);
  });

  it('run passes arguments to main', () => {
    const r = Simulation.create().run(function* (...ab: unknown[]) { return (ab[0] as number) + (ab[1] as number); }, 2, 3);
    expect(r.value).toBe(5);
  });

  it('inspect runs test code against the node; the context is restored afterwards', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    const main = sim.start(function* () {
      register('main', self());
      yield* idle();
    });
    sim.step();
    expect(sim.inspect(() => monotonicTime())).toBe(0);
    expect(sim.inspect(() => send('main', 'hello'))).toBe('hello');
    expect(main.mailbox.length).toBe(1);
    expect(() => monotonicTime()).toThrow(/inside a process/);
  });

  it('stats count steps, spawns, exits, messages, virtual time and timers', () => {
    const r = simulate(function* () {
      const me = self();
      for (let i = 0; i < 3; i++) spawn(function* () { send(me, i); });
      for (let i = 0; i < 3; i++) yield* receive();
      yield* receive(null, { after: 25 });
    });
    expect(r.stats).toMatchObject({ spawned: 4, exited: 4, messages: 3, virtualTimeMs: 25, timersFired: 1 });
    expect(r.stats.steps).toBeGreaterThan(4);
  });

  it('stepCostMs makes each step cost virtual time', () => {
    const r = simulate(function* () {
      for (let i = 0; i < 10; i++) yield* yieldNow();
      return monotonicTime();
    }, { stepCostMs: 3 });
    expect(r.value).toBe(30);
  });

  it('the node option names the node', () => {
    const r = simulate(function* () { return String(self()) + ' ' + self().node; }, { node: 'n1@host' });
    expect(r.value).toBe('<0.1.0> n1@host');
  });
});

describe('a simulation run from inside a process', () => {
  it('leaves the outer process its context: it sends, receives and spawns after the inner run ends', () => {
    const r = Simulation.create({ seed: 3 }).run(function* main() {
      const me = self();
      const echo = spawn(function* () {
        const [from, m] = (yield* receive()) as [Pid, unknown];
        send(from, ['echo', m]);
      });
      const inner = Simulation.create({ seed: 4 }).run(function* () {
        send(self(), 'x');
        return yield* receive();
      });
      send(echo, [me, inner.value]);
      const back = yield* receive();
      yield* yieldNow();
      return [inner.outcome, back, self() === me];
    });
    expect([r.outcome, r.value]).toEqual(['ok', ['ok', ['echo', 'x'], true]]);
  });
});

describe('outcomes', () => {
  it('ok: main returned; the value and the exit reason normal are reported', () => {
    const r = simulate(function* () { return { answer: 42 }; });
    expect([r.outcome, r.value, r.exit, r.detail]).toEqual(['ok', { answer: 42 }, 'normal', 'main returned']);
  });

  it('ok: the run ends when main returns even if other processes still run', () => {
    const r = simulate(function* () {
      spawn(function* () { for (;;) yield* yieldNow(); });
      return 1;
    });
    expect(r.outcome).toBe('ok');
  });

  it('crashed: main exited abnormally; exit holds the reason', () => {
    const a = simulate(function* () { exitException('bye'); });
    expect([a.outcome, a.exit]).toEqual(['crashed', 'bye']);
    const b = simulate(function* () { error('badarith'); });
    expect(b.outcome).toBe('crashed');
    expect((b.exit as unknown[])[0]).toBe('badarith');
  });

  it('deadlock: names each blocked process, its registered name and what it waits for', () => {
    const r = simulate(function* main() {
      const a = spawn(function* server() {
        register('server', self());
        yield* receive((m) => m === 'never', { waitingFor: { text: 'waits for a request' } });
      });
      spawn(function* client() { yield* receive(null, { waitingFor: 'the reply' }); });
      yield* receive((m) => m === 'x', { waitingFor: { waitsOn: a, text: 'calls server' } });
    });
    expect(r.outcome).toBe('deadlock');
    const d = r.deadlock!;
    expect(d.blocked.map((b) => [String(b.pid), b.name, b.fn])).toEqual([
      ['<0.1.0>', undefined, 'main'], ['<0.2.0>', 'server', 'server'], ['<0.3.0>', undefined, 'client'],
    ]);
    expect(d.text).toContain("<0.2.0> 'server' (server) waits for a request");
    expect(d.text).toContain('<0.3.0> (client) waits in the reply');
    expect(d.text).toContain('<0.1.0> (main) calls server');
    expect(d.cycles).toEqual([]);
    expect(r.detail).toBe(d.text);
  });

  it('deadlock: a cycle of processes waiting on each other is reported, smallest pid first', () => {
    const r = simulate(function* main() {
      const me = self();
      const b = spawn(function* b() {
        const c = spawn(function* c() { yield* receive(null, { waitingFor: { waitsOn: me, text: 'c calls main' } }); });
        yield* receive(null, { waitingFor: { waitsOn: c, text: 'b calls c' } });
      });
      yield* receive(null, { waitingFor: { waitsOn: b, text: 'main calls b' } });
    });
    expect(r.outcome).toBe('deadlock');
    expect(r.deadlock!.cycles.map((c) => c.map(String))).toEqual([['<0.1.0>', '<0.2.0>', '<0.3.0>']]);
    expect(r.deadlock!.text).toMatch(/cycle: <0\.1\.0> main calls b → <0\.2\.0> b calls c → <0\.3\.0> c calls main/);
  });

  it('deadlock counts queued messages the blocked process does not accept', () => {
    const r = simulate(function* () {
      send(self(), 'unwanted');
      yield* receive((m) => m === 'wanted');
    });
    expect(r.deadlock!.blocked[0]!.queued).toBe(1);
    expect(r.deadlock!.text).toContain('1 message(s) queued');
  });

  it('stepLimit: stops after stepsMax steps', () => {
    const r = simulate(function* () { for (;;) yield* yieldNow(); }, { stepsMax: 50 });
    expect([r.outcome, r.stats.steps]).toEqual(['stepLimit', 50]);
  });

  it('timeLimit: stops when the next timer is past timeMaxMs', () => {
    const r = simulate(function* () {
      for (;;) yield* receive(null, { after: 1000 });
    }, { timeMaxMs: 10_000 });
    expect(r.outcome).toBe('timeLimit');
    expect(r.stats.virtualTimeMs).toBe(10_000);
  });

  it('timeLimit: step costs count towards the limit too', () => {
    const r = simulate(function* () { for (;;) yield* yieldNow(); }, { timeMaxMs: 100, stepCostMs: 10 });
    expect(r.outcome).toBe('timeLimit');
    expect(r.stats.virtualTimeMs).toBe(110);
    expect(r.stats.steps).toBe(11);
  });

  for (const [call, body] of [
    ['Date.now()', () => Date.now()],
    ['new Date()', () => new Date()],
    ['Math.random()', () => Math.random()],
    ['setTimeout()', () => setTimeout(() => {}, 1)],
    ['performance.now()', () => performance.now()],
  ] as const) {
    it(`nonDeterminism: the leak guard names ${call}`, () => {
      const r = simulate(function* () {
        yield* yieldNow();
        (body as () => unknown)();
      });
      expect(r.outcome).toBe('nonDeterminism');
      expect(r.detail).toContain(call);
      expect(r.error).toBeInstanceOf(NonDeterministicCall);
      expect((r.error as NonDeterministicCall).call).toBe(call);
    });
  }

  it('nonDeterminism: even when the process catches the trap', () => {
    const r = simulate(function* () {
      try {
        Math.random();
      } catch {
        /* swallowed */
      }
      return 'hid it';
    });
    expect(r.outcome).toBe('nonDeterminism');
  });

  it('the leak guard is lifted after the run and can be turned off', () => {
    simulate(function* () {});
    expect(typeof Date.now()).toBe('number');
    expect(Math.random()).toBeLessThan(1);
    const r = simulate(function* () { return typeof Date.now(); }, { leakGuard: false });
    expect([r.outcome, r.value]).toEqual(['ok', 'number']);
  });

  it('the leak guard covers step() too, and is lifted between steps', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    sim.start(function* () {
      yield* yieldNow();
      Date.now();
    });
    expect(sim.step()).toBe(true);
    expect(typeof Date.now()).toBe('number');
    while (sim.step()) { /* on */ }
    expect(sim.result().outcome).toBe('nonDeterminism');
  });

  it('harnessError: a failure of the simulator itself (here an exit hook) ends the run', () => {
    const sim = Simulation.create();
    sim.runtime.exitHooks.push(() => {
      throw new Error('hook failed');
    });
    const r = sim.run(function* () {
      spawn(function* () {});
      yield* receive(null, { after: 10 });
    });
    expect(r.outcome).toBe('harnessError');
    expect(r.detail).toContain('hook failed');
    expect((r.error as Error).message).toBe('hook failed');
  });
});

describe('trace recording', () => {
  it('trace: false records nothing and still gives a trace hash that tells runs apart', () => {
    const main = function* () {
      const me = self();
      for (let i = 0; i < 5; i++) spawn(function* () { send(me, i); });
      const got: unknown[] = [];
      for (let i = 0; i < 5; i++) got.push(yield* receive());
      return got;
    };
    const a = simulate(main, { trace: false, seed: 1 });
    const b = simulate(main, { trace: false, seed: 1 });
    expect(a.trace).toEqual([]);
    expect(a.traceHash).toBe(b.traceHash);
    const other = [2, 3, 4, 5, 6].map((seed) => simulate(main, { trace: false, seed }).traceHash);
    expect(other.some((h) => h !== a.traceHash)).toBe(true);
  });

  it('events carry step and virtual time', () => {
    const r = simulate(function* () {
      yield* receive(null, { after: 7 });
      send(self(), 'x');
    });
    const send_ = r.trace.find((e) => e.kind === 'send')!;
    expect(send_.time).toBe(7);
    expect(send_.step).toBe(r.stats.steps);
  });

  it('result.formatTrace and timeline print the run', () => {
    const r = simulate(function* main() {
      const p: Pid = spawn(function* child() {});
      void p;
      yield* yieldNow();
    });
    expect(r.formatTrace()).toContain('spawn <0.1.0> main');
    expect(r.timeline()).toContain('<0.2.0>');
  });
});
