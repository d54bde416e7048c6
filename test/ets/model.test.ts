/**
 * Model-based properties: random operation lists run on a real table (inside a simulated
 * process) and on the reference model (model.ts) must give the same results, for every
 * table type and both key positions: results of each call, select/match results and their
 * order, traversal order, and the final contents (ETS-3..10, 15, 17, 19, 20).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ets, termEquals } from '../../src/index.js';
import { runOk, attempt } from '../helpers.js';
import { Model, type Obj, type TableType } from './model.js';

const keyArb = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.constantFrom(1n, 2n, 'a', 'b', -0),
  fc.integer({ min: 0, max: 2 }).map((i) => [i, 'x']),
);
/** Values: mostly integers (pairs of immediates, stored packed), sometimes a string or a nested tuple (stored as copies). */
const valArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 6 },
  { arbitrary: fc.constantFrom('v', -0), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 3 }).map((i) => [i]), weight: 1 },
);
const thrArb = fc.integer({ min: 0, max: 3 });

type Op =
  | ['insert', unknown, unknown]
  | ['insertMany', [unknown, unknown][]]
  | ['insertNew', unknown, unknown]
  | ['insertMutated', unknown, unknown]
  | ['delete', unknown]
  | ['deleteObject', unknown, unknown]
  | ['take', unknown]
  | ['lookup', unknown]
  | ['lookupMutated', unknown]
  | ['member', unknown]
  | ['updateCounter', unknown, number]
  | ['select', number]
  | ['selectLimit', number, number]
  | ['selectDelete', number]
  | ['selectCount', number]
  | ['matchObject', unknown]
  | ['matchKey', unknown]
  | ['matchLimit', unknown, number]
  | ['matchObjectLimit', unknown, number]
  | ['selectKeyLimit', unknown, number]
  | ['traverse']
  | ['deleteAll'];

/** Random operations over keys from `keyArb`. */
const opsOver = (keyArb: fc.Arbitrary<unknown>): fc.Arbitrary<Op> =>
  fc.oneof(
  { arbitrary: fc.tuple(fc.constant('insert' as const), keyArb, valArb), weight: 6 },
  { arbitrary: fc.tuple(fc.constant('insertMany' as const), fc.array(fc.tuple(keyArb, valArb), { maxLength: 4 })), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('insertNew' as const), keyArb, valArb), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('delete' as const), keyArb), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('deleteObject' as const), keyArb, valArb), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('take' as const), keyArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('lookup' as const), keyArb), weight: 3 },
  { arbitrary: fc.tuple(fc.constant('insertMutated' as const), keyArb, valArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('lookupMutated' as const), keyArb), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('member' as const), keyArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('updateCounter' as const), keyArb, fc.integer({ min: -2, max: 2 })), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('select' as const), thrArb), weight: 2 },
  { arbitrary: fc.tuple(fc.constant('selectLimit' as const), thrArb, fc.integer({ min: 1, max: 3 })), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('selectDelete' as const), thrArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('selectCount' as const), thrArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('matchObject' as const), valArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('matchKey' as const), keyArb), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('matchLimit' as const), valArb, fc.integer({ min: 1, max: 3 })), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('matchObjectLimit' as const), valArb, fc.integer({ min: 1, max: 3 })), weight: 1 },
  { arbitrary: fc.tuple(fc.constant('selectKeyLimit' as const), keyArb, fc.integer({ min: 1, max: 2 })), weight: 1 },
  { arbitrary: fc.constant(['traverse'] as Op), weight: 1 },
  { arbitrary: fc.constant(['deleteAll'] as Op), weight: 1 },
);
const opArb = opsOver(keyArb);

/** Builds the object for `key` and `value` with the key at `keypos`. */
const objOf = (keypos: number, k: unknown, v: unknown): Obj => (keypos === 1 ? [k, v] : [v, k]);

/** Scribbles over an object a caller holds, nested tuples included (ETS-20: the table must not change). */
function scribble(o: unknown): void {
  if (!Array.isArray(o)) return;
  for (let i = 0; i < o.length; i++) {
    scribble(o[i]);
    o[i] = 'scribbled';
  }
  o.push('extra');
}

