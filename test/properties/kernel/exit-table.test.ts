/**
 * The exit table (EXIT-1..7, LINK-4/5) as a property: every reason (normal, kill, other) ×
 * trapping or not × link signal, exit/2 from another process, or exit/2 from oneself, under
 * random seeds and strategies, against a model of the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exit, exitException, link, monitor, processFlag, receive, self, send, spawn, TIMEOUT, type Op, type Pid, type Ref, type Term,
} from '../../../src/index.js';
import { Simulation, type SimulationOptions } from '../../../sim/index.js';

type Via = 'link' | 'exit2' | 'self';

interface Case {
  reason: Term;
  trap: boolean;
  via: Via;
}

/** What the target sees: dies with a reason, or survives with the messages it received. */
type Effect = { dies: Term } | { message: ['EXIT', 'sender' | 'target', Term] } | { ignored: true };

/** The model: EXIT-2..5, LINK-4, LINK-5. */
function model(c: Case): Effect {
  const from = c.via === 'self' ? 'target' : 'sender';
  if (c.via !== 'link' && c.reason === 'kill') return { dies: 'killed' }; // EXIT-3, EXIT-5
  if (c.trap) return { message: ['EXIT', from, c.reason] }; // LINK-4, LINK-5, EXIT-4, EXIT-5
  if (c.reason === 'normal' && c.via !== 'self') return { ignored: true }; // LINK-4, EXIT-2
  return { dies: c.reason }; // LINK-4/5 (kill stays kill), EXIT-2, EXIT-5
}

/** The target: traps or not, tells main it is ready, then forwards whatever it receives. */
function* target(main: Pid, trap: boolean, via: Via, reason: Term): Op<void> {
  processFlag('trap_exit', trap);
  send(main, ['ready', self()]);
  for (;;) {
    const m = yield* receive();
    if (m === 'go' && via === 'self') {
      try {
        exit(self(), reason);
      } catch {
        // EXIT-5: a signal to oneself is not an exception one can stop
      }
      continue;
    }
    send(main, ['got', m]);
  }
}

/** The sender: linked to the target and dying with the reason, or calling exit/2. */
function* sender(t: Pid, via: Via, reason: Term): Op<void> {
  if (via === 'link') link(t);
  yield* receive((m) => m === 'go');
  if (via === 'exit2') exit(t, reason);
  else if (via === 'link' && reason !== 'normal') exitException(reason);
}

function* scenario(c: Case): Op<{ effect: Effect; extra: unknown[] }> {
  const me = self();
  const t = spawn(target, me, c.trap, c.via, c.reason);
  const tref = monitor('process', t);
  yield* receive((m) => Array.isArray(m) && m[0] === 'ready');
  const s = spawn(sender, t, c.via, c.reason);
  const sref: Ref = monitor('process', s);
  yield* receive((m) => m === 'never', { after: 1 }); // the sender links first
  send(c.via === 'self' ? t : s, 'go');
  if (c.via === 'self') send(s, 'go');
  yield* receive((m) => Array.isArray(m) && m[1] === sref);
  const got: unknown[] = [];
  let died: Term = undefined;
  for (;;) {
    const m = (yield* receive(null, { after: 50 })) as unknown[] | typeof TIMEOUT;
    if (m === TIMEOUT) break;
    if (m[0] === 'DOWN' && m[1] === tref) died = m[4];
    else if (m[0] === 'got') got.push(m[1]);
  }
  const norm = (x: unknown): unknown => (Array.isArray(x) && x[0] === 'EXIT' ? ['EXIT', x[1] === s ? 'sender' : x[1] === t ? 'target' : x[1], x[2]] : x);
  if (died !== undefined) return { effect: { dies: died }, extra: got.map(norm) };
  if (got.length === 0) return { effect: { ignored: true }, extra: [] };
  return { effect: { message: norm(got[0]) as ['EXIT', 'sender', Term] }, extra: got.slice(1).map(norm) };
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  reason: fc.oneof(fc.constantFrom<Term>('normal', 'kill', 'boom', 'shutdown', 'killed'), fc.tuple(fc.constant('shutdown'), fc.nat(9))),
  trap: fc.boolean(),
  via: fc.constantFrom<Via>('link', 'exit2', 'self'),
});

const optsArb: fc.Arbitrary<SimulationOptions> = fc.record({
  seed: fc.nat(),
  strategy: fc.constantFrom<SimulationOptions['strategy']>('random', 'fifo', 'pct'),
});

describe('the exit table', () => {
  it('EXIT-1..7, LINK-4/5: every reason × trapping × link/exit2/self behaves as the model says', () => {
    fc.assert(fc.property(caseArb, optsArb, (c, opts) => {
      const r = Simulation.create(opts).run(function* () { return yield* scenario(c); });
      expect(r.outcome).toBe('ok');
      const { effect, extra } = r.value as { effect: Effect; extra: unknown[] };
      expect(effect).toEqual(model(c));
      expect(extra).toEqual([]); // exactly one effect: one EXIT message, or none
    }), { numRuns: 150 });
  });

  it('the table is covered exhaustively for the three reason classes', () => {
    for (const reason of ['normal', 'kill', 'other'] as const) {
      for (const trap of [false, true]) {
        for (const via of ['link', 'exit2', 'self'] as const) {
          const c = { reason, trap, via };
          const r = Simulation.create({ seed: 1 }).run(function* () { return yield* scenario(c); });
          expect((r.value as { effect: Effect }).effect, JSON.stringify(c)).toEqual(model(c));
        }
      }
    }
  });
});
