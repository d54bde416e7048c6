/**
 * The mailbox: arrival order (MSG-3) and removal from anywhere (RCV-1), including compaction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mailbox } from '../../../src/core/mailbox.js';

describe('Mailbox', () => {
  it('MSG-3/RCV-1: behaves as an array under push, find and removeAt (property)', () => {
    const op = fc.oneof(
      { arbitrary: fc.record({ push: fc.integer({ min: 0, max: 9 }) }), weight: 4 },
      { arbitrary: fc.record({ take: fc.integer({ min: 0, max: 9 }) }), weight: 4 },
      { arbitrary: fc.record({ head: fc.constant(true) }), weight: 2 },
      { arbitrary: fc.record({ burst: fc.integer({ min: 1000, max: 3000 }) }), weight: 1 },
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const mb = new Mailbox();
      const model: number[] = [];
      for (const o of ops) {
        if ('push' in o) {
          mb.push(o.push);
          model.push(o.push);
        } else if ('burst' in o) {
          // Enough traffic through the head to make the mailbox compact its array.
          for (let i = 0; i < o.burst; i++) mb.push(i % 10);
          for (let i = 0; i < o.burst; i++) model.push(i % 10);
          const got: unknown[] = [];
          for (let i = 0; i < o.burst; i++) got.push(mb.removeAt(0));
          expect(got).toEqual(model.splice(0, o.burst));
        } else if ('take' in o) {
          const i = mb.find((m) => m === o.take);
          expect(i).toBe(model.indexOf(o.take));
          if (i >= 0) expect(mb.removeAt(i)).toBe(model.splice(i, 1)[0]);
        } else if (model.length > 0) {
          expect(mb.removeAt(0)).toBe(model.shift());
        }
        expect(mb.length).toBe(model.length);
        expect(mb.toArray()).toEqual(model);
        if (model.length > 0) expect(mb.at(model.length - 1)).toBe(model[model.length - 1]);
      }
    }), { numRuns: 60 });
  });

  it('find starts at an offset', () => {
    const mb = new Mailbox();
    for (const m of [1, 2, 1, 2]) mb.push(m);
    expect(mb.find((m) => m === 1, 1)).toBe(2);
    expect(mb.find((m) => m === 3)).toBe(-1);
  });
});
