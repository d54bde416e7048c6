/**
 * PROC rules, spawn options, process_flag, process_info and the process dictionary.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, erase, error, exit, exitException, get, getKeys, isProcessAlive, makeRef, monitor, node, NotInProcessError, Pid,
  processFlag, processInfo, put, receive, register, self, send, sendAfter, spawn, spawnLink, spawnMonitor, spawnOpt,
  Stacktrace, throwTerm, yieldNow, ErlangError, classify, type SpawnOptions,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { idle, runOk, simulate } from '../../../helpers.js';

const isDown = (m: unknown): m is ['DOWN', unknown, 'process', unknown, unknown] => Array.isArray(m) && m[0] === 'DOWN';

/** Spawns `body` monitored and returns its exit reason. */
function* exitReasonOf(body: () => Generator): Generator<unknown, unknown, unknown> {
  const [, ref] = spawnMonitor(body);
  const down = (yield* receive((m) => isDown(m) && m[1] === ref)) as unknown[];
  return down[4];
}

describe('PROC-1: spawn returns a fresh pid at once', () => {
  it('PROC-1: the pid is returned before the child runs, and pids are never reused', () => {
    const v = runOk<{ seen: string[]; serials: number[]; strings: string[] }>(function* () {
      const seen: string[] = [];
      const pids: Pid[] = [];
      for (let i = 0; i < 5; i++) {
        const p = spawn(function* child() { /* exits at once */ });
        pids.push(p);
        seen.push(String((processInfo(p, 'status') as unknown[])[1]));
        yield* yieldNow();
      }
      return { seen, serials: pids.map((p) => p.serial), strings: pids.map(String) };
    }, { strategy: 'fifo' });
    expect(v.seen).toEqual(['runnable', 'runnable', 'runnable', 'runnable', 'runnable']);
    expect(new Set(v.serials).size).toBe(5);
    expect([...v.serials].sort((a, b) => a - b)).toEqual(v.serials);
    expect(v.strings[0]).toMatch(/^<0\.\d+\.0>$/);
  });

  it('PROC-1: spawn passes the arguments and a non-generator is rejected', () => {
    const v = runOk(function* () {
      const me = self();
      spawn(function* (to: Pid, x: number, y: string) { send(to, [x, y]); }, me, 7, 'b');
      return yield* receive();
    });
    expect(v).toEqual([7, 'b']);
    const sim = Simulation.create();
    expect(() => sim.inspect(() => spawn((() => 1) as never))).toThrow(BadArgumentError);
    expect(() => sim.inspect(() => spawn((() => 1) as never))).toThrow(/'fn'/);
    const r = runOk(function* () {
      try {
        spawn((() => 1) as never);
        return 'no error';
      } catch (e) {
        return classify(e);
      }
    });
    expect(r).toEqual({ class: 'error', reason: 'badarg' });
  });

  it('PROC-1: spawn from test code through inspect works; self outside a process is NotInProcessError', () => {
    const sim = Simulation.create();
    expect(() => self()).toThrow(NotInProcessError);
    expect(() => spawn(function* () {})).toThrow(NotInProcessError);
    const p = sim.inspect(() => spawn(function* () {}));
    expect(p).toBeInstanceOf(Pid);
    expect(() => sim.inspect(() => self())).toThrow(NotInProcessError);
  });
});

describe('PROC-2: exit reasons of the three classes and of plain JS errors', () => {
  it('PROC-2: returning gives normal', () => {
    expect(runOk(function* () { return yield* exitReasonOf(function* () { return 5; }); })).toBe('normal');
  });

  it('PROC-2: exit(R) gives R', () => {
    expect(runOk(function* () { return yield* exitReasonOf(function* () { exitException(['shutdown', 1]); }); })).toEqual(['shutdown', 1]);
  });

  it('PROC-2: error(R) gives [R, Stacktrace]', () => {
    const r = runOk(function* () { return yield* exitReasonOf(function* () { error('badarith'); }); }) as unknown[];
    expect(r[0]).toBe('badarith');
    expect(r[1]).toBeInstanceOf(Stacktrace);
    expect(String(r[1])).toBe('<stacktrace>');
  });

  it('PROC-2: an uncaught throw gives [[nocatch, V], Stacktrace]', () => {
    const r = runOk(function* () { return yield* exitReasonOf(function* () { throwTerm({ v: 1 }); }); }) as unknown[];
    expect(r[0]).toEqual(['nocatch', { v: 1 }]);
    expect(r[1]).toBeInstanceOf(Stacktrace);
  });

  it('PROC-2: a plain JS error is class error with the error as reason, keeping its stack', () => {
    const r = runOk(function* () { return yield* exitReasonOf(function* () { (null as unknown as { x: number }).x; }); }) as unknown[];
    expect(r[0]).toBeInstanceOf(TypeError);
    expect((r[1] as Stacktrace).frames.length).toBeGreaterThan(0);
  });

  it('PROC-2: errors other than exit produce a crash report; exit does not', () => {
    const res = simulate(function* () {
      yield* exitReasonOf(function* boom() { error('x'); });
      yield* exitReasonOf(function* quiet() { exitException('y'); });
      yield* exitReasonOf(function* thrown() { throwTerm('z'); });
    });
    const reports = res.trace.filter((e) => e.kind === 'crashReport');
    expect(reports.map((e) => (e as { class: string }).class)).toEqual(['error', 'throw']);
  });

  it('PROC-2: a yielded non-effect crashes the process with a TypeError', () => {
    const r = runOk(function* () { return yield* exitReasonOf(function* () { yield 42; }); }) as unknown[];
    expect(r[0]).toBeInstanceOf(TypeError);
    expect(String((r[0] as Error).message)).toMatch(/yield\*/);
  });
});

