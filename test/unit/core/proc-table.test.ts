/**
 * The node's process table: spawn order under any sequence of adds and removes, size, and
 * lookup by serial.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Pid } from '../../../src/index.js';
import { Proc } from '../../../src/core/process.js';
import { ProcTable } from '../../../src/core/proc-table.js';

function proc(serial: number): Proc {
  return new Proc(new Pid('nonode@nohost', 0, serial), null, function* body() {}, undefined, 1);
}

describe('ProcTable', () => {
  it('PROC-1: keeps spawn order and size under adds and removes, like an insertion-ordered map (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat(30)), { maxLength: 80 }), (ops) => {
      const table = new ProcTable();
      const model = new Map<number, Proc>();
      let serial = 0;
      for (const op of ops) {
        if (op === -1) {
          const p = proc(++serial);
          table.add(p);
          model.set(serial, p);
        } else {
          const p = [...model.values()][op % Math.max(1, model.size)];
          if (p === undefined) continue;
          table.remove(p);
          table.remove(p); // removing twice is harmless
          model.delete(p.pid.serial);
        }
        expect(table.size).toBe(model.size);
        expect([...table.values()]).toEqual([...model.values()]);
      }
      for (const [s, p] of model) expect(table.get(s)).toBe(p);
      expect(table.get(serial + 1)).toBeUndefined();
    }), { numRuns: 100 });
  });

  it('an iteration standing on a removed process goes on to the next', () => {
    const table = new ProcTable();
    const ps = [1, 2, 3].map(proc);
    for (const p of ps) table.add(p);
    const seen: number[] = [];
    for (const p of table.values()) {
      seen.push(p.pid.serial);
      if (p.pid.serial === 2) table.remove(p);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect([...table].map((p) => p.pid.serial)).toEqual([1, 3]);
  });
});
