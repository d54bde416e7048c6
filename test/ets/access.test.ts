/**
 * ETS-12 as a property: the access matrix (owner, another process, or test code outside any
 * process) × (public, protected, private) × (read, write). A denied call raises `badarg` in a
 * process and a typed BadArgumentError outside; an allowed one works.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadArgumentError, classify, ets, receive, self, send, spawn, type Protection, type Tab } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';
import { runOk } from '../helpers.js';

type Caller = 'owner' | 'other' | 'outside';
type Kind = 'read' | 'write';

const READS: Record<string, (t: Tab) => unknown> = {
  lookup: (t) => ets.lookup(t, 1),
  member: (t) => ets.member(t, 1),
  lookupElement: (t) => ets.lookupElement(t, 1, 2),
  first: (t) => ets.first(t),
  next: (t) => ets.next(t, 1),
  last: (t) => ets.last(t),
  tab2list: (t) => ets.tab2list(t),
  foldl: (t) => ets.foldl((_o, n: number) => n + 1, 0, t),
  match: (t) => ets.match(t, ['$1', '_']),
  matchObject: (t) => ets.matchObject(t, ['_', '_']),
  select: (t) => ets.select(t, [[['$1', '_'], [], ['$1']]]),
  selectLimit: (t) => ets.select(t, [[['$1', '_'], [], ['$1']]], 1),
  selectCount: (t) => ets.selectCount(t, [['_', [], [true]]]),
};
const WRITES: Record<string, (t: Tab) => unknown> = {
  insert: (t) => ets.insert(t, [3, 3]),
  insertMany: (t) => ets.insertMany(t, [[4, 4]]),
  insertNew: (t) => ets.insertNew(t, [5, 5]),
  deleteKey: (t) => ets.delete(t, 2),
  deleteObject: (t) => ets.deleteObject(t, [2, 2]),
  take: (t) => ets.take(t, 2),
  updateCounter: (t) => ets.updateCounter(t, 1, 1),
  updateElement: (t) => ets.updateElement(t, 1, [2, 9]),
  matchDelete: (t) => ets.matchDelete(t, [2, '_']),
  selectDelete: (t) => ets.selectDelete(t, [[[2, '_'], [], [true]]]),
  selectReplace: (t) => ets.selectReplace(t, [[['$1', '_'], [], [['$1', 0]]]]),
  deleteAllObjects: (t) => ets.deleteAllObjects(t),
  rename: (t) => ets.rename(t, 'renamed'),
  deleteTable: (t) => ets.delete(t),
};

function allowed(caller: Caller, prot: Protection, kind: Kind): boolean {
  if (prot === 'public') return true;
  if (caller === 'owner') return true;
  return prot === 'protected' && kind === 'read';
}

function outcome(f: () => unknown): 'ok' | 'badarg' | string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof BadArgumentError) return 'badarg';
    return String(classify(e).reason);
  }
}

function* waitForever() {
  yield* receive((m) => m === 'never');
}

/** The outcome of `op` on a fresh table of protection `prot`, called by `caller`. */
function tryOp(caller: Caller, prot: Protection, op: (t: Tab) => unknown): string {
  if (caller === 'outside') {
    const sim = Simulation.create({ seed: 1 });
    let tab: Tab | undefined;
    sim.start(function* () {
      tab = ets.new('acc', [prot]);
      ets.insertMany(tab, [[1, 1], [2, 2]]);
      yield* waitForever();
    });
    sim.step();
    return sim.inspect(() => outcome(() => op(tab!)));
  }
  return runOk<string>(function* () {
    const t = ets.new('acc', [prot]);
    ets.insertMany(t, [[1, 1], [2, 2]]);
    if (caller === 'owner') return outcome(() => op(t));
    const me = self();
    spawn(function* () {
      send(me, ['result', outcome(() => op(t))]);
    });
    const [, r] = (yield* receive()) as [string, string];
    return r;
  });
}

describe('ETS-12: access rights', () => {
  it('ETS-12: owner, other process and outside code get exactly the rights of public/protected/private', () => {
    const opArb = fc.oneof(
      fc.constantFrom(...Object.keys(READS)).map((n) => ['read', n] as const),
      fc.constantFrom(...Object.keys(WRITES)).map((n) => ['write', n] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom<Caller>('owner', 'other', 'outside'),
        fc.constantFrom<Protection>('public', 'protected', 'private'),
        opArb,
        (caller, prot, [kind, name]) => {
          const op = (kind === 'read' ? READS : WRITES)[name]!;
          const got = tryOp(caller, prot, op);
          expect(got).toBe(allowed(caller, prot, kind) ? 'ok' : 'badarg');
        },
      ),
      { numRuns: 250 },
    );
  });

  it('ETS-12: info and whereis need no rights; giveAway, setopts and safeFixtable are owner-only or need a process', () => {
    const v = runOk(function* () {
      const t = ets.new('priv', ['private', 'named_table']);
      const me = self();
      spawn(function* () {
        send(me, [
          ets.info(t, 'owner') === me,
          ets.whereis('priv') !== 'undefined',
          outcome(() => ets.giveAway(t, self(), 'x')),
          outcome(() => ets.setopts(t, ['heir', 'none'])),
        ]);
      });
      return yield* receive();
    });
    expect(v).toEqual([true, true, 'badarg', 'badarg']);
  });

  it('ETS-12: outside any process, ets.new needs a process (NotInProcessError)', () => {
    const sim = Simulation.create({ seed: 1 });
    expect(() => sim.inspect(() => ets.new('x', []))).toThrow(/must be called inside a process/);
  });
});
