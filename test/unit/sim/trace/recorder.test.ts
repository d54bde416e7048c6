/**
 * The columnar trace recorder: the events it builds when the trace is read are exactly the
 * events the runtime emitted (same fields, same field order, same term objects), stamped
 * with step and time, in order — whenever the trace is read, also mid-run.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  demonitor, exit, link, monitor, processFlag, receive, register, send, sendAfter, self, spawn, spawnLink, unlink, unregister,
  type Pid, type Ref, type TraceEvent,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { Recorder } from '../../../../sim/trace/recorder.js';

/** What the recorder used to keep: the emitted object itself, with step and time set on it. */
function stamped(e: TraceEvent, step: number, time: number): TraceEvent {
  return { ...e, step, time };
}

const original = Recorder.prototype.emit;
afterEach(() => {
  Recorder.prototype.emit = original;
});

/** Taps every event emitted from now on (until the test ends) as the old recorder kept it. */
function tap(): TraceEvent[] {
  const seen: TraceEvent[] = [];
  Recorder.prototype.emit = function (this: Recorder, e: TraceEvent) {
    seen.push(stamped(e, this.step, this.time));
    original.call(this, e);
  };
  return seen;
}

/** The differences between two traces: field names and order, and each field by identity. */
function differences(got: readonly TraceEvent[], want: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  if (got.length !== want.length) out.push(`length ${got.length} ≠ ${want.length}`);
  for (let i = 0; i < Math.min(got.length, want.length) && out.length < 5; i++) {
    const [e, w] = [got[i] as unknown as Record<string, unknown>, want[i] as unknown as Record<string, unknown>];
    if (Object.keys(e).join() !== Object.keys(w).join()) out.push(`#${i} keys ${Object.keys(e).join()} ≠ ${Object.keys(w).join()}`);
    for (const k of Object.keys(w)) if (e[k] !== w[k]) out.push(`#${i} ${String(w.kind)}.${k}: ${String(e[k])} ≠ ${String(w[k])}`);
  }
  return out;
}

function* everyKind() {
  processFlag('trap_exit', true);
  const me = self();
  const a = spawnLink(function* a() {
    yield* receive();
    exit(me, 'normal');
  });
  const b = spawn(function* b() {
    yield* receive((m) => m === 'never', { after: 5 });
    throw new Error('b fails');
  });
  const ref = monitor('process', b);
  const ref2 = monitor('process', a);
  demonitor(ref2);
  link(b);
  unlink(b);
  register('me', me);
  unregister('me');
  send(a, ['hi', 1]);
  sendAfter(3, me, 'tick');
  yield* receive((m) => m === 'tick');
  const down = yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref);
  exit(a, 'kill');
  yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
  send(b, 'to a dead pid');
  return down;
}

describe('the columnar recorder', () => {
  it('TRACE-1: builds every event as emitted: fields, field order, term identity, step and time', () => {
    const seen = tap();
    const r = Simulation.create({ seed: 1 }).run(everyKind);
    expect(r.outcome).toBe('ok');
    const kinds = new Set(r.trace.map((e) => e.kind));
    for (const k of ['spawn', 'send', 'receive', 'receiveTimeout', 'link', 'unlink', 'monitor', 'demonitor', 'down', 'exitSignal', 'exit', 'register', 'unregister', 'timerSet', 'timerFire', 'crashReport']) {
      expect(kinds.has(k as TraceEvent['kind'])).toBe(true);
    }
    expect(differences(r.trace, seen)).toEqual([]);
    expect(r.trace).toBe(r.trace); // built once, then cached
  });

  it('TRACE-2: a trace read mid-run keeps its events and grows with the run', () => {
    const seen = tap();
    const sim = Simulation.create({ seed: 1 });
    sim.start(everyKind);
    const early = sim.result().trace.slice();
    const views: TraceEvent[][] = [early];
    while (sim.step()) views.push(sim.result().trace.slice());
    const final = sim.result().trace;
    expect(differences(final, seen)).toEqual([]);
    expect(views.filter((v) => v.some((e, i) => final[i] !== e)).length).toBe(0);
    expect(views.at(-1)!.length).toBeGreaterThan(early.length);
  });

  it('TRACE-3: any sequence of events, read at any points, comes back as emitted (across storage chunks)', () => {
    const pids = [{ p: 1 }, { p: 2 }] as unknown as Pid[]; // stand-ins: only identity matters here
    const ref = {} as Ref;
    const make: ((i: number) => TraceEvent)[] = [
      (i) => ({ step: 0, time: 0, kind: 'send', node: 'n', pid: pids[0]!, to: pids[1], msg: ['m', i] }),
      (i) => ({ kind: 'send', node: 'n', pid: undefined, to: 'x', msg: i, dropped: 'noproc' }),
      (i) => ({ step: 0, time: 0, kind: 'receive', node: 'n2', pid: pids[1]!, msg: ['m', i] }),
      () => ({ kind: 'spawn', node: 'n', pid: pids[0]!, parent: undefined, fn: 'f', link: true, monitor: false }),
      (i) => ({ kind: 'exit', node: 'n', pid: pids[0]!, reason: ['r', i] }),
      () => ({ kind: 'link', node: 'n', pid: pids[0]!, other: pids[1]! }),
      () => ({ kind: 'unlink', node: 'n', pid: pids[0]!, other: pids[1]! }),
      () => ({ kind: 'monitor', node: 'n', pid: pids[0]!, target: pids[1], ref }),
      (i) => ({ kind: 'down', node: 'n', pid: pids[0]!, ref, object: pids[1], reason: i }),
      () => ({ kind: 'exitSignal', node: 'n', pid: pids[0]!, from: pids[1]!, reason: 'kill', link: false, effect: 'exit' }),
      (i) => ({ kind: 'log', node: 'n', pid: undefined, text: `t${i}` }),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(make.length - 1), fc.nat(3), fc.boolean()), { maxLength: 300 }), fc.integer({ min: 5, max: 16 }), fc.integer({ min: 1, max: 9 }), (ops, chunkSize, colSize) => {
        const rec = new Recorder(true, chunkSize, colSize); // small chunks: events end at every offset of a chunk
        const want: TraceEvent[] = [];
        const emit = (e: TraceEvent) => {
          want.push(stamped(e, rec.step, rec.time));
          rec.emit(e);
        };
        for (const [k, dt, read] of ops) {
          rec.step++;
          rec.time += dt;
          emit(make[k]!(want.length));
          if (read) expect(rec.events[want.length - 1]).toEqual(want.at(-1));
        }
        expect(differences(rec.events, want)).toEqual([]);
        expect(rec.length).toBe(want.length);
      }),
      { numRuns: 100 },
    );
  });

  it('TRACE-4: trace: false records nothing', () => {
    expect(Simulation.create({ seed: 1, trace: false }).run(everyKind).trace).toEqual([]);
  });
});
