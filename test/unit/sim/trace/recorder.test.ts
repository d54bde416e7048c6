/**
 * The columnar trace recorder: the events it builds when the trace is read are exactly the
 * events the runtime emitted (same fields, same field order, same term objects; messages by
 * value, as they were at the send), stamped with step and time, in order — whenever the trace
 * is read, also mid-run.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  demonitor, exit, formatTerm, link, monitor, Pid, processFlag, receive, register, send, sendAfter, self, spawn, spawnLink, termEquals, unlink, unregister,
  type Ref, type Term, type TraceEvent,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { Recorder } from '../../../../sim/trace/recorder.js';

/** What the recorder used to keep: the emitted object itself, with step and time set on it (and its message as it is now). */
function stamped(e: TraceEvent, step: number, time: number): TraceEvent {
  return 'msg' in e ? { ...e, step, time, msg: snapshot(e.msg) } : { ...e, step, time };
}

/** A copy of a term's arrays (what a message was at the send), its other parts shared. */
function snapshot(t: unknown): unknown {
  return Array.isArray(t) && t.constructor === Array ? t.map(snapshot) : t;
}

/** Slots a term takes flattened (a marker per array, one per other part). */
function slots(t: unknown): number {
  return Array.isArray(t) ? t.reduce((n: number, x) => n + slots(x), 1) : 1;
}

/** Equal by value, printed the same, and the same objects wherever the term is not an array. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(b) && b.constructor === Array) return Array.isArray(a) && a.length === b.length && b.every((x, i) => sameValue(a[i], x));
  return Object.is(a, b);
}

const original = { emit: Recorder.prototype.emit, send: Recorder.prototype.send, receive: Recorder.prototype.receive };
afterEach(() => {
  Object.assign(Recorder.prototype, original);
});

/**
 * Taps every event emitted from now on (until the test ends) as the old recorder kept it; the
 * hot-path `send` and `receive` as the event objects they stand for, keys in the order the
 * runtime used to emit them (step and time first).
 */
