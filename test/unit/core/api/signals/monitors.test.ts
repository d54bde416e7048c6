/**
 * MON rules: monitors, demonitor, tags.
 */
import { describe, expect, it } from 'vitest';
import {
  classify, demonitor, exit, monitor, processInfo, receive, Ref, register, self, send, spawn, yieldNow,
  Pid,
} from '../../../../../src/index.js';
import { Simulation } from '../../../../../sim/index.js';
import { runOk } from '../../../../helpers.js';
import { downOf, drain, idle, reasonOf, type Msg } from './helpers.js';

describe('MON: monitors', () => {
  it('MON-1: each monitor is independent and gives its own DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const r1 = monitor('process', p);
      const r2 = monitor('process', p);
      exit(p, 'bye');
      const a = (yield* receive()) as Msg;
      const b = (yield* receive()) as Msg;
      return [r1 !== r2, a[1] === r1, b[1] === r2, a[2], a[3] === p, a[4], b[4], yield* drain()];
    });
    expect(v).toEqual([true, true, true, 'process', true, 'bye', 'bye', []]);
  });

  it('MON-2: a dead target gives an immediate DOWN noproc', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      const ref = monitor('process', p);
      const m = (yield* receive(null, { after: 0 })) as Msg;
      return [m[0], m[1] === ref, m[3] === p, m[4]];
    });
    expect(v).toEqual(['DOWN', true, true, 'noproc']);
  });

  it('REG-3/MON-2: monitoring by name gives [name, node] as the object; an unregistered name gives noproc at once, a name on a node not connected noconnection', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      register('srv', p);
      monitor('process', 'srv');
      monitor('process', ['srv', 'nonode@nohost']);
      monitor('process', 'nobody');
      monitor('process', ['srv', 'far@away']);
      monitor('process', new Pid('far@away', 1, 5));
      exit(p, 'x');
      const got: Msg[] = [];
      for (let i = 0; i < 5; i++) got.push((yield* receive()) as Msg);
      return got.map((m) => [m[3] instanceof Pid ? String(m[3]) : m[3], m[4]]);
    });
    expect(v).toEqual([
      [['nobody', 'nonode@nohost'], 'noproc'],
      [['srv', 'far@away'], 'noconnection'],
      ['<1.5.0>', 'noconnection'],
      [['srv', 'nonode@nohost'], 'x'],
      [['srv', 'nonode@nohost'], 'x'],
    ]);
  });

  it('MON-3: demonitor returns true, is idempotent, and stops the DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      const a = demonitor(ref);
      const b = demonitor(ref);
      const c = demonitor(monitor('process', spawn(idle)));
      exit(p, 'x');
      yield* yieldNow();
      yield* yieldNow();
      return [a, b, c, yield* drain(), processInfo(self(), 'monitors')];
    });
    expect(v).toEqual([true, true, true, [], ['monitors', []]]);
  });

  it('MON-3: a DOWN already queued stays after demonitor; flush removes it; info tells whether it was active', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      const p = spawn(function* () {});
      const r1 = monitor('process', p);
      const r2 = monitor('process', p);
      const r3 = monitor('process', p);
      yield* reasonOf(p); // all three DOWNs are queued now
      out.push(demonitor(r1));
      out.push(demonitor(r2, { flush: true }));
      out.push(demonitor(r3, { info: true }));
      const q = spawn(idle);
      const r4 = monitor('process', q);
      out.push(demonitor(r4, { info: true }));
      out.push(demonitor(r4, { info: true }));
      const left = (yield* drain()) as Msg[];
      out.push(left.map((m) => (m[1] === r1 ? 'r1' : m[1] === r2 ? 'r2' : m[1] === r3 ? 'r3' : 'other')));
      return out;
    });
    expect(v).toEqual([true, true, false, true, false, ['r1', 'r3']]);
  });

  it('MON-3: flush with a custom tag removes the tagged DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      const ref = monitor('process', p, { tag: 'gone' });
      yield* yieldNow();
      yield* yieldNow();
      const r = demonitor(ref, { flush: true, info: true });
      return [r, yield* drain()];
    }, { strategy: 'fifo' });
    expect(v).toEqual([false, []]);
  });

  it('MON-4: a bad type, target, ref or option is badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      const attempts: (() => unknown)[] = [
        () => monitor('port' as never, self()),
        () => monitor('process', 42 as never),
        () => monitor('process', self(), { when: 1 } as never),
        () => monitor('process', self(), { alias: 'sometimes' } as never),
        () => monitor('process', self(), 'opts' as never),
        () => demonitor('ref' as never),
        () => demonitor(new Ref('other@host', 1, 5)),
        () => demonitor(monitor('process', self()), { now: true } as never),
      ];
      for (const f of attempts) {
        try {
          f();
          out.push('accepted');
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual(Array(8).fill('badarg'));
  });

  it('MON-4: from test code a bad monitor argument is a typed error naming it', () => {
    const sim = Simulation.create();
    const main = sim.start(function* () { yield* idle(); });
    expect(() => sim.inspect(() => monitor('process', main.pid))).toThrow(/monitor: must be called inside a process/);
    expect(() => sim.inspect(() => demonitor('x' as never))).toThrow(/demonitor/);
  });

  it('MON-5: when the monitoring process dies its monitors vanish; monitoring self is allowed', () => {
    const v = runOk(function* () {
      const target = spawn(idle);
      const watcher = spawn(function* () {
        monitor('process', target);
        const r = monitor('process', self());
        yield* receive((m) => m === 'die');
        void r;
      });
      yield* yieldNow();
      const before = processInfo(target, 'monitored_by');
      send(watcher, 'die');
      yield* reasonOf(watcher);
      return [before, processInfo(target, 'monitored_by'), watcher];
    }, { strategy: 'fifo' });
    const [before, after, watcher] = v as [unknown, unknown, Pid];
    expect(before).toEqual(['monitored_by', [watcher]]);
    expect(after).toEqual(['monitored_by', []]);
  });

  it('MON-7: the tag option replaces DOWN', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p, { tag: ['my', 'tag'] });
      exit(p, 'x');
      const m = (yield* receive()) as Msg;
      const q = spawn(function* () {});
      yield* reasonOf(q);
      const ref2 = monitor('process', q, { tag: 'dead' });
      const m2 = (yield* receive(downOf(ref2))) as Msg;
      return [m[0], m[1] === ref, m[4], m2[0], m2[4]];
    });
    expect(v).toEqual([['my', 'tag'], true, 'x', 'dead', 'noproc']);
  });
});