/** `[head, guards, body]` selecting objects whose value is above `thr`. */
function specAbove(keypos: number, thr: number, body: unknown): unknown {
  const head = keypos === 1 ? ['_', '$1'] : ['$1', '_'];
  return [[head, [['>', '$1', thr]], [body]]];
}

/** Runs `ops` on a real table and returns each call's result, then the table's contents. */
function runReal(type: TableType, keypos: number, ops: readonly Op[]): unknown[] {
  return runOk<unknown[]>(function* () {
    const t = ets.new('m', [type, ['keypos', keypos]]);
    const out = ops.map((op) => attempt(() => realOp(t, keypos, op)));
    out.push(ets.tab2list(t));
    return out;
  });
}

/** Every result of a chunked call, following continuations with `next` (ets.select by default). */
function allChunks(first: unknown, next: (c: never) => unknown = ets.select): unknown[] {
  const out: unknown[] = [];
  let c = first as '$end_of_table' | [unknown[], unknown];
  while (c !== '$end_of_table') {
    out.push(...c[0]);
    c = next(c[1] as never) as typeof c;
  }
  return out;
}

function realOp(t: ReturnType<typeof ets.new>, kp: number, op: Op): unknown {
  switch (op[0]) {
    case 'insert': return ets.insert(t, objOf(kp, op[1], op[2]));
    case 'insertMany': return ets.insertMany(t, op[1].map(([k, v]) => objOf(kp, k, v)));
    case 'insertNew': return ets.insertNew(t, objOf(kp, op[1], op[2]));
    case 'insertMutated': {
      const o = objOf(kp, structuredClone(op[1]), structuredClone(op[2]));
      ets.insert(t, o);
      return scribble(o), true;
    }
    case 'lookupMutated': {
      const r = ets.lookup(t, op[1]);
      const copy = structuredClone(r);
      scribble(r);
      return copy;
    }
    case 'delete': return ets.delete(t, op[1]);
    case 'deleteObject': return ets.deleteObject(t, objOf(kp, op[1], op[2]));
    case 'take': return ets.take(t, op[1]);
    case 'lookup': return ets.lookup(t, op[1]);
    case 'member': return ets.member(t, op[1]);
    case 'updateCounter': return ets.updateCounter(t, op[1], op[2]);
    case 'select': return ets.select(t, specAbove(kp, op[1], '$_') as never);
    case 'selectLimit': return allChunks(ets.select(t, specAbove(kp, op[1], '$_') as never, op[2]));
    case 'selectDelete': return ets.selectDelete(t, specAbove(kp, op[1], true) as never);
    case 'selectCount': return ets.selectCount(t, specAbove(kp, op[1], true) as never);
    case 'matchObject': return ets.matchObject(t, objOf(kp, '_', op[1]));
    case 'matchKey': return ets.match(t, kp === 1 ? [op[1], '$1'] : ['$1', op[1]]);
    case 'matchLimit': return allChunks(ets.match(t, objOf(kp, '$1', op[1]), op[2]), ets.match);
    case 'matchObjectLimit': return allChunks(ets.matchObject(t, objOf(kp, '_', op[1]), op[2]), ets.matchObject);
    case 'selectKeyLimit': return allChunks(ets.select(t, [[objOf(kp, op[1], '_'), [], ['$_']]] as never, op[2]));
    case 'traverse': {
      const keys: unknown[] = [];
      for (let k = ets.first(t); k !== '$end_of_table'; k = ets.next(t, k)) keys.push(k);
      return keys;
    }
    case 'deleteAll': return ets.deleteAllObjects(t);
  }
}

