/**
 * MON-1..3 as a property: exactly one DOWN per monitor, carrying the real reason for a target
 * that was alive, `noproc` for one that was dead; none after demonitor (and none queued
 * after demonitor with flush).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  demonitor, exit, exitException, isProcessAlive, link, monitor, processFlag, receive, self, send, spawn, TIMEOUT, yieldNow, type Op, type Pid,
  type Ref, type Term,
} from '../../../src/index.js';
import { Simulation, type SimulationOptions } from '../../../sim/index.js';

type Death = ['return'] | ['exit', Term] | ['killed'];

interface Plan {
  /** Per target: yields before it dies, and how. */
  targets: [number, Death][];
  /** Per watcher: monitors to make, each [target, yields before, demonitor: no | plain | flush]. */
  watchers: [number, number, 'no' | 'plain' | 'flush'][][];
}

const death = fc.oneof(fc.constant<Death>(['return']), fc.constantFrom<Term>('boom', 'shutdown', ['x', 1]).map((r): Death => ['exit', r]), fc.constant<Death>(['killed']));

const planArb: fc.Arbitrary<Plan> = fc.integer({ min: 1, max: 4 }).chain((n) => fc.record({
  targets: fc.array(fc.tuple(fc.nat(4), death), { minLength: n, maxLength: n }),
  watchers: fc.array(fc.array(fc.tuple(fc.nat(n - 1), fc.nat(4), fc.constantFrom<'no' | 'plain' | 'flush'>('no', 'no', 'plain', 'flush')), { maxLength: 5 }), { minLength: 1, maxLength: 3 }),
}));

const optsArb: fc.Arbitrary<SimulationOptions> = fc.record({
  seed: fc.nat(),
  strategy: fc.constantFrom<SimulationOptions['strategy']>('random', 'fifo', 'pct'),
});

/** What one monitor saw: whether the target was alive when monitored, and the DOWN reasons received. */
interface Seen {
  target: number;
  aliveAtMonitor: boolean;
  demonitored: 'no' | 'plain' | 'flush';
  /** Whether the monitor had already fired when demonitored (`demonitor` with `info`). */
  firedAtDemonitor: boolean;
  downs: Term[];
}

function* watcher(main: Pid, plan: [number, number, 'no' | 'plain' | 'flush'][], targets: Pid[]): Op<void> {
  const seen = new Map<Ref, Seen>();
  for (const [t, yields, dem] of plan) {
    for (let i = 0; i < yields; i++) yield* yieldNow();
    const aliveAtMonitor = isProcessAlive(targets[t]!);
    const ref = monitor('process', targets[t]!);
    const s: Seen = { target: t, aliveAtMonitor, demonitored: dem, firedAtDemonitor: false, downs: [] };
    seen.set(ref, s);
    if (dem !== 'no') {
      yield* yieldNow();
      s.firedAtDemonitor = !demonitor(ref, { flush: dem === 'flush', info: true });
    }
  }
  // Everything that can die will have died within this quiet period (targets only yield).
  for (;;) {
    const m = (yield* receive(null, { after: 100 })) as unknown[] | typeof TIMEOUT;
    if (m === TIMEOUT) break;
    seen.get(m[1] as Ref)?.downs.push(m[4]);
  }
  send(main, ['seen', [...seen.values()]]);
}

function* target(yields: number, d: Death): Op<void> {
  for (let i = 0; i < yields; i++) yield* yieldNow();
  if (d[0] === 'exit') exitException(d[1]);
  if (d[0] === 'killed') yield* receive((m) => m === 'never');
}

function reasonOf(d: Death): Term {
  return d[0] === 'return' ? 'normal' : d[0] === 'exit' ? d[1] : 'killed';
}

describe('monitors', () => {
  it('MON-1..3: exactly one DOWN per monitor, noproc for a dead target, none after demonitor', () => {
    fc.assert(fc.property(planArb, optsArb, (plan, opts) => {
      const r = Simulation.create(opts).run(function* () {
        const me = self();
        const targets = plan.targets.map(([y, d]) => spawn(target, y, d));
        plan.watchers.forEach((w) => spawn(watcher, me, w, targets));
        // Targets meant to be killed are killed by main after they have had their yields.
        for (let i = 0; i < 5; i++) yield* yieldNow();
        plan.targets.forEach(([, d], i) => { if (d[0] === 'killed') exit(targets[i]!, 'kill'); });
        const all: Seen[] = [];
        for (let i = 0; i < plan.watchers.length; i++) all.push(...((yield* receive()) as [string, Seen[]])[1]);
        return all;
      });
      expect(r.outcome).toBe('ok');
      for (const s of r.value as Seen[]) {
        // Not alive at monitor time: gone or exiting, noproc at once (an exiting process answers
        // a monitor with noproc, as OTP 25's erts_proc_sig_handle_exit).
        const reason = s.aliveAtMonitor ? reasonOf(plan.targets[s.target]![1]) : 'noproc';
        // MON-3: a DOWN queued before a plain demonitor stays; flush removes it; none comes after.
        if (s.demonitored === 'no' || (s.demonitored === 'plain' && s.firedAtDemonitor)) expect(s.downs).toEqual([reason]);
        else expect(s.downs).toEqual([]);
      }
    }), { numRuns: 100 });
  });

  it('MON-2: a monitor made on a dead target always gets noproc at once', () => {
    fc.assert(fc.property(fc.nat(), (seed) => {
      const r = Simulation.create({ seed }).run(function* () {
        const p = spawn(function* () {});
        const ref = monitor('process', p);
        yield* receive((m) => Array.isArray(m) && m[1] === ref);
        const again = monitor('process', p);
        const m = (yield* receive(null, { after: 0 })) as unknown[];
        return [m[1] === again, m[4]];
      });
      expect(r.value).toEqual([true, 'noproc']);
    }), { numRuns: 30 });
  });
});

describe('monitors and links on an exiting process', () => {
  it('MON-2, LINK-2: a process with a fatal signal pending is monitored and linked; DOWN and EXIT bring noproc, as OTP 25 (otp25-kernel-2.test.ts)', () => {
    const r = Simulation.create({ seed: 3, strategy: 'fifo' }).run(function* () {
      processFlag('trap_exit', true);
      const victim = spawn(function* () { yield* receive(); });
      yield* yieldNow();
      exit(victim, 'boom'); // pending: the victim dies when next scheduled
      const alive = isProcessAlive(victim);
      const ref = monitor('process', victim);
      link(victim);
      const down = yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN');
      const exited = yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
      return [alive, (down as unknown[])[1] === ref, (down as unknown[])[4], (exited as unknown[])[2]];
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual([false, true, 'noproc', 'noproc']);
  });
});
