import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, ctx, monitor, processFlag, receive, register, self, send, sendAfter, spawn, spawnLink, monotonicTime, systemTime,
  TIMEOUT, whereis, timer, yieldNow, type Pid,
} from '../../src/index.js';
import { formatFault, formatPlan, Simulation, type Fault } from '../../sim/index.js';

/** A registered echo server: replies `['echo', m]` to `[from, m]`. */
function* echo() {
  register('srv', self());
  for (;;) {
    const [from, m] = (yield* receive()) as [Pid, unknown];
    send(from, ['echo', m]);
  }
}

/** Calls 'srv' `n` times with a timeout; returns what each call got. */
function* client(n: number, timeoutMs = 100) {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    yield* timer.sleep(50);
    const srv = whereis('srv');
    if (srv === 'undefined') {
      out.push('down');
      continue;
    }
    send(srv, [self(), i]);
    const r = yield* receive((m) => Array.isArray(m) && m[0] === 'echo', { after: timeoutMs });
    out.push(r === TIMEOUT ? 'timeout' : (r as [string, number])[1]);
  }
  return out;
}

const byName = (name: string) => ({ by: 'name' as const, name });

function* withServer(n: number, timeoutMs?: number) {
  spawn(echo);
  return yield* client(n, timeoutMs);
}

