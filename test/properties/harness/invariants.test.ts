import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exit, link, monitor, node, receive, register, self, send, spawn, unlink, unregister, type Pid, type TraceEvent } from '../../../src/index.js';
import { Simulation } from '../../../sim/index.js';
import {
  accountMessages, caseInput, checkInvariants, checkLinks, checkMessages, checkMonitors, checkPairOrder, passInvariant, runCase, type Violation,
} from '../../../properties/index.js';
import { web, tolerant } from './scenarios.js';

const traceOf = (s = web, seed = 1) => {
  const input = fc.sample(caseInput(s), { seed, numRuns: 1 })[0]!;
  return runCase(s, input).result.trace;
};

describe('invariant checkers over real traces', () => {
  it('LINK/MON/MSG: no violations in faulted runs of a linked, monitored web (property)', () => {
    fc.assert(fc.property(caseInput(web), (input) => {
      const { result, violations } = runCase(web, input);
      expect(result.outcome).toBe('ok');
      expect(violations).toEqual([]);
    }), { numRuns: 40 });
  });

  it('MSG: every message of a faulted echo run is accounted for', () => {
    fc.assert(fc.property(caseInput(tolerant), (input) => {
      const { result } = runCase(tolerant, input);
      const a = accountMessages(result.trace);
      const fates = a.received + a.queued + a.lostWithReceiver + a.untracked + Object.values(a.dropped).reduce((x, y) => x + y, 0);
      expect(a.violations).toEqual([]);
      expect(fates).toBe(a.sent);
    }), { numRuns: 30 });
  });
});

