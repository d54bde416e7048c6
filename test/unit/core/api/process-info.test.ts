/**
 * processInfo (one item, all, a list) and the process dictionary.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, erase, get, getKeys, monitor, node, NotInProcessError, Pid, processFlag, processInfo, put, receive, register, self, send, spawn, yieldNow, classify,
} from '../../../../src/index.js';
import { Simulation } from '../../../../sim/index.js';
import { idle, runOk } from '../../../helpers.js';

describe('processInfo', () => {
  it('processInfo reports every item of a live process', () => {
    const v = runOk<{ all: Record<string, unknown>; me: unknown }>(function* () {
      const me = self();
      const p = spawn(function* worker() {
        register('w', self());
        put('k', 1);
        processFlag('trap_exit', true);
        send(me, 'ready');
        yield* receive((m) => m === 'go');
      });
      yield* receive((m) => m === 'ready');
      send(p, 'queued1');
      send(p, 'queued2');
      const ref = monitor('process', p);
      // OTP's default list has no messages, monitors or monitored_by: they are asked for here.
      const all = [...processInfo(p) as [string, unknown][], ...processInfo(p, ['messages', 'monitors', 'monitored_by']) as [string, unknown][]];
      return { all: Object.fromEntries(all), ref, me, p };
    });
    const all = v.all;
    expect(all['registered_name']).toBe('w');
    expect(all['current_function']).toBe('worker');
    expect(all['status']).toBe('waiting');
    expect(all['message_queue_len']).toBe(2);
    expect(all['messages']).toEqual(['queued1', 'queued2']);
    expect(all['links']).toEqual([]);
    expect(all['dictionary']).toEqual([['k', 1]]);
    expect(all['trap_exit']).toBe(true);
    expect(all['priority']).toBe('normal');
    expect(all['reductions']).toBeGreaterThan(0);
    expect(all['monitors']).toEqual([]);
    expect(all['monitored_by']).toEqual([v.me]);
  });

  it('processInfo of one item, of a dead process, of a bad item', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      const q = spawn(function* () { yield* receive(); });
      const r = monitor('process', q);
      yield* yieldNow();
      const out: unknown[] = [processInfo(p), processInfo(p, 'status'), processInfo(q, 'registered_name'), processInfo(self(), 'monitors')];
      try {
        processInfo(q, 'heap_size' as never);
      } catch (e) {
        out.push(classify(e).reason);
      }
      try {
        processInfo('q' as never);
      } catch (e) {
        out.push(classify(e).reason);
      }
      out.push(processInfo(self(), 'status'));
      return [out, q, r];
    }, { strategy: 'fifo' });
    const [out, q] = v as [unknown[], Pid];
    expect(out).toEqual(['undefined', 'undefined', [], ['monitors', [['process', q]]], 'badarg', 'badarg', ['status', 'running']]);
  });

  it('processInfo from test code through inspect; outside any node it is NotInProcessError', () => {
    const sim = Simulation.create({ strategy: 'fifo' });
    sim.start(function* main() { yield* receive(); });
    sim.step();
    const info = sim.inspect(() => processInfo(sim.runtime.procs.values().next().value!.pid, 'status'));
    expect(info).toEqual(['status', 'waiting']);
    expect(() => processInfo(new Pid('nonode@nohost', 0, 1))).toThrow(NotInProcessError);
    expect(() => sim.inspect(() => processInfo(3 as never))).toThrow(BadArgumentError);
  });
});

describe('processInfo with a list of items', () => {
  it('gives the pairs in the order asked, repeats included; registered_name is a pair here; a bad item is badarg; a dead process undefined', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const d = spawn(function* () {});
      yield* receive(null, { after: 5 });
      let bad: unknown;
      try {
        processInfo(p, ['trap_exit', 'nosuch' as never]);
      } catch (e) {
        bad = classify(e).reason;
      }
      return [
        processInfo(p, ['registered_name', 'trap_exit', 'message_queue_len']), processInfo(p, 'registered_name'), processInfo(p, []),
        bad, processInfo(d, ['trap_exit']), processInfo(p, ['trap_exit', 'trap_exit']),
      ];
    });
    // As OTP 25 answers process_info/2 with these lists.
    expect(v).toEqual([[['registered_name', []], ['trap_exit', false], ['message_queue_len', 0]], [], [], 'badarg', 'undefined', [['trap_exit', false], ['trap_exit', false]]]);
  });
});

describe('the process dictionary', () => {
  it('put/get/erase/getKeys with structural keys', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      out.push(put(['a', 1], 'x'));
      out.push(put(['a', 1], 'y'));
      out.push(get(['a', 1]));
      out.push(get('missing'));
      out.push(put({ b: [1, 2] }, 3));
      out.push(getKeys());
      out.push(erase(['a', 1]));
      out.push(erase(['a', 1]));
      out.push(erase('never'));
      out.push(getKeys());
      return out;
    });
    expect(v).toEqual(['undefined', 'x', 'y', 'undefined', 'undefined', [['a', 1], { b: [1, 2] }], 'y', 'undefined', 'undefined', [{ b: [1, 2] }]]);
  });

  it('get/0, erase/0 and getKeys/1: every pair (in first-put order), emptying, and the keys of a value', () => {
    const v = runOk(function* () {
      put('a', 1);
      put(['b'], 2);
      put('c', 1);
      put('a', 1); // updated in place: keeps its place
      const all = get();
      const ones = getKeys(1);
      const none = getKeys('no such value');
      const erased = erase();
      return [all, ones, none, erased, get(), getKeys(), get('a')];
    });
    expect(v).toEqual([[['a', 1], [['b'], 2], ['c', 1]], ['a', 'c'], [], [['a', 1], [['b'], 2], ['c', 1]], [], [], 'undefined']);
  });

  it('the dictionary is per process', () => {
    const v = runOk(function* () {
      put('k', 'parent');
      const me = self();
      spawn(function* () { send(me, [get('k'), getKeys()]); });
      return yield* receive();
    });
    expect(v).toEqual(['undefined', []]);
  });

  it('dictionary calls outside a process are NotInProcessError', () => {
    expect(() => put('a', 1)).toThrow(NotInProcessError);
    expect(() => get('a')).toThrow(NotInProcessError);
    expect(() => erase('a')).toThrow(NotInProcessError);
    expect(() => getKeys()).toThrow(NotInProcessError);
  });
});