describe('fault plans: process faults', () => {
  it('kill hits the named process untrappably (reason killed) and shows in the trace', () => {
    const r = Simulation.create({ seed: 1, faults: [{ kind: 'kill', target: byName('srv'), atMs: 70 }] }).run(function* () {
      const srv = spawn(function* () {
        processFlag('trap_exit', true);
        yield* echo();
      });
      const ref = monitor('process', srv);
      const got = yield* client(2);
      const down = yield* receive((m) => Array.isArray(m) && m[1] === ref);
      return [got, (down as unknown[])[4]];
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual([[0, 'down'], 'killed']);
    const f = r.trace.find((e) => e.kind === 'fault')!;
    expect(f.time).toBe(70);
    expect(r.formatTrace()).toContain("FAULT kill 'srv' at 70ms on <0.2.0>");
    expect(r.faults).toHaveLength(1);
  });

  it('exit makes the process exit with the chosen reason; linked peers see it', () => {
    const r = Simulation.create({ seed: 2, faults: [{ kind: 'exit', target: byName('w'), reason: ['shutdown', 'db'], atStep: 3 }] }).run(function* () {
      processFlag('trap_exit', true);
      spawnLink(function* () {
        register('w', self());
        for (;;) yield* receive();
      });
      return yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
    });
    expect(r.outcome).toBe('ok');
    expect((r.value as unknown[])[2]).toEqual(['shutdown', 'db']);
    expect(r.trace.find((e) => e.kind === 'fault')!.step).toBe(3);
  });

  it('hang: callers time out while it lasts; it serves its queued messages when it wakes', () => {
    const r = Simulation.create({ seed: 3, faults: [{ kind: 'hang', target: byName('srv'), atMs: 120, forMs: 300 }] }).run(function* () {
      return yield* withServer(6);
    });
    expect(r.outcome).toBe('ok');
    const got = r.value as unknown[];
    expect(got.slice(0, 3)).toEqual([0, 1, 'timeout']);
    expect(typeof got[got.length - 1]).toBe('number'); // served again (a stale reply first, as with real late replies)
    expect(r.formatTrace()).toMatch(/FAULT wake <0\.2\.0> \(hang over\)/);
  });

  it('hang forever: a caller waiting without a timeout deadlocks', () => {
    const r = Simulation.create({ seed: 4, faults: [{ kind: 'hang', target: byName('srv'), atMs: 5 }] }).run(function* () {
      spawn(echo);
      yield* timer.sleep(10);
      send('srv', [self(), 1]);
      return yield* receive();
    });
    expect(r.outcome).toBe('deadlock');
  });

  it('hang: an exit signal still kills the hung process', () => {
    const r = Simulation.create({ seed: 5, faults: [{ kind: 'hang', target: byName('srv'), atMs: 5 }] }).run(function* () {
      const srv = spawn(echo);
      const ref = monitor('process', srv);
      yield* timer.sleep(10);
      timer.killAfter(1, srv);
      return ((yield* receive((m) => Array.isArray(m) && m[1] === ref)) as unknown[])[4];
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toBe('killed');
  });

  it('slow: each step of the process costs extra virtual time', () => {
    const run = (faults: Fault[]) => Simulation.create({ seed: 6, faults }).run(function* () {
      const t0 = monotonicTime();
      yield* withServer(3, 10_000);
      return monotonicTime() - t0;
    });
    const fast = run([]);
    const slow = run([{ kind: 'slow', target: byName('srv'), extraMs: 40, atMs: 10 }]);
    expect(slow.value as number).toBeGreaterThanOrEqual((fast.value as number) + 3 * 40);
  });

  it('slow: the time limit holds for the time a slowed process takes', () => {
    const r = Simulation.create({ seed: 6, timeMaxMs: 1000, faults: [{ kind: 'slow', target: byName('busy'), extraMs: 300, atStep: 5 }] }).run(function* () {
      spawn(function* busy() {
        register('busy', self());
        for (;;) yield* yieldNow();
      });
      yield* receive();
    });
    expect(r.outcome).toBe('timeLimit');
    expect(r.detail).toContain('slowed process');
  });

  it('lateTimer: a pending timer of the process fires later', () => {
    const r = Simulation.create({ seed: 7, faults: [{ kind: 'lateTimer', target: byName('t'), delayMs: 500, atMs: 50 }] }).run(function* () {
      register('t', self());
      sendAfter(100, self(), 'tick');
      yield* receive();
      return monotonicTime();
    });
    expect(r.value).toBe(600);
  });

  it('a live process chosen by the strategy is a recorded decision, and the token replays it', () => {
    const main = function* () {
      for (let i = 0; i < 4; i++) spawn(function* w() { yield* receive(); });
      yield* timer.sleep(100);
      return 'done';
    };
    const r = Simulation.create({ seed: 8, faults: [{ kind: 'kill', target: { by: 'any' }, atMs: 50 }] }).run(main);
    expect(r.outcome).toBe('ok');
    expect(r.decisions.some((d) => d.kind === 'other' && d.options === 4)).toBe(true);
    const again = Simulation.replay(r.token, main);
    expect(again.outcome).toBe('ok');
    expect(again.traceHash).toBe(r.traceHash);
    expect(again.faults![0]!.pid).toBe(r.faults![0]!.pid);
  });

  it('a target that does not exist is skipped, and says so', () => {
    const r = Simulation.create({ seed: 9, faults: [{ kind: 'kill', target: byName('nobody'), atMs: 0 }] }).run(function* () {
      yield* timer.sleep(1);
    });
    expect(r.outcome).toBe('ok');
    expect(r.formatTrace()).toContain("kill 'nobody' at 0ms (no such live process: skipped)");
  });
});

describe('fault plans: data', () => {
  it('prints readably', () => {
    const plan: Fault[] = [
      { kind: 'hang', target: byName('db'), forMs: 500, atMs: 1200 },
      { kind: 'kill', target: { by: 'path', path: ['top', 'db_sup', 'conn_3'] }, atStep: 40 },
      { kind: 'partition', from: ['a'], to: ['b', 'c'], oneWay: true, atMs: 10 },
    ];
    expect(formatFault(plan[0]!)).toBe("hang 'db' for 500ms at 1200ms");
    expect(formatPlan(plan)).toBe("1. hang 'db' for 500ms at 1200ms\n2. kill top/db_sup/conn_3 at step 40\n3. partition a → {b, c} at 10ms");
  });

  it('a bad fault is a typed error naming the field', () => {
    const bad = (faults: unknown) => () => Simulation.create({ faults: faults as Fault[] });
    expect(bad([{ kind: 'kill', target: { by: 'name' }, atMs: 1 }])).toThrow(/faults\[0\]\.target\.name/);
    expect(bad([{ kind: 'hang', target: byName('x'), atMs: 1, forMs: -5 }])).toThrow(/faults\[0\]\.forMs/);
    expect(bad([{ kind: 'kill', target: byName('x') }])).toThrow(/exactly one of atMs or atStep/);
    expect(bad([{ kind: 'explode', target: byName('x'), atMs: 1 }])).toThrow(BadArgumentError);
    const ok = { kind: 'kill', target: byName('x'), atMs: 1 };
    expect(bad([ok, ok, { kind: 'exit', target: { by: 'path', path: [] }, atMs: 1, reason: 'r' }])).toThrow(/argument 'faults\[2\]\.target\.path'/);
    expect(bad([ok, 7])).toThrow(/argument 'faults\[1\]' must be a fault object/);
    expect(bad({ kind: 'kill' })).toThrow(/argument 'faults' must be a list of faults/);
    expect(bad([ok, { kind: 'explode', target: byName('x'), atMs: 1 }])).toThrow(/argument 'faults\[1\]\.kind' must be one of kill, exit, hang, slow, lateTimer, partition/);
  });

  it('network faults are rejected clearly on a one-node simulation, not ignored', () => {
    expect(() => Simulation.create({ faults: [{ kind: 'partition', from: ['a'], to: ['b'], atMs: 5 }] })).toThrow(/network fault and this simulation has one node/);
    expect(() => Simulation.create({ faults: [{ kind: 'nodeCrash', node: 'b', atMs: 5 }] })).toThrow(BadArgumentError);
  });

  it("a clock skew of the simulated node moves its system time (and heals)", () => {
    const r = Simulation.create({ seed: 1, faults: [{ kind: 'clockSkew', node: 'nonode@nohost', skewMs: -3000, atMs: 10 }] }).run(function* () {
      const a = systemTime();
      yield* timer.sleep(20);
      return systemTime() - a;
    });
    expect(r.value).toBe(20 - 3000);
  });

  it('the token carries the plan: replay rebuilds it', () => {
    const faults: Fault[] = [{ kind: 'hang', target: byName('srv'), atMs: 120, forMs: 300 }];
    const main = function* () { return yield* withServer(6); };
    const r = Simulation.create({ seed: 3, faults }).run(main);
    const again = Simulation.replay(r.token, main);
    expect(again.outcome).toBe('ok');
    expect(again.value).toEqual(r.value);
    expect(again.traceHash).toBe(r.traceHash);
  });
});

describe('liveness phase', () => {
  const serverUp = () => whereis('srv') !== 'undefined';

  it('after the heal the predicate must hold within the deadline: ok when it does', () => {
    const r = Simulation.create({
      seed: 1,
      faults: [{ kind: 'hang', target: byName('srv'), atMs: 0 }],
      liveness: { predicate: serverUp, deadlineMs: 1000 },
    }).run(function* () {
      spawn(echo);
      yield* timer.sleep(10);
      send('srv', [self(), 1]);
      return yield* receive();
    });
    expect(r.outcome).toBe('ok');
    expect(r.liveness!.held).toBe(true);
    expect(r.value).toEqual(['echo', 1]);
  });

  it('livenessViolated with the predicate’s last value when the deadline passes', () => {
    const r = Simulation.create({
      seed: 1,
      faults: [{ kind: 'kill', target: byName('srv'), atMs: 5 }],
      liveness: { predicate: () => (serverUp() ? true : 'srv is down'), deadlineMs: 1000 },
    }).run(function* () {
      spawn(echo);
      yield* timer.sleep(100);
      return 'done';
    });
    expect(r.outcome).toBe('livenessViolated');
    expect(r.liveness!.lastValue).toBe('srv is down');
    expect(r.detail).toContain("'srv is down'");
  });

  it('healAtMs ends the faulted phase at a fixed time; a restarted process satisfies it', () => {
    const r = Simulation.create({
      seed: 2,
      faults: [{ kind: 'kill', target: byName('srv'), atMs: 5 }],
      liveness: { predicate: serverUp, deadlineMs: 500, healAtMs: 50 },
    }).run(function* () {
      processFlag('trap_exit', true);
      spawnLink(echo);
      yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT');
      yield* timer.sleep(200);
      spawnLink(echo); // the "restart"
      yield* timer.sleep(1000);
    });
    expect(r.outcome).toBe('ok');
    expect(r.liveness!.healedAtMs).toBe(50);
    expect(r.liveness!.heldAtMs).toBe(205);
  });

  it('a run at rest in the faulted phase is healed there and then, and checked until the deadline', () => {
    const r = Simulation.create({ seed: 1, liveness: { predicate: () => 'still waiting', deadlineMs: 1000 } }).run(function* () {
      yield* receive(); // nothing will ever come
    });
    expect(r.outcome).toBe('livenessViolated');
    expect(r.detail).toContain('the deadline (1000ms after the heal) passed');
    expect(r.liveness).toMatchObject({ healedAtMs: 0, held: false, lastValue: 'still waiting' });
  });

  it('a predicate that throws does not hold: its last value names the error', () => {
    const r = Simulation.create({
      seed: 1,
      liveness: { predicate: () => { throw new Error('no table'); }, deadlineMs: 100 },
    }).run(function* () {
      spawn(echo);
      yield* timer.sleep(10);
      return 'done';
    });
    expect(r.outcome).toBe('livenessViolated');
    expect(r.liveness!.lastValue).toEqual({ predicateThrew: 'no table' });
  });

  it('a liveness option is validated', () => {
    expect(() => Simulation.create({ liveness: { predicate: 1 as never, deadlineMs: 5 } })).toThrow(/liveness\.predicate/);
  });
});

describe('schedule perturbations', () => {
  it('an override changes that decision only; the token replays the perturbed run', () => {
    const main = function* () {
      const me = self();
      for (let i = 0; i < 3; i++) spawn(function* () { send(me, i); });
      return [yield* receive(), yield* receive(), yield* receive()];
    };
    const base = Simulation.create({ seed: 11 }).run(main);
    const d0 = base.decisions[0]!;
    const p = Simulation.create({ seed: 11, perturb: [{ at: 0, choice: d0.choice + 1 }] }).run(main);
    expect(p.decisions[0]!.choice).toBe((d0.choice + 1) % d0.options);
    expect(Simulation.replay(p.token, main).traceHash).toBe(p.traceHash);
  });
});

describe('supervisor child paths', () => {
  /** A toy supervisor that publishes its children through the `ext.children` seam. */
  function* toySup(name: string, kids: Array<[string, () => Generator]>) {
    register(name, self());
    const started = kids.map(([id, body]) => [id, spawn(body)] as const);
    ctx.proc!.ext = { children: () => started };
    for (;;) yield* receive();
  }

  it('a path resolves through each supervisor\'s children to the process it names', () => {
    const r = Simulation.create({ seed: 1, faults: [{ kind: 'kill', target: { by: 'path', path: ['top', 'db_sup', 'conn_3'] }, atMs: 10 }] }).run(function* () {
      const idle = function* () { for (;;) yield* receive(); };
      spawn(toySup, 'top', [
        ['db_sup', function* () {
          yield* toySup('db_sup', [['conn_1', idle], ['conn_3', function* conn3() { register('conn_3', self()); yield* idle(); }]]);
        }],
      ]);
      yield* timer.sleep(5);
      const conn3 = whereis('conn_3') as Pid;
      const ref = monitor('process', conn3);
      const down = (yield* receive((m) => Array.isArray(m) && m[1] === ref)) as unknown[];
      return [String(conn3), down[4]];
    });
    expect(r.outcome).toBe('ok');
    const [conn3, reason] = r.value as [string, string];
    expect(reason).toBe('killed');
    expect(r.faults![0]!.pid).toBe(conn3);
  });

  it('an unknown child id leaves the fault skipped', () => {
    const r = Simulation.create({ seed: 1, faults: [{ kind: 'kill', target: { by: 'path', path: ['top', 'nope'] }, atMs: 10 }] }).run(function* () {
      spawn(toySup, 'top', []);
      yield* timer.sleep(20);
    });
    expect(r.faults![0]!.pid).toBeUndefined();
  });
});
