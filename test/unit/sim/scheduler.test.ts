/**
 * The run queues: three priority levels, the strategy chooses within the highest non-empty one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Schedulable } from '../../../src/index.js';
import { SimScheduler } from '../../../sim/scheduler.js';

const proc = (priority: number, id: number): Schedulable & { id: number } => ({ priority, runSlot: -1, id });

describe('SimScheduler', () => {
  it('PROC-4: serves max, then high, then normal and low together', () => {
    const s = new SimScheduler();
    const ps = [proc(0, 0), proc(1, 1), proc(2, 2), proc(3, 3)];
    for (const p of ps) s.ready(p);
    expect(s.runnable).toBe(4);
    const order: number[] = [];
    for (let q = s.current(); q !== null; q = s.current()) order.push((q.take(0) as Schedulable & { id: number }).id);
    expect(order).toEqual([3, 2, 0, 1]);
    expect(s.current()).toBeNull();
  });

  it('ready twice queues once; taking at any index keeps every process exactly once (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }).map((i) => ({ ready: i })), fc.nat().map((k) => ({ take: k }))), { maxLength: 200 }), (ops) => {
      const s = new SimScheduler();
      const ps = Array.from({ length: 31 }, (_, i) => proc(1, i));
      const queued = new Set<number>();
      for (const op of ops) {
        if ('ready' in op) {
          s.ready(ps[op.ready]!);
          queued.add(op.ready);
        } else {
          const q = s.current();
          if (q === null) {
            expect(queued.size).toBe(0);
            continue;
          }
          const p = q.take(op.take % q.length) as Schedulable & { id: number };
          expect(queued.delete(p.id)).toBe(true);
          expect(p.runSlot).toBe(-1);
        }
        expect(s.runnable).toBe(queued.size);
        const q = s.current();
        if (q) for (let i = 0; i < q.length; i++) expect(q.items[q.head + i]!.runSlot).toBe(q.head + i);
      }
    }), { numRuns: 200 });
  });

  it('taking the oldest is pure FIFO, across the compaction of a long queue', () => {
    const s = new SimScheduler();
    const ps = Array.from({ length: 10_000 }, (_, i) => proc(1, i));
    for (const p of ps) s.ready(p);
    const out: number[] = [];
    for (let q = s.current(); q !== null; q = s.current()) {
      out.push((q.take(0) as Schedulable & { id: number }).id);
      if (out.length === 5000) for (let i = 0; i < 10; i++) s.ready(ps[i]!);
    }
    expect(out.slice(0, 5000)).toEqual(ps.slice(0, 5000).map((p) => p.id));
    expect(out.slice(5000)).toEqual([...ps.slice(5000).map((p) => p.id), ...ps.slice(0, 10).map((p) => p.id)]);
  });
});
