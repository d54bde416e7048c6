/**
 * The trace printers: one line per event, the per-process timeline, the trace hash.
 */
import { describe, expect, it } from 'vitest';
import { Pid, Ref, type TraceEvent } from '../../../../src/index.js';
import { formatEvent, formatLine, formatTimeline, formatTrace, traceHash } from '../../../../sim/index.js';

const n = 'nonode@nohost';
const p1 = new Pid(n, 0, 1);
const p2 = new Pid(n, 0, 2);
const r = new Ref(n, 0, 3);

const events: [TraceEvent, string][] = [
  [{ kind: 'spawn', node: n, pid: p2, parent: p1, fn: 'worker', link: true, monitor: true }, 'spawn <0.2.0> worker by <0.1.0> linked monitored'],
  [{ kind: 'spawn', node: n, pid: p1, parent: undefined, fn: 'main', link: false, monitor: false }, 'spawn <0.1.0> main'],
  [{ kind: 'send', node: n, pid: p1, to: p2, msg: ['hi', 1] }, "send <0.1.0> → <0.2.0>: ['hi', 1]"],
  [{ kind: 'send', node: n, pid: undefined, to: 'x', msg: 1, dropped: 'noproc' }, "send runtime → 'x': 1 (dropped: noproc)"],
  [{ kind: 'deliver', node: n, pid: p2, from: p1, msg: 'm' }, "deliver <0.1.0> → <0.2.0>: 'm'"],
  [{ kind: 'receive', node: n, pid: p2, msg: 'm' }, "receive <0.2.0>: 'm'"],
  [{ kind: 'receiveTimeout', node: n, pid: p2 }, 'receive <0.2.0>: after (timeout)'],
  [{ kind: 'link', node: n, pid: p1, other: p2 }, 'link <0.1.0> ↔ <0.2.0>'],
  [{ kind: 'unlink', node: n, pid: p1, other: p2 }, 'unlink <0.1.0> ↔ <0.2.0>'],
  [{ kind: 'monitor', node: n, pid: p1, target: p2, ref: r }, 'monitor <0.1.0> → <0.2.0> #Ref<0.0.0.3>'],
  [{ kind: 'demonitor', node: n, pid: p1, ref: r }, 'demonitor <0.1.0> #Ref<0.0.0.3>'],
  [{ kind: 'down', node: n, pid: p1, ref: r, object: p2, reason: 'normal' }, "down <0.1.0> #Ref<0.0.0.3> <0.2.0>: 'normal'"],
  [{ kind: 'exitSignal', node: n, pid: p2, from: p1, reason: 'kill', link: false, effect: 'exit' }, "exit-signal <0.1.0> → <0.2.0>: 'kill' → exit"],
  [{ kind: 'exitSignal', node: n, pid: p2, from: p1, reason: 'x', link: true, effect: 'message' }, "exit-signal <0.1.0> → <0.2.0> (link): 'x' → message"],
  [{ kind: 'exit', node: n, pid: p2, reason: 'killed' }, "exit <0.2.0>: 'killed'"],
  [{ kind: 'timerSet', node: n, pid: p1, ref: r, at: 50, what: 'sendAfter' }, 'timer-set sendAfter #Ref<0.0.0.3> at 50ms by <0.1.0>'],
  [{ kind: 'timerFire', node: n, pid: p1, ref: r, what: 'sendAfter' }, 'timer-fire sendAfter #Ref<0.0.0.3> → <0.1.0>'],
  [{ kind: 'timerCancel', node: n, pid: p1, ref: r }, 'timer-cancel #Ref<0.0.0.3> by <0.1.0>'],
  [{ kind: 'register', node: n, pid: p1, name: 'srv' }, "register <0.1.0> as 'srv'"],
  [{ kind: 'unregister', node: n, pid: p1, name: 'srv' }, "unregister <0.1.0> as 'srv'"],
  [{ kind: 'crashReport', node: n, pid: p1, reason: 'r', class: 'error' }, "crash-report <0.1.0> (error): 'r'"],
  [{ kind: 'report', node: n, pid: p1, category: 'progress', report: { a: 1 } }, 'report progress <0.1.0>: { a: 1 }'],
  [{ kind: 'fault', node: n, pid: p2, fault: ['kill', 'x'] }, "FAULT ['kill', 'x'] on <0.2.0>"],
  [{ kind: 'log', node: n, pid: undefined, text: 'hello' }, 'log: hello'],
];

describe('formatEvent', () => {
  for (const [e, text] of events) {
    it(`prints ${e.kind}: ${text}`, () => {
      expect(formatEvent(e)).toBe(text);
    });
  }
});

describe('formatLine, formatTrace, traceHash', () => {
  const stamped = events.map(([e], i) => ({ ...e, step: i, time: i * 10 }) as TraceEvent);

  it('formatLine puts step and time first, aligned', () => {
    expect(formatLine(stamped[2]!)).toBe("     2      20ms  send <0.1.0> → <0.2.0>: ['hi', 1]");
    expect(formatLine(events[0]![0])).toMatch(/^ {5}0 {7}0ms {2}spawn/);
  });

  it('formatTrace is one line per event', () => {
    expect(formatTrace(stamped).split('\n')).toHaveLength(stamped.length);
  });

  it('traceHash depends on every event, its step and its time, and is stable', () => {
    const h = traceHash(stamped);
    expect(traceHash(stamped.map((e) => ({ ...e })))).toBe(h);
    expect(traceHash(stamped.slice(1))).not.toBe(h);
    expect(traceHash(stamped.map((e, i) => (i === 3 ? { ...e, time: 999 } : e)))).not.toBe(h);
    const long = Array.from({ length: 1500 }, (_, i) => ({ kind: 'log', node: n, pid: undefined, text: `l${i}`, step: i, time: 0 }) as TraceEvent);
    const changed = long.map((e, i) => (i === 1200 ? { ...e, text: 'other' } : e));
    expect(traceHash(long)).not.toBe(traceHash(changed));
    expect(traceHash([])).toBe('0');
  });
});

describe('formatTimeline', () => {
  it('has one column per process, named where registered, and the event in its column', () => {
    const evs: TraceEvent[] = [
      { kind: 'spawn', node: n, pid: p1, parent: undefined, fn: 'main', link: false, monitor: false, step: 1, time: 0 },
      { kind: 'register', node: n, pid: p2, name: 'srv', step: 2, time: 0 },
      { kind: 'send', node: n, pid: p1, to: p2, msg: 'hello', step: 3, time: 5 },
      { kind: 'log', node: n, pid: undefined, text: 'runtime line', step: 4, time: 5 },
    ];
    const lines = formatTimeline(evs, { width: 20 }).split('\n');
    expect(lines[0]).toMatch(/step +time +<0\.1\.0> +│ <0\.2\.0> srv +│ runtime/);
    expect(lines[1]).toMatch(/^─+$/);
    expect(lines[4]).toMatch(/^ +3 +5ms  send → <0\.2\.0>: 'h/);
    expect(lines[5]).toContain('│');
    expect(lines[5]!.indexOf('log: runtime line')).toBeGreaterThan(lines[4]!.indexOf('send'));
  });

  it('cuts long cells to the width', () => {
    const e: TraceEvent = { kind: 'log', node: n, pid: p1, text: 'x'.repeat(100), step: 1, time: 0 };
    const row = formatTimeline([e], { width: 10 }).split('\n')[2]!;
    expect(row).toContain('…');
    expect(row.length).toBeLessThan(40);
  });
});
