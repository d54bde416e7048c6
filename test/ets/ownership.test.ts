/**
 * Ownership rules: owner death with and without heir (ETS-13, PROC-7), giveAway and setopts
 * (ETS-14), fixations released at death (ETS-18).
 */
import { describe, expect, it } from 'vitest';
import { ets, exit, monitor, receive, self, send, spawn, type Pid, type Tab } from '../../src/index.js';
import { runOk, attempt, idle } from '../helpers.js';

const isDown = (m: unknown): boolean => Array.isArray(m) && m[0] === 'DOWN';
const isTransfer = (m: unknown): boolean => Array.isArray(m) && m[0] === 'ETS-TRANSFER';

/** Spawns an owner that creates a table with `opts`, reports it, waits for 'die' and returns. */
function* ownerWith(name: string, opts: Parameters<typeof ets.new>[1]): Generator<unknown, [Pid, Tab], unknown> {
  const me = self();
  const owner = spawn(function* () {
    const t = ets.new(name, opts);
    ets.insert(t, ['k', 1]);
    send(me, ['table', t]);
    yield* receive((m) => m === 'die');
  });
  const [, t] = (yield* receive((m) => Array.isArray(m) && m[0] === 'table')) as [string, Tab];
  return [owner, t];
}

describe('ETS-13: owner death', () => {
  it('ETS-13: without heir the table is deleted before DOWN is seen, and a named table\'s name is free at once (PROC-7)', () => {
    const v = runOk(function* () {
      const [owner, t] = yield* ownerWith('gone', ['named_table', 'public']);
      monitor('process', owner);
      send(owner, 'die');
      yield* receive(isDown);
      return [ets.info(t), attempt(() => ets.lookup(t, 'k')), ets.whereis('gone'), ets.new('gone', ['named_table']) === 'gone'];
    });
    expect(v).toEqual(['undefined', 'badarg', 'undefined', true]);
  });

  it('ETS-13: a live heir becomes owner and receives [ETS-TRANSFER, Tid, From, HeirData] before the DOWN', () => {
    const v = runOk(function* () {
      const me = self();
      const [owner, t] = yield* ownerWith('inherit', [['heir', me, { why: 'backup' }]]);
      monitor('process', owner);
      send(owner, 'die');
      const first = yield* receive();
      const second = yield* receive();
      ets.insert(t, ['mine', 2]); // protected: only the owner may write
      return [first, isDown(second), ets.info(t, 'owner') === me, ets.info(t, 'heir') === me, ets.lookup(t, 'k'), t, owner];
    });
    const [first, down, isOwner, heirKept, objs, t, owner] = v as unknown[];
    expect(first).toEqual(['ETS-TRANSFER', t, owner, { why: 'backup' }]);
    expect([down, isOwner, heirKept, objs]).toEqual([true, true, true, [['k', 1]]]);
  });

  it('ETS-13: a named table is transferred under its name', () => {
    const v = runOk(function* () {
      const [owner, t] = yield* ownerWith('named_inherit', ['named_table', ['heir', self(), 7]]);
      send(owner, 'die');
      return [t, yield* receive(isTransfer)];
    });
    expect((v as unknown[])[1]).toEqual(['ETS-TRANSFER', 'named_inherit', expect.anything(), 7]);
    expect((v as unknown[])[0]).toBe('named_inherit');
  });

  it('ETS-13: an heir that died before the owner means deletion; an heir dead at creation is recorded as none', () => {
    const v = runOk(function* () {
      const heir = spawn(idle);
      const [owner, t] = yield* ownerWith('orphan', [['heir', heir, 'x']]);
      const mh = monitor('process', heir);
      exit(heir, 'kill');
      yield* receive((m) => Array.isArray(m) && m[1] === mh);
      const mo = monitor('process', owner);
      send(owner, 'die');
      yield* receive((m) => Array.isArray(m) && m[1] === mo);
      const dead = heir;
      const t2 = ets.new('later', [['heir', dead, 'x']]);
      return [ets.info(t), ets.info(t2, 'heir')];
    });
    expect(v).toEqual(['undefined', 'none']);
  });

  it('ETS-13: when the heir, now owner, dies in turn, the table is deleted', () => {
    const v = runOk(function* () {
      const me = self();
      const heir = spawn(function* () {
        const m = (yield* receive(isTransfer)) as unknown[];
        send(me, ['got', m[1]]);
        yield* receive((x) => x === 'die');
      });
      const [owner, t] = yield* ownerWith('chain', [['heir', heir, 'h']]);
      send(owner, 'die');
      yield* receive((m) => Array.isArray(m) && m[0] === 'got');
      const owner2 = ets.info(t, 'owner');
      const ref = monitor('process', heir);
      send(heir, 'die');
      yield* receive((m) => Array.isArray(m) && m[1] === ref);
      return [owner2 === heir, ets.info(t)];
    });
    expect(v).toEqual([true, 'undefined']);
  });

  it('ETS-13: a killed owner also hands over (death by any reason)', () => {
    const v = runOk(function* () {
      const [owner, t] = yield* ownerWith('killed', [['heir', self(), 'k']]);
      exit(owner, 'kill');
      const m = (yield* receive(isTransfer)) as unknown[];
      return [m[1] === t, ets.info(t, 'owner') === self()];
    });
    expect(v).toEqual([true, true]);
  });
});

