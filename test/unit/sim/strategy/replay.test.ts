/**
 * Replay verifies: the recorded decisions are re-checked one by one; a mismatch is a
 * TraceDivergence {step, expected, actual}.
 */
import { describe, expect, it } from 'vitest';
import { node, receive, self, send, spawn, yieldNow, type Pid } from '../../../../src/index.js';
import { DecisionKind, Simulation, TraceDivergence } from '../../../../sim/index.js';
import { ReplayStrategy } from '../../../../sim/strategy/replay.js';

function workers(n: number, rounds: number) {
  return function* main(): Generator<unknown, string, unknown> {
    const me = self();
    for (let w = 0; w < n; w++) {
      spawn(function* (id: number, to: Pid) {
        for (let i = 0; i < rounds; i++) {
          send(to, id);
          yield* yieldNow();
        }
      }, w, me);
    }
    let out = '';
    for (let i = 0; i < n * rounds; i++) out += String(yield* receive());
    return out;
  };
}

describe('Simulation.replay', () => {
  for (const strategy of ['random', 'pct', 'fifo'] as const) {
    it(`reproduces a ${strategy} run: same outcome, value, decisions and trace hash`, () => {
      const r = Simulation.create({ seed: 11, strategy }).run(workers(3, 4));
      const again = Simulation.replay(r.token, workers(3, 4));
      expect([again.outcome, again.value, again.traceHash]).toEqual([r.outcome, r.value, r.traceHash]);
      expect(again.decisions).toEqual(r.decisions);
      expect(again.divergence).toBeUndefined();
    });
  }

  it('a strict-mode run (copyMessages) replays in strict mode', () => {
    const body = function* () {
      const box = { v: 1 };
      send(self(), box);
      box.v = 2;
      return ((yield* receive()) as { v: number }).v;
    };
    const r = Simulation.create({ seed: 1, copyMessages: true }).run(body);
    expect(r.value).toBe(1);
    const again = Simulation.replay(r.token, body);
    expect([again.outcome, again.value, again.traceHash]).toEqual(['ok', 1, r.traceHash]);
  });

  it('the node name and a disabled leak guard travel in the token', () => {
    const body = function* () {
      send(self(), node());
      yield* receive();
      return typeof Date.now();
    };
    const r = Simulation.create({ seed: 1, node: 'n1@host', leakGuard: false }).run(body);
    expect([r.outcome, r.value]).toEqual(['ok', 'number']);
    const again = Simulation.replay(r.token, body);
    expect([again.outcome, again.traceHash]).toEqual(['ok', r.traceHash]);
    expect(again.formatTrace()).toContain("'n1@host'");
  });

  it('reproduces a crashed run and a step-limited run', () => {
    const crash = function* () {
      yield* workers(2, 2)();
      throw new Error('late failure');
    };
    const r = Simulation.create({ seed: 2 }).run(crash);
    expect(r.outcome).toBe('crashed');
    expect(Simulation.replay(r.token, crash).outcome).toBe('crashed');
    const s = Simulation.create({ seed: 2, stepsMax: 9 }).run(workers(3, 4));
    const s2 = Simulation.replay(s.token, workers(3, 4));
    expect([s2.outcome, s2.traceHash]).toEqual(['stepLimit', s.traceHash]);
  });

  it('a changed program is a TraceDivergence naming the step, what was expected and what came', () => {
    const r = Simulation.create({ seed: 11 }).run(workers(3, 4));
    const changed = Simulation.replay(r.token, workers(4, 4));
    expect(changed.outcome).toBe('nonDeterminism');
    const d = changed.divergence!;
    expect(d).toBeInstanceOf(TraceDivergence);
    expect(d.step).toBeGreaterThan(0);
    expect(d.expected).toMatch(/a process choice among \d+ at step \d+/);
    expect(d.actual).toMatch(/a process choice among \d+ at step \d+/);
    expect(d.expected).not.toBe(d.actual);
    expect(changed.detail).toContain(`replay diverged at step ${d.step}`);
  });

  it('a program that ends before its recorded decisions are used up diverges', () => {
    const r = Simulation.create({ seed: 11 }).run(workers(3, 4));
    const shorter = function* () {
      return 'short';
    };
    const x = Simulation.replay(r.token, shorter);
    expect(x.outcome).toBe('nonDeterminism');
    expect(x.divergence!.actual).toMatch(/the run ended \(ok\)/);
  });

  it('a program with the same decisions but different events diverges on the trace hash', () => {
    const a = function* () {
      send(self(), 1);
      return yield* receive();
    };
    const b = function* () {
      send(self(), 2);
      return yield* receive();
    };
    const r = Simulation.create({ seed: 1 }).run(a);
    const x = Simulation.replay(r.token, b);
    expect(x.outcome).toBe('nonDeterminism');
    expect(x.divergence!.expected).toContain(`trace hash ${r.traceHash}`);
  });

  it('replay of a run recorded without trace checks decisions and outcome', () => {
    const r = Simulation.create({ seed: 4, trace: false }).run(workers(3, 3));
    const again = Simulation.replay(r.token, workers(3, 3));
    expect(again.outcome).toBe('ok');
    expect(again.value).toBe(r.value);
    const diff = function* () {
      yield* workers(3, 3)();
      throw new Error('now it crashes');
    };
    const x = Simulation.replay(r.token, diff);
    expect(x.outcome).toBe('nonDeterminism');
    expect(x.divergence!.expected).toBe('outcome ok');
  });
});

describe('ReplayStrategy', () => {
  it('answers the recorded choice after checking step, kind and options', () => {
    const s = new ReplayStrategy([3, 0, 4, 2, 7, 1, 2, 1]);
    expect(s.recorded).toBe(2);
    expect(s.pickProcess([], 0, 4, 3)).toBe(2);
    expect(() => s.choose(DecisionKind.Process, 2, 7)).toThrow(/expected a timer choice among 2 at step 7, got a process choice among 2 at step 7/);
    expect(s.choose(DecisionKind.Timer, 2, 7)).toBe(1);
    expect(s.consumed).toBe(2);
    expect(() => s.choose(DecisionKind.Timer, 2, 9)).toThrow(/no further decision/);
    expect(s.expectedAt(5)).toBeUndefined();
  });
});
