/**
 * The mailbox: arrival order (MSG-3) and removal from anywhere (RCV-1), including compaction
 * and two-tuples queued as their halves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mailbox } from '../../../src/core/mailbox.js';
import { termEquals } from '../../../src/core/term.js';

describe('Mailbox', () => {
  it('MSG-3/RCV-1: behaves as an array under push, split push, find and removeAt (property)', () => {
    const value = fc.integer({ min: 0, max: 9 }).map((n) => (n < 7 ? n : ['p', n]));
    const op = fc.oneof(
      { arbitrary: fc.record({ push: value }), weight: 4 },
      { arbitrary: fc.record({ take: value }), weight: 4 },
      { arbitrary: fc.record({ head: fc.constant(true) }), weight: 2 },
      { arbitrary: fc.record({ burst: fc.integer({ min: 1000, max: 3000 }) }), weight: 1 },
      { arbitrary: fc.record({ steady: fc.integer({ min: 1000, max: 3000 }) }), weight: 1 },
    );
    const push = (mb: Mailbox, m: unknown): void => (Array.isArray(m) ? mb.push(m[0], m[1]) : mb.push(m));
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const mb = new Mailbox();
      const model: unknown[] = [];
      for (const o of ops) {
        if ('push' in o) {
          push(mb, o.push);
          model.push(o.push);
        } else if ('burst' in o) {
          // Fill, then drain through the head.
          for (let i = 0; i < o.burst; i++) push(mb, i % 3 ? i : ['p', i]);
          for (let i = 0; i < o.burst; i++) model.push(i % 3 ? i : ['p', i]);
          const got: unknown[] = [];
          for (let i = 0; i < o.burst; i++) got.push(mb.removeAt(0));
          expect(got).toEqual(model.splice(0, o.burst));
        } else if ('steady' in o) {
          // A queue that never empties: the array is compacted instead of growing for ever.
          for (let i = 0; i < o.steady; i++) {
            push(mb, i % 2 ? ['p', i] : i);
            model.push(i % 2 ? ['p', i] : i);
            if (i % 4 !== 3) expect(mb.removeAt(0)).toEqual(model.shift());
          }
        } else if ('take' in o) {
          const i = mb.find((m) => termEquals(m, o.take));
          expect(i).toBe(model.findIndex((m) => termEquals(m, o.take)));
          if (i >= 0) expect(mb.removeAt(i)).toEqual(model.splice(i, 1)[0]);
        } else if (model.length > 0) {
          expect(mb.removeAt(0)).toEqual(model.shift());
        }
        expect(mb.length).toBe(model.length);
        expect(mb.toArray()).toEqual(model);
        expect(mb.at(model.length - 1)).toEqual(model[model.length - 1]);
        expect(mb.newest()).toEqual(model[model.length - 1]);
        expect(mb.at(0)).toEqual(model[0]);
      }
    }), { numRuns: 60 });
  });

  it('segments emptied by a flood go to a pool that other mailboxes take from, carrying nothing over', () => {
    const msg = (i: number): unknown => (i % 3 === 0 ? ['p', i] : i % 3 === 1 ? i : { n: i });
    const push = (mb: Mailbox, i: number): void => {
      const m = msg(i);
      if (Array.isArray(m)) mb.push(m[0], m[1]);
      else mb.push(m);
    };
    const flood = new Mailbox();
    for (let i = 0; i < 70_000; i++) push(flood, i);
    for (let k = 0; k < 50; k++) flood.removeAt(30_000 + k); // from the middle: a segment's rest moves
    for (let i = flood.length; i > 0; i--) flood.removeAt(0);
    expect(flood.length).toBe(0);
    const [b, c] = [new Mailbox(), new Mailbox()];
    for (let i = 0; i < 40_000; i++) {
      push(b, i);
      if (i % 2 === 0) c.push(`c${i}`); // whole messages into segments that may have held split ones
    }
    expect(b.toArray()).toEqual(Array.from({ length: 40_000 }, (_, i) => msg(i)));
    expect(c.toArray()).toEqual(Array.from({ length: 20_000 }, (_, i) => `c${2 * i}`));
    expect([b.length, c.length, flood.toArray()]).toEqual([40_000, 20_000, []]);
  });

  it('find starts at an offset', () => {
    const mb = new Mailbox();
    for (const m of [1, 2, 1, 2]) mb.push(m);
    expect(mb.find((m) => m === 1, 1)).toBe(2);
    expect(mb.find((m) => m === 3)).toBe(-1);
  });

  it('a split two-tuple reads as the tuple everywhere', () => {
    const mb = new Mailbox();
    mb.push('a');
    mb.push('$gen_cast', { n: 1 });
    expect(mb.at(1)).toEqual(['$gen_cast', { n: 1 }]);
    expect(mb.find((m) => Array.isArray(m) && m[0] === '$gen_cast')).toBe(1);
    expect(mb.toArray()).toEqual(['a', ['$gen_cast', { n: 1 }]]);
    expect(mb.removeAt(1)).toEqual(['$gen_cast', { n: 1 }]);
    expect(mb.removeAt(0)).toBe('a');
    expect(mb.length).toBe(0);
  });
});