describe('ETS-14: giveAway and setopts', () => {
  it('ETS-14: giveAway returns true, sends ETS-TRANSFER with the gift, and moves write rights', () => {
    const v = runOk(function* () {
      const me = self();
      const receiver = spawn(function* () {
        const m = (yield* receive(isTransfer)) as [string, Tab, Pid, unknown];
        const wrote = attempt(() => ets.insert(m[1], ['new', 1]));
        send(me, ['done', m[2] === me, m[3], wrote]);
        yield* receive((x) => x === 'never');
      });
      const t = ets.new('gift', []);
      const r = ets.giveAway(t, receiver, { gift: 1 });
      const [, fromOk, gift, wrote] = (yield* receive((m) => Array.isArray(m) && m[0] === 'done')) as unknown[];
      return [r, fromOk, gift, wrote, attempt(() => ets.insert(t, ['old', 1])), ets.info(t, 'owner') === receiver];
    });
    expect(v).toEqual([true, true, { gift: 1 }, true, 'badarg', true]);
  });

  it('ETS-14: giveAway is badarg to oneself, to a dead process, to a non-pid, or by a non-owner', () => {
    const v = runOk(function* () {
      const t = ets.new('g', ['public']);
      const dead = spawn(function* () {});
      const ref = monitor('process', dead);
      yield* receive((m) => Array.isArray(m) && m[1] === ref);
      const me = self();
      spawn(function* () {
        send(me, attempt(() => ets.giveAway(t, self(), 'x')));
      });
      const byOther = yield* receive();
      return [attempt(() => ets.giveAway(t, self(), 'x')), attempt(() => ets.giveAway(t, dead, 'x')), attempt(() => ets.giveAway(t, 'nobody' as never, 'x')), byOther];
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg', 'badarg']);
  });

  it('ETS-14: setopts sets the heir (owner only), and the new heir inherits', () => {
    const v = runOk(function* () {
      const me = self();
      const [owner, t] = yield* ownerWith('later_heir', ['public']);
      const notOwner = attempt(() => ets.setopts(t, ['heir', me, 'x']));
      // Ask the owner to set us as heir: it is the only one allowed to.
      const owner2 = spawn(function* () {
        const t2 = ets.new('own2', []);
        ets.setopts(t2, [['heir', me, 'via setopts']]);
        send(me, ['t2', t2, ets.info(t2, 'heir')]);
        yield* receive((m) => m === 'die');
      });
      const [, t2, heir] = (yield* receive((m) => Array.isArray(m) && m[0] === 't2')) as unknown[];
      send(owner2, 'die');
      const m = (yield* receive(isTransfer)) as unknown[];
      send(owner, 'die');
      return [notOwner, heir === me, m[1] === t2, m[3]];
    });
    expect(v).toEqual(['badarg', true, true, 'via setopts']);
  });

  it('ETS-14: setopts changes the protection (owner only, as OTP 25 does), and a bad list changes nothing', () => {
    const v = runOk(function* () {
      const me = self();
      const t = ets.new('prot', []);
      ets.setopts(t, ['protection', 'public']);
      const other = spawn(function* () {
        send(me, ['wrote', attempt(() => ets.insert(t, ['k', 1])), attempt(() => ets.setopts(t, ['protection', 'private']))]);
      });
      const [, wrote, reset] = (yield* receive((m) => Array.isArray(m) && m[0] === 'wrote')) as unknown[];
      const bad = attempt(() => ets.setopts(t, [['protection', 'private'], ['heir', 'nobody' as never, 1]]));
      return [other !== me, wrote, reset, bad, ets.info(t, 'protection'), ets.lookup(t, 'k')];
    });
    expect(v).toEqual([true, true, 'badarg', 'badarg', 'public', [['k', 1]]]);
  });
});

describe('ETS-18: safeFixtable', () => {
  it('ETS-18: fixations count per process and are released when the process dies', () => {
    const v = runOk(function* () {
      const me = self();
      const t = ets.new('fix', ['public']);
      ets.safeFixtable(t, true);
      ets.safeFixtable(t, true);
      const fixer = spawn(function* () {
        ets.safeFixtable(t, true);
        send(me, 'fixed');
        yield* receive((m) => m === 'die');
      });
      yield* receive((m) => m === 'fixed');
      const info1 = ets.info(t, 'safe_fixed') as [number, [Pid, number][]];
      const ref = monitor('process', fixer);
      send(fixer, 'die');
      yield* receive((m) => Array.isArray(m) && m[1] === ref);
      const info2 = ets.info(t, 'safe_fixed') as [number, [Pid, number][]];
      ets.safeFixtable(t, false);
      const still = ets.info(t, 'fixed');
      ets.safeFixtable(t, false);
      return [info1[1].map(([p, n]) => [p === me, n]), info2[1].length, still, ets.info(t, 'fixed'), ets.info(t, 'safe_fixed')];
    });
    expect(v).toEqual([[[true, 2], [false, 1]], 1, true, false, false]);
  });
});