function modelOp(m: Model, kp: number, op: Op): unknown {
  switch (op[0]) {
    case 'insert': return m.insert(objOf(kp, op[1], op[2])), true;
    case 'insertMany': return op[1].forEach(([k, v]) => m.insert(objOf(kp, k, v))), true;
    case 'insertNew': return m.insertNew([objOf(kp, op[1], op[2])]);
    case 'insertMutated': return m.insert(objOf(kp, op[1], op[2])), true;
    case 'lookupMutated': return m.lookup(op[1]);
    case 'delete': return m.delete(op[1]), true;
    case 'deleteObject': return m.deleteObject(objOf(kp, op[1], op[2])), true;
    case 'take': return m.take(op[1]);
    case 'lookup': return m.lookup(op[1]);
    case 'member': return m.lookup(op[1]).length > 0;
    case 'updateCounter': return m.updateCounter(op[1], op[2]);
    case 'select':
    case 'selectLimit': return m.where(op[1]);
    case 'selectDelete': return m.selectDelete(op[1]);
    case 'selectCount': return m.where(op[1]).length;
    case 'matchObject': return m.list().filter((o) => termEquals(o[kp === 1 ? 1 : 0], op[1]));
    case 'matchKey': return m.list().filter((o) => termEquals(m.key(o), op[1])).map((o) => [o[kp === 1 ? 1 : 0]]);
    case 'matchLimit': return m.list().filter((o) => termEquals(o[kp === 1 ? 1 : 0], op[1])).map((o) => [m.key(o)]);
    case 'matchObjectLimit': return m.list().filter((o) => termEquals(o[kp === 1 ? 1 : 0], op[1]));
    case 'selectKeyLimit': return m.list().filter((o) => termEquals(m.key(o), op[1]));
    case 'traverse': return m.keys();
    case 'deleteAll': return m.clear(), true;
  }
}

function runModel(type: TableType, keypos: number, ops: readonly Op[]): unknown[] {
  const m = new Model(type, keypos);
  const out = ops.map((op) => modelOp(m, keypos, op));
  out.push(m.list());
  return out;
}

describe.each(['set', 'ordered_set', 'bag', 'duplicate_bag'] as const)('model: %s', (type) => {
  it(`ETS-3..10/15/17/19: a ${type} table behaves as the reference model, call by call`, () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.array(opArb, { maxLength: 30 }), (keypos, ops) => {
        expect(runReal(type, keypos, ops)).toEqual(runModel(type, keypos, ops));
      }),
      { numRuns: Number(process.env.ETS_RUNS ?? 150) },
    );
  });
});

describe('model: set with 32-bit integer keys only (IntMap storage)', () => {
  const intOps = opsOver(fc.integer({ min: -60, max: 60 }));
  it('ETS-3..10/15/17/19: an integer-keyed set behaves as the reference model through growth, deletions and compaction', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.array(intOps, { minLength: 50, maxLength: 150 }), (keypos, ops) => {
        expect(runReal('set', keypos, ops)).toEqual(runModel('set', keypos, ops));
      }),
      { numRuns: 25 },
    );
  });
});

describe('ETS-17/18: fixed traversal', () => {
  it('ETS-17: walking a fixed table while deleting each visited key visits every key once, in table order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TableType>('set', 'bag', 'duplicate_bag', 'ordered_set'),
        fc.array(fc.tuple(keyArb, valArb), { maxLength: 25 }),
        fc.array(fc.integer({ min: 100, max: 200 }), { maxLength: 5 }),
        (type, objs, extra) => {
          const m = new Model(type, 1);
          for (const [k, v] of objs) m.insert([k, v]);
          const v = runOk<unknown[]>(function* () {
            const t = ets.new('f', [type]);
            ets.insertMany(t, objs);
            ets.safeFixtable(t, true);
            const seen: unknown[] = [];
            let i = 0;
            for (let k = ets.first(t); k !== '$end_of_table'; ) {
              seen.push(k);
              const nextAfter = k;
              ets.delete(t, k);
              if (i < extra.length) ets.insert(t, [[extra[i], extra[i], extra[i++]], 0]); // keys after all others, in any order
              k = ets.next(t, nextAfter);
            }
            ets.safeFixtable(t, false);
            return seen.slice(0, m.keys().length);
          });
          expect(v).toEqual(m.keys());
        },
      ),
      { numRuns: 150 },
    );
  });
});