function tap(): TraceEvent[] {
  const seen: TraceEvent[] = [];
  Recorder.prototype.emit = function (this: Recorder, e: TraceEvent) {
    seen.push(stamped(e, this.step, this.time));
    original.emit.call(this, e);
  };
  Recorder.prototype.send = function (this: Recorder, node: string, pid: Pid | undefined, to: unknown, msg: unknown) {
    seen.push(stamped({ step: 0, time: 0, kind: 'send', node, pid, to: to as Term, msg: msg as Term }, this.step, this.time));
    original.send.call(this, node, pid, to, msg);
  };
  Recorder.prototype.receive = function (this: Recorder, node: string, pid: Pid, msg: unknown) {
    seen.push(stamped({ step: 0, time: 0, kind: 'receive', node, pid, msg: msg as Term }, this.step, this.time));
    original.receive.call(this, node, pid, msg);
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
    for (const k of Object.keys(w)) {
      const ok = k === 'msg' ? sameValue(e[k], w[k]) && termEquals(e[k] as Term, w[k] as Term) : e[k] === w[k];
      if (!ok) out.push(`#${i} ${String(w.kind)}.${k}: ${String(e[k])} ≠ ${String(w[k])}`);
    }
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
  it('TRACE-1: builds every event as emitted: fields, field order, term identity (messages by value), step and time', () => {
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
    const big = Array.from({ length: 40 }, (_, k) => k); // more than an event's room: kept as itself
    const ref = {} as Ref;
    const make: ((i: number) => TraceEvent)[] = [
      (i) => ({ step: 0, time: 0, kind: 'send', node: 'n', pid: pids[0]!, to: pids[1], msg: ['m', i] }),
      (i) => ({ kind: 'send', node: 'n', pid: undefined, to: 'x', msg: i, dropped: 'noproc' }),
      (i) => ({ step: 0, time: 0, kind: 'receive', node: 'n2', pid: pids[1]!, msg: ['m', i] }),
      (i) => ({ step: 0, time: 0, kind: 'send', node: 'n', pid: pids[0]!, to: ['reg', 'n2'], msg: ['$gen_call', [pids[0], ref], ['get', [i, []], ref]] }),
      (i) => ({ step: 0, time: 0, kind: 'receive', node: 'n', pid: pids[0]!, msg: i % 2 ? big : [big, i] }),
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
      fc.property(
        fc.array(fc.tuple(fc.nat(make.length - 1), fc.constantFrom(0, 0, 1.5, 7), fc.constantFrom(0, 1, 1, 2, 126, 127, 500, -3), fc.boolean()), { maxLength: 300 }),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        (ops, chunkSize, colSize, firstChunk, firstCols) => {
          // Small chunks that grow: events end at every offset of chunks of every size.
          const rec = new Recorder(true, chunkSize, colSize, firstChunk, firstCols);
          const want: TraceEvent[] = [];
          const emit = (e: TraceEvent) => {
            want.push(stamped(e, rec.step, rec.time));
            rec.emit(e);
          };
          for (const [k, dt, ds, read] of ops) {
            rec.step += ds; // steps and times are stored as changes: jumps, repeats and (in tests) steps back
            rec.time += dt;
            emit(make[k]!(want.length));
            if (read) expect(rec.events[want.length - 1]).toEqual(want.at(-1));
          }
          expect(differences(rec.events, want)).toEqual([]);
          expect(rec.length).toBe(want.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('TRACE-4: trace: false records nothing', () => {
    expect(Simulation.create({ seed: 1, trace: false }).run(everyKind).trace).toEqual([]);
  });

  it('TRACE-5: a message is recorded as it was sent: a later mutation by the sender does not show (MSG-5)', () => {
    const r = Simulation.create({ seed: 1 }).run(function* () {
      const me = self();
      const p = spawn(function* () {
        yield* receive();
        send(me, 'got');
      });
      const m: unknown[] = ['put', [1, 2]];
      send(p, m);
      m[0] = 'changed';
      (m[1] as number[]).push(3);
      yield* receive((x) => x === 'got');
      return m;
    });
    expect(r.outcome).toBe('ok');
    const sent = r.trace.find((e) => e.kind === 'send' && Array.isArray(e.msg))!;
    expect(sent.kind === 'send' && sent.msg).toEqual(['put', [1, 2]]);
    expect(r.formatTrace()).toContain("['put', [1, 2]]");
    // Received as sent, too: in Erlang the send copies, and the receiver never sees the change.
    const got = r.trace.find((e) => e.kind === 'receive' && Array.isArray(e.msg))!;
    expect(got.kind === 'receive' && got.msg).toEqual(['put', [1, 2]]);
  });

  it('TRACE-8: a receive of the very message last sent to the receiver reads the send\'s record; any other receive is written whole', () => {
    const [a, b] = [new Pid('n@h', 0, 1), new Pid('n@h', 0, 2)];
    const m = ['token', 1, ['x']];
    const rec = new Recorder(true);
    const off = (): number => (rec as unknown as { off: number }).off;
    rec.send('n', a, b, m);
    const afterSend = off();
    rec.receive('n', b, m); // the message just sent to b: shared with the send's event, no slot written
    expect(off()).toBe(afterSend);
    rec.send('n', a, b, m);
    rec.receive('n', a, m); // a was not sent it: written whole
    rec.send('n', b, a, ['t', 2]);
    rec.receive('n', a, ['t', 2]); // an equal message, not the one sent: written whole
    rec.send('n', a, b, 'pong');
    rec.receive('n', b, 'pong'); // an atom is the same value
    const ev = rec.events as Extract<TraceEvent, { kind: 'send' | 'receive' }>[];
    expect(ev.map((e) => [e.kind, String(e.pid), e.msg])).toEqual([
      ['send', '<0.1.0>', m], ['receive', '<0.2.0>', m], ['send', '<0.1.0>', m], ['receive', '<0.1.0>', m],
      ['send', '<0.2.0>', ['t', 2]], ['receive', '<0.1.0>', ['t', 2]], ['send', '<0.1.0>', 'pong'], ['receive', '<0.2.0>', 'pong'],
    ]);
    expect(ev[1]!.msg).toBe(ev[0]!.msg);
    expect(ev[3]!.msg).not.toBe(ev[2]!.msg);
    expect(ev[5]!.msg).not.toBe(ev[4]!.msg);
  });

  it('TRACE-8: shared receives rebuild their pid and message across chunk boundaries (tiny chunks)', () => {
    const ps = [1, 2, 3].map((i) => new Pid('n@h', 0, i));
    const rec = new Recorder(true, 8, 4, 8, 4);
    const want: [string, string, unknown][] = [];
    for (let k = 0; k < 40; k++) {
      const [from, to] = [ps[k % 3]!, ps[(k + 1) % 3]!];
      const msg = k % 4 === 0 ? 'tick' : ['token', k];
      rec.send('n', from, to, msg);
      rec.receive('n', to, msg);
      want.push(['send', String(from), msg], ['receive', String(to), msg]);
    }
    const ev = rec.events as Extract<TraceEvent, { kind: 'send' | 'receive' }>[];
    expect(ev.map((e) => [e.kind, String(e.pid), e.msg])).toEqual(want);
  });

  it('TRACE-6: any message comes back equal (termEquals, printed the same): fresh tuples, every other part the same object (property)', () => {
    const pid = new Pid('n@h', 0, 7);
    const leaf = fc.oneof(
      fc.constantFrom<unknown>('ok', 'EXIT', '', undefined, null, true, false, 0, -0, NaN, 1.5, 2 ** 40, pid, { record: 1 }, () => 1, 10n),
      fc.integer(),
      fc.string({ maxLength: 3 }),
    );
    const term = fc.letrec((tie) => ({
      t: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('t'), { maxLength: 6 })),
    })).t;
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 8 }), fc.integer({ min: 5, max: 64 }), (msgs, chunkSize) => {
        const rec = new Recorder(true, chunkSize);
        for (const [i, msg] of msgs.entries()) {
          rec.step = i;
          if (i % 2) rec.emit({ step: 0, time: 0, kind: 'receive', node: 'n', pid, msg });
          else rec.emit({ step: 0, time: 0, kind: 'send', node: 'n', pid, to: pid, msg });
        }
        rec.events.forEach((e, i) => {
          const [got, want] = [(e as { msg: unknown }).msg, msgs[i]];
          expect(sameValue(got, want)).toBe(true);
          expect(termEquals(got as Term, want as Term)).toBe(termEquals(want as Term, want as Term)); // NaN is not =:= itself
          expect(formatTerm(got as Term)).toBe(formatTerm(want as Term));
          if (Array.isArray(want) && slots(want) <= 30 && chunkSize >= 32) expect(got).not.toBe(want); // flattened, rebuilt
        });
      }),
      { numRuns: 60 },
    );
  });
  it('TRACE-7: a tuple message at the limits: empty, as long as a record allows (rebuilt), longer or a subclass of Array (kept as itself)', () => {
    class Special extends Array<unknown> {}
    const pid = new Pid('n@h', 0, 7);
    const long = (n: number, nested = false) => Array.from({ length: n }, (_, i) => (nested && i === 0 ? ['in', [i]] : i));
    const special = Special.from([1, 2]);
    const msgs: unknown[] = [[], long(31), long(30), long(32), special, long(25, true), long(31, true), ['x']];
    const rec = new Recorder(true);
    for (const [i, msg] of msgs.entries()) {
      rec.step = i;
      rec.receive('n', pid, msg);
      rec.send('n', pid, pid, msg);
    }
    const got = rec.events.map((e) => (e as { msg: unknown }).msg);
    got.forEach((m, k) => expect(m).toEqual(msgs[k >> 1]));
    // A receive takes one slot for its pid, a send two: 31 elements fit the first, not the second.
    expect(got[2]).not.toBe(msgs[1]);
    expect(got[3]).toBe(msgs[1]);
    expect(got[4]).not.toBe(msgs[2]);
    expect(got[5]).not.toBe(msgs[2]);
    expect(got[6]).toBe(msgs[3]);
    expect(got[8]).toBe(special);
    expect(got[9]).toBe(special);
    expect(got[10]).not.toBe(msgs[5]);
    expect(got[12]).toBe(msgs[6]); // 31 elements and a nested tuple's markers do not fit
    expect(got[0]).toEqual([]);
    expect(got[0]).not.toBe(msgs[0]);
  });
});
