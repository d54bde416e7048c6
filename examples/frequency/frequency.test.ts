/**
 * The frequency server's property suite: replies follow a model for any command sequence
 * from several clients, and under concurrent clients and kills no frequency is lost,
 * duplicated, or held past a client's limit or death.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exit, monitor, receive, self, send, spawn, timer, type Pid } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import * as Frequency from './frequency.js';

const FREQS = [10, 11, 12, 13, 14, 15];

type Cmd = { client: number; op: 'allocate' } | { client: number; op: 'deallocate'; freq: number };

/** A client that runs the operations main sends it, one at a time, and reports each reply. */
function* client(main: Pid): Generator<unknown, void, unknown> {
  for (;;) {
    const cmd = (yield* receive()) as Cmd | 'quit';
    if (cmd === 'quit') return;
    const reply = cmd.op === 'allocate' ? yield* Frequency.allocate() : yield* Frequency.deallocate(cmd.freq);
    send(main, ['reply', reply]);
  }
}

/** The model: what the server must answer. */
class Model {
  free = [...FREQS];
  held = new Map<number, number>(); // freq → client
  constructor(readonly limit: number) {}

  apply(c: Cmd): unknown {
    if (c.op === 'allocate') {
      if (this.free.length === 0) return ['error', 'no_frequency'];
      if ([...this.held.values()].filter((h) => h === c.client).length >= this.limit) return ['error', 'limit_reached'];
      const f = this.free.shift()!;
      this.held.set(f, c.client);
      return ['ok', f];
    }
    if (this.held.get(c.freq) !== c.client) return ['error', 'not_allocated'];
    this.held.delete(c.freq);
    this.free.push(c.freq);
    return 'ok';
  }
}

describe('frequency server', () => {
  it('allocates in order, enforces the per-client limit, rejects unknown and foreign frequencies', () => {
    const r = Simulation.create({ seed: 1 }).run(function* () {
      yield* Frequency.start({ frequencies: [1, 2, 3], limit: 2 });
      const a = yield* Frequency.allocate();
      const b = yield* Frequency.allocate();
      const c = yield* Frequency.allocate();
      const unknown = yield* Frequency.deallocate(99);
      const me = self();
      spawn(function* () { send(me, ['other', yield* Frequency.deallocate(1), yield* Frequency.allocate(), yield* Frequency.allocate()]); });
      const other = yield* receive();
      const ok = yield* Frequency.deallocate(1);
      Frequency.stop();
      return [a, b, c, unknown, other, ok];
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual([
      ['ok', 1], ['ok', 2], ['error', 'limit_reached'], ['error', 'not_allocated'],
      ['other', ['error', 'not_allocated'], ['ok', 3], ['error', 'no_frequency']], 'ok',
    ]);
  });

  it('replies as the model does for any sequence of commands from several clients', () => {
    const cmd = fc.oneof(
      fc.record({ client: fc.integer({ min: 0, max: 2 }), op: fc.constant('allocate' as const) }),
      fc.record({ client: fc.integer({ min: 0, max: 2 }), op: fc.constant('deallocate' as const), freq: fc.integer({ min: 9, max: 16 }) }),
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 1, max: 4 }), fc.array(cmd, { maxLength: 40 }), (seed, limit, cmds) => {
      const r = Simulation.create({ seed, trace: false }).run(function* () {
        yield* Frequency.start({ frequencies: FREQS, limit });
        const me = self();
        const clients = [0, 1, 2].map(() => spawn(client, me));
        const replies: unknown[] = [];
        for (const c of cmds) {
          send(clients[c.client]!, c);
          replies.push(((yield* receive((m) => Array.isArray(m) && m[0] === 'reply')) as unknown[])[1]);
        }
        for (const c of clients) {
          // Wait for each client's death: the server's DOWN for it is then queued before our snapshot call.
          const ref = monitor('process', c);
          send(c, 'quit');
          yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref);
        }
        return [replies, yield* Frequency.snapshot(), clients];
      });
      expect(r.outcome).toBe('ok');
      const model = new Model(limit);
      const expected = cmds.map((c) => model.apply(c));
      const [replies, snap, clients] = r.value as [unknown[], Frequency.FreqSnapshot, Pid[]];
      expect(replies).toEqual(expected);
      // Clients that quit gave their frequencies back (the server monitors them).
      expect([...snap.free].sort()).toEqual([...FREQS].sort());
      expect(snap.allocated).toEqual([]);
      expect(clients).toHaveLength(3);
    }), { numRuns: 60 });
  });

  it('under concurrent clients and kills no frequency is lost, duplicated, over the limit, or held by the dead', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1 << 30 }),
      fc.array(fc.record({ ops: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 8 }), killAt: fc.option(fc.integer({ min: 0, max: 30 })) }), { minLength: 1, maxLength: 5 }),
      (seed, plans) => {
        const limit = 2;
        const r = Simulation.create({ seed, trace: false }).run(function* () {
          yield* Frequency.start({ frequencies: FREQS, limit });
          const me = self();
          const pids = plans.map((plan) => spawn(function* worker() {
            const mine: number[] = [];
            for (const d of plan.ops) {
              yield* timer.sleep(d);
              if (d % 2 === 0 || mine.length === 0) {
                const a = yield* Frequency.allocate();
                if (Array.isArray(a) && a[0] === 'ok') mine.push(a[1] as number);
              } else {
                if ((yield* Frequency.deallocate(mine.pop()!)) !== 'ok') throw new Error('lost my frequency');
              }
            }
            send(me, ['done', self()]);
            yield* receive((m) => m === 'quit');
          }));
          plans.forEach((p, i) => { if (p.killAt !== null) spawn(function* () { yield* timer.sleep(p.killAt!); exit(pids[i]!, 'kill'); }); });
          yield* timer.sleep(200);
          const snap = yield* Frequency.snapshot();
          return [snap, pids];
        });
        expect(r.outcome).toBe('ok');
        const [snap, pids] = r.value as [Frequency.FreqSnapshot, Pid[]];
        const all = [...snap.free, ...snap.allocated.map(([f]) => f)].sort();
        expect(all).toEqual([...FREQS].sort()); // none lost, none twice
        const counts = new Map<Pid, number>();
        for (const [, h] of snap.allocated) counts.set(h, (counts.get(h) ?? 0) + 1);
        for (const n of counts.values()) expect(n).toBeLessThanOrEqual(limit);
        plans.forEach((p, i) => { if (p.killAt !== null) expect(counts.has(pids[i]!)).toBe(false); });
      },
    ), { numRuns: 40 });
  });
});
