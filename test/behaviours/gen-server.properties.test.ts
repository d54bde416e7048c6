/**
 * gen_server properties: calls end in exactly one reply or one OTP-shaped exit under any
 * interleaving and injected kill; state follows a model; late replies never land; calls queued
 * during sys.suspend complete after resume, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exit, GenServer, Pid, processInfo, receive, self, send, spawn, sys, timer, TIMEOUT,
} from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { attempt, mod, startedNolink } from './gen-helpers.js';

const RUNS = 40;

/** The reasons a call may fail with when the server can be killed or slow. */
const CALL_FAILURES = new Set(['killed', 'noproc', 'timeout']);

/** Echo after sleeping `req.delay` ms. */
const SlowEcho = mod({
  *handleCall(req, _from, s) {
    const { delay } = req as { delay: number };
    if (delay > 0) yield* timer.sleep(delay);
    return ['reply', req, s];
  },
});

describe('GS properties', () => {
  it('GS-6/GS-9: under any interleaving and injected kill, each call ends in exactly one reply or one OTP-shaped exit', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1 << 30 }),
      fc.array(fc.array(fc.record({ delay: fc.integer({ min: 0, max: 20 }), timeout: fc.constantFrom(5, 15, 'infinity' as const) }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
      fc.option(fc.integer({ min: 0, max: 40 })),
      fc.constantFrom('random' as const, 'pct' as const, 'fifo' as const),
      (seed, plans, killAt, strategy) => {
        const r = Simulation.create({ seed, strategy, trace: false }).run(function* () {
          const me = self();
          const server = yield* startedNolink(SlowEcho);
          if (killAt !== null) spawn(function* killer() { yield* timer.sleep(killAt); exit(server, 'kill'); });
          plans.forEach((plan, c) => spawn(function* client() {
            const outcomes: unknown[] = [];
            for (const [i, step] of plan.entries()) {
              const req = { c, i, delay: step.delay };
              outcomes.push(yield* attempt(GenServer.call(server, req, step.timeout)));
            }
            yield* timer.sleep(200); // any late reply would land by now
            send(me, ['done', c, outcomes, (processInfo(self(), 'message_queue_len') as unknown[])[1]]);
          }));
          const results: unknown[][] = [];
          for (let k = 0; k < plans.length; k++) results.push((yield* receive((m) => Array.isArray(m) && m[0] === 'done')) as unknown[]);
          return [server, results];
        });
        expect(r.outcome).toBe('ok');
        const [server, results] = r.value as [Pid, unknown[][]];
        for (const [, c, outcomes, queued] of results) {
          const plan = plans[c as number]!;
          expect(queued).toBe(0);
          expect((outcomes as unknown[]).length).toBe(plan.length);
          (outcomes as [string, unknown][]).forEach(([cls, v], i) => {
            const req = { c, i, delay: plan[i]!.delay };
            if (cls === 'ok') return expect(v).toEqual(req);
            expect(cls).toBe('exit');
            const [reason, where] = v as [string, unknown];
            expect(CALL_FAILURES.has(reason)).toBe(true);
            expect(where).toEqual(['gen_server', 'call', [server, req, plan[i]!.timeout]]);
          });
        }
      },
    ), { numRuns: RUNS });
  });

  it("GS-10/GS-13: a server's state after random calls and casts equals a model's", () => {
    type Cmd = ['call', 'add', number] | ['cast', 'add', number] | ['call', 'get'];
    const cmd: fc.Arbitrary<Cmd> = fc.oneof(
      fc.integer({ min: -5, max: 5 }).map((n): Cmd => ['call', 'add', n]),
      fc.integer({ min: -5, max: 5 }).map((n): Cmd => ['cast', 'add', n]),
      fc.constant<Cmd>(['call', 'get']),
    );
    const Acc = GenServer.define<number, 'get' | ['add', number], ['add', number], number, number>({
      init: (n) => ['ok', n],
      handleCall: (req, _f, n) => (req === 'get' ? ['reply', n, n] : ['reply', n + req[1], n + req[1]]),
      handleCast: ([, k], n) => ['noreply', n + k],
    });
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.array(cmd, { maxLength: 30 }), (seed, cmds) => {
      const r = Simulation.create({ seed, trace: false }).run(function* () {
        const res = yield* GenServer.start(Acc, 0);
        const pid = (res as readonly ['ok', Pid])[1];
        const seen: number[] = [];
        for (const c of cmds) {
          if (c[0] === 'cast') GenServer.cast(pid, ['add', c[2]]);
          else seen.push(yield* GenServer.call(pid, c[1] === 'get' ? 'get' : ['add', c[2]]));
        }
        return [seen, yield* sys.getState(pid)];
      });
      let model = 0;
      const expected: number[] = [];
      for (const c of cmds) {
        if (c[1] === 'add') model += c[2];
        if (c[0] === 'call') expected.push(model);
      }
      expect(r.value).toEqual([expected, model]);
    }), { numRuns: RUNS });
  });

  it('GS-9: a reply sent after the caller timed out never reaches its mailbox', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (seed, delay, timeout) => {
      const Later = mod({
        handleCall: (req, from, s) => {
          spawn(function* () { yield* timer.sleep(delay); GenServer.reply(from, req); });
          return ['noreply', s];
        },
      });
      const r = Simulation.create({ seed, trace: false }).run(function* () {
        const pid = yield* startedNolink(Later);
        const out = yield* attempt(GenServer.call(pid, 'q', timeout));
        const stray = yield* receive(null, { after: 100 });
        return [out[0], stray === TIMEOUT];
      });
      const [cls, clean] = r.value as [string, boolean];
      expect(clean).toBe(true);
      if (delay < timeout) expect(cls).toBe('ok');
      if (delay > timeout) expect(cls).toBe('exit');
    }), { numRuns: RUNS });
  });

  it('SYS-2: calls made while suspended complete after resume, in the order sent', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 50 }), (seed, n, pauseMs) => {
      const Log = mod({
        init: () => ['ok', []],
        handleCall: (req, _f, s) => (req === 'log' ? ['reply', s, s] : ['reply', req, [...s, req]]),
      });
      const r = Simulation.create({ seed, trace: false }).run(function* () {
        const pid = yield* startedNolink(Log);
        yield* sys.suspend(pid);
        const ids = Array.from({ length: n }, (_, i) => GenServer.sendRequest(pid, i));
        yield* timer.sleep(pauseMs);
        const early = ids.map((id) => GenServer.checkResponse(Symbol('nothing'), id));
        const queued = (processInfo(self(), 'message_queue_len') as unknown[])[1];
        yield* sys.resume(pid);
        const replies: unknown[] = [];
        for (const id of ids) replies.push(yield* GenServer.receiveResponse(id, 'infinity'));
        return [early, queued, replies, yield* GenServer.call(pid, 'log')];
      });
      const idx = Array.from({ length: n }, (_, i) => i);
      expect(r.value).toEqual([idx.map(() => 'no_reply'), 0, idx.map((i) => ['reply', i]), idx]);
    }), { numRuns: RUNS });
  });
});