describe('PROC-3: spawnLink, spawnMonitor and spawnOpt set up atomically', () => {
  it('PROC-3: an instantly failing linked child gives its real reason, never noproc', () => {
    const v = runOk<unknown[]>(function* () {
      processFlag('trap_exit', true);
      const p = spawnLink(function* () { exitException('early'); });
      return [p, yield* receive()];
    });
    expect((v[1] as unknown[]).slice(0, 1)).toEqual(['EXIT']);
    expect((v[1] as unknown[])[1]).toBe(v[0]);
    expect((v[1] as unknown[])[2]).toBe('early');
  });

  it('PROC-3: spawnMonitor returns [pid, ref] and the DOWN carries the real reason', () => {
    const v = runOk(function* () {
      const [p, ref] = spawnMonitor(function* () { exitException('early'); });
      const d = (yield* receive()) as unknown[];
      return { same: d[1] === ref && d[3] === p, reason: d[4], kind: d[2] };
    });
    expect(v).toEqual({ same: true, reason: 'early', kind: 'process' });
  });

  it('PROC-3: spawnOpt with link and monitor returns [pid, ref] and sets up both', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const [p, ref] = spawnOpt(function* () { exitException('bye'); }, { link: true, monitor: true });
      const a = (yield* receive()) as unknown[];
      const b = (yield* receive()) as unknown[];
      return [a[0], a[2], b[0] === 'DOWN' && b[1] === ref && b[3] === p, b[4]];
    });
    expect(v).toEqual(['EXIT', 'bye', true, 'bye']);
  });

  it('PROC-3: spawnOpt with monitor options applies the tag (MON-7)', () => {
    const v = runOk(function* () {
      const [, ref] = spawnOpt(function* () {}, { monitor: { tag: 'gone' } });
      const m = (yield* receive()) as unknown[];
      return [m[0], m[1] === ref, m[4]];
    });
    expect(v).toEqual(['gone', true, 'normal']);
  });

  it('PROC-3: spawnLink and spawnMonitor outside a process are NotInProcessError', () => {
    const sim = Simulation.create();
    expect(() => sim.inspect(() => spawnLink(function* () {}))).toThrow(NotInProcessError);
    expect(() => sim.inspect(() => spawnMonitor(function* () {}))).toThrow(NotInProcessError);
    expect(() => sim.inspect(() => spawnOpt(function* () {}, { link: true }))).toThrow(/options/);
  });
});

describe('PROC-4: spawnOpt options are validated and recorded', () => {
  const bad: [string, SpawnOptions][] = [
    ['options.link', { link: 1 as never }],
    ['options.monitor', { monitor: 'yes' as never }],
    ['options.priority', { priority: 'urgent' as never }],
    ['options.min_heap_size', { min_heap_size: -1 }],
    ['options.fullsweep_after', { fullsweep_after: 1.5 }],
    ['options.max_heap_size', { max_heap_size: { size: -3 } }],
    ['options.message_queue_data', { message_queue_data: 'mixed' as never }],
    ['options.bogus', { bogus: true } as never],
    ['options.monitor', { monitor: { alias: 'forever' } } as never],
    ['options.monitor', { monitor: { colour: 'red' } } as never],
  ];
  for (const [name, opts] of bad) {
    it(`PROC-4: from outside a process, a bad ${name} is a BadArgumentError naming it`, () => {
      const sim = Simulation.create();
      let err: unknown;
      try {
        sim.inspect(() => spawnOpt(function* () {}, opts));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(BadArgumentError);
      expect((err as BadArgumentError).argument).toContain(name);
      expect((err as Error).message).toContain(name);
    });
  }

  it('PROC-4: inside a process a bad option raises badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const [, opts] of bad) {
        try {
          spawnOpt(function* () {}, opts);
          out.push('accepted');
        } catch (e) {
          out.push(classify(e));
        }
      }
      try {
        spawnOpt(function* () {}, null as never);
      } catch (e) {
        out.push(classify(e));
      }
      return out;
    });
    expect(v).toEqual(Array(bad.length + 1).fill({ class: 'error', reason: 'badarg' }));
  });

  it('PROC-4: valid options are accepted and the priority is reported', () => {
    const v = runOk(function* () {
      const p = spawnOpt(function* () { yield* receive(); }, {
        priority: 'high', min_heap_size: 233, fullsweep_after: 10, max_heap_size: { size: 1000, kill: true }, message_queue_data: 'off_heap',
      });
      const q = spawnOpt(function* () { yield* receive(); }, { max_heap_size: 0, message_queue_data: 'on_heap', priority: 'low' });
      return [processInfo(p, 'priority'), processInfo(q, 'priority')];
    });
    expect(v).toEqual([['priority', 'high'], ['priority', 'low']]);
  });

  it('PROC-4: priority biases scheduling: a high-priority process runs before normal ones', () => {
    for (const strategy of ['fifo', 'random', 'pct'] as const) {
      const v = runOk(function* () {
        const me = self();
        const order: string[] = [];
        spawn(function* () { send(me, 'normal'); });
        spawnOpt(function* () { send(me, 'high'); }, { priority: 'high' });
        spawnOpt(function* () { send(me, 'max'); }, { priority: 'max' });
        for (let i = 0; i < 3; i++) order.push((yield* receive()) as string);
        return order;
      }, { strategy, seed: 3 });
      expect(v, strategy).toEqual(['max', 'high', 'normal']);
    }
  });
});