describe('invariant checkers catch broken traces', () => {
  it('links: a missing or a doubled link exit signal is a violation', () => {
    const t = traceOf();
    const i = t.findIndex((e) => e.kind === 'exitSignal' && e.link);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(checkLinks(t)).toEqual([]);
    const broken = [...t.slice(0, i), ...t.slice(i + 1)];
    expect(checkLinks(broken).map((v) => v.invariant)).toEqual(['links']);
    const doubled = [...t.slice(0, i + 1), t[i]!, ...t.slice(i + 1)];
    expect(checkLinks(doubled)[0]!.message).toMatch(/not linked \(or twice\)/);
  });

  it('monitors: a missing or a second DOWN is a violation', () => {
    const t = traceOf();
    const i = t.findIndex((e) => e.kind === 'down');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(checkMonitors(t)).toEqual([]);
    expect(checkMonitors([...t.slice(0, i), ...t.slice(i + 1)])[0]!.message).toMatch(/no DOWN came/);
    expect(checkMonitors([...t.slice(0, i + 1), t[i]!, ...t.slice(i + 1)])[0]!.message).toMatch(/a second DOWN/);
  });

  it('pair order: a delivery that overtakes an earlier send of the same pair is a violation', () => {
    const t = traceOf(tolerant);
    const sends = t.filter((e): e is Extract<TraceEvent, { kind: 'send' }> => e.kind === 'send' && e.pid !== undefined && e.dropped === undefined);
    const [a, b] = sends.filter((e) => String(e.pid) === String(sends[0]!.pid) && e.to === sends[0]!.to);
    expect(b).toBeDefined();
    const deliver = (s: typeof a) => ({ kind: 'deliver', node: s!.node, pid: s!.to, from: s!.pid, msg: s!.msg, step: 99 }) as TraceEvent;
    const base = t.filter((e) => e === a || e === b);
    expect(checkPairOrder([...base, deliver(a), deliver(b)])).toEqual([]);
    expect(checkPairOrder([...base, deliver(b), deliver(a)]).length).toBeGreaterThan(0);
  });

  it('messages: a send to a dead process not marked dropped, or dropped for no named reason, is a violation', () => {
    const t = traceOf(tolerant, 3);
    const exit = t.find((e) => e.kind === 'exit')!;
    const fake = { kind: 'send', node: exit.node, pid: undefined, to: (exit as { pid: unknown }).pid, msg: 'late' } as TraceEvent;
    expect(accountMessages([...t, fake]).violations[0]!.message).toMatch(/already dead, was not marked dropped/);
    const odd = { ...fake, dropped: 'gremlins' } as TraceEvent;
    expect(accountMessages([...t, odd]).violations[0]!.message).toMatch(/unknown reason 'gremlins'/);
    expect(accountMessages([...t, odd], ['gremlins']).violations).toEqual([]);
  });

  it('messages: sends by registered name and by [name, node] are followed to the process that has the name then', () => {
    const r = Simulation.create({ seed: 4 }).run(function* () {
      const me = self();
      const a = spawn(function* () {
        register('srv', self());
        send(me, 'up');
        for (;;) yield* receive();
      });
      yield* receive((m) => m === 'up');
      send('srv', 'one');
      send(['srv', node()], 'two');
      send(['srv', 'elsewhere@host'], 'lost'); // another node: dropped (nodedown), not a's
      unregister('srv');
      register('srv', self()); // the name moves: what follows is main's
      send('srv', 'mine');
      yield* receive((m) => m === 'mine');
      return a;
    });
    expect(r.outcome).toBe('ok');
    const acc = accountMessages(r.trace);
    expect(acc.violations).toEqual([]);
    expect(acc).toMatchObject({ sent: 5, untracked: 0, dropped: { nodedown: 1 } });
    expect(acc.received + acc.queued).toBe(4);
  });

  it('links: after an unlink the peer owes no exit signal, and a link signal would be a violation', () => {
    const r = Simulation.create({ seed: 2 }).run(function* () {
      const b = spawn(function* () {
        yield* receive();
      });
      link(b);
      unlink(b);
      exit(b, 'kill');
      yield* receive(null, { after: 10 });
      return b;
    });
    expect(r.outcome).toBe('ok');
    expect(checkLinks(r.trace)).toEqual([]);
    const died = r.trace.find((e) => e.kind === 'exit' && e.pid === r.value)!;
    const main = r.trace.find((e) => e.kind === 'unlink')!.pid as Pid;
    const stray = { kind: 'exitSignal', node: died.node, pid: main, from: r.value, reason: 'killed', link: true, effect: 'exit', step: died.step } as TraceEvent;
    expect(checkLinks([...r.trace, stray])[0]!.message).toMatch(/to which it was not linked/);
  });

  it('monitors: a monitor goes with its owner (the target dying later owes no DOWN), and a DOWN before the target died is early', () => {
    const r = Simulation.create({ seed: 5 }).run(function* () {
      const target = spawn(function* () {
        yield* receive();
      });
      const owner = spawn(function* () {
        monitor('process', target);
        yield* receive();
      });
      yield* receive(null, { after: 5 });
      exit(owner, 'kill');
      yield* receive(null, { after: 5 });
      exit(target, 'kill');
      yield* receive(null, { after: 5 });
      return owner;
    });
    expect(r.outcome).toBe('ok');
    expect(checkMonitors(r.trace)).toEqual([]);
    const m = r.trace.find((e) => e.kind === 'monitor')!;
    const early = { kind: 'down', node: m.node, pid: m.pid, ref: (m as { ref: unknown }).ref, object: (m as { target: unknown }).target, reason: 'x', step: m.step } as TraceEvent;
    const at = r.trace.indexOf(m) + 1;
    expect(checkMonitors([...r.trace.slice(0, at), early, ...r.trace.slice(at)])[0]!.message).toMatch(/^an early DOWN for .* \(<0\.\d+\.0> monitoring <0\.\d+\.0>\)/);
  });

  it('MON-2: a monitor of a dead, unregistered or remote target is owed its one immediate DOWN (noproc, noconnection), and nothing else', () => {
    const r = Simulation.create({ seed: 1 }).run(function* () {
      const d = spawn(function* () {});
      yield* receive(null, { after: 5 });
      const got: unknown[] = [];
      for (const target of [d, 'nobody', ['far', 'other@host']] as const) {
        const ref = monitor('process', target as never);
        got.push(((yield* receive((m) => Array.isArray(m) && m[1] === ref)) as unknown[])[4]);
      }
      return got;
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual(['noproc', 'noproc', 'noconnection']);
    expect(checkMonitors(r.trace)).toEqual([]);
    const downs = r.trace.filter((e) => e.kind === 'down');
    expect(checkMonitors(r.trace.filter((e) => e !== downs[1])).map((v) => v.message)).toEqual([expect.stringMatching(/monitored \['nobody', 'nonode@nohost'\] \(#Ref<[\d.]+>\), which was gone already, but no DOWN came/)]);
    const i = r.trace.indexOf(downs[0]!);
    expect(checkMonitors([...r.trace.slice(0, i + 1), downs[0]!, ...r.trace.slice(i + 1)])[0]!.message).toMatch(/a second DOWN/);
  });

  it('pair order: a trace with no deliver event has nothing to check', () => {
    const t = traceOf(tolerant);
    expect(t.some((e) => e.kind === 'deliver')).toBe(false);
    expect(checkPairOrder(t)).toEqual([]);
  });

  it('checkInvariants runs them all', () => {
    expect(checkInvariants(traceOf())).toEqual([]);
  });

  it('checkInvariants reads the trace once for the pass checkers, and keeps the order of the list, plain functions included', () => {
    const t = traceOf();
    const i = t.findIndex((e) => e.kind === 'down');
    const broken = [...t.slice(0, i), ...t.slice(i + 1), { kind: 'send', node: t[0]!.node, pid: undefined, to: t[0]!.pid, msg: 'x', dropped: 'gremlins' } as TraceEvent];
    const spawns = passInvariant(() => {
      const out: Violation[] = [];
      return { on: { spawn: (e) => { out.push({ invariant: 'spawns', step: e.step, message: String(e.pid) }); } }, end: () => out };
    });
    const plain = (tr: readonly TraceEvent[]): Violation[] => [{ invariant: 'plain', step: undefined, message: `${tr.length}` }];
    const n = broken.filter((e) => e.kind === 'spawn').length;
    expect(n).toBeGreaterThan(0);
    const got = checkInvariants(broken, [checkMessages, plain, spawns, checkMonitors, checkLinks]).map((v) => v.invariant);
    expect(got).toEqual(['messages', 'plain', ...Array<string>(n).fill('spawns'), 'monitors']);
    expect(checkInvariants(broken, [checkMonitors])).toEqual(checkMonitors(broken));
  });
});