describe('PROC-5: process_flag', () => {
  it('PROC-5: trap_exit returns the previous value', () => {
    const v = runOk(function* () {
      return [processFlag('trap_exit', true), processFlag('trap_exit', true), processFlag('trap_exit', false), processInfo(self(), 'trap_exit')];
    });
    expect(v).toEqual([false, true, true, ['trap_exit', false]]);
  });

  it('PROC-5: priority returns the previous priority', () => {
    const v = runOk(function* () {
      return [processFlag('priority', 'high'), processFlag('priority', 'low'), processInfo(self(), 'priority')];
    });
    expect(v).toEqual(['normal', 'high', ['priority', 'low']]);
  });

  it('PROC-5: an unknown flag or a bad value raises badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const [f, x] of [['trap_exit', 'yes'], ['priority', 'urgent'], ['bogus_flag', true]] as const) {
        try {
          processFlag(f as 'trap_exit', x as never);
          out.push('accepted');
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg']);
  });
});

describe('PROC-6: is_process_alive', () => {
  it('PROC-6: true for a live process, false once dead, and an exiting process counts as dead', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { yield* receive(); });
      const a = isProcessAlive(p);
      exit(p, 'kill'); // now exiting: it dies when next scheduled
      const b = isProcessAlive(p);
      const st = processInfo(p, 'status');
      yield* yieldNow();
      const q = spawn(function* () {});
      yield* yieldNow();
      yield* yieldNow();
      return [a, b, st, isProcessAlive(q), isProcessAlive(self())];
    }, { strategy: 'fifo' });
    expect(v).toEqual([true, false, 'undefined', false, true]);
  });

  it('PROC-6: a pid of another node, or not a pid, is badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const x of [new Pid('other@host', 1, 1), 'me', 3]) {
        try {
          isProcessAlive(x as Pid);
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg']);
  });
});

describe('PROC-7: a dying process loses its name and timers before links and monitors fire', () => {
  it('PROC-7: the monitor owner can register the dead process name on DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { yield* receive(); });
      register('server', p);
      const ref = [monitor('process', p)];
      exit(p, 'stop');
      yield* receive((m) => isDown(m) && m[1] === ref[0]);
      return register('server', self());
    });
    expect(v).toBe(true);
  });

  it('PROC-7: a linked trapping peer can register the name on EXIT, and timers aimed at the dead are cancelled', () => {
    const res = simulate(function* () {
      processFlag('trap_exit', true);
      const p = spawnLink(function* () { yield* receive(); });
      register('server', p);
      const t = sendAfter(50, p, 'late');
      exit(p, 'stop');
      yield* receive();
      return [register('server', self()), t];
    });
    expect(res.outcome).toBe('ok');
    const [ok, t] = res.value as [boolean, unknown];
    expect(ok).toBe(true);
    expect(res.trace.some((e) => e.kind === 'timerFire' && e.ref === t)).toBe(false);
    expect(res.stats.virtualTimeMs).toBe(0);
  });
});

describe('self, makeRef, node', () => {
  it('makeRef gives fresh refs; node names the node; node(pid) reads a pid; node(bad) is badarg', () => {
    const v = runOk<unknown[]>(function* () {
      const a = makeRef();
      const b = makeRef();
      let bad: unknown;
      try {
        node('x' as never);
      } catch (e) {
        bad = e;
      }
      return [a !== b && String(a) !== String(b), String(a), node(), node(self()), bad instanceof ErlangError];
    }, { node: 'a@host' });
    expect(v[0]).toBe(true);
    expect(v[1]).toMatch(/^#Ref<0\.0\.0\.\d+>$/);
    expect(v.slice(2)).toEqual(['a@host', 'a@host', true]);
  });
});
