/**
 * `ets:info/1,2` (ETS-21) and the copy of objects in and out (ETS-20), on the cases the other
 * ETS tests leave out, against what OTP 25 answers:
 *
 *   T = ets:new(x, [named_table]), ets:info(T)      % the 15 items below, in this order
 *   U = ets:new(y, [bag, {keypos,2}, private]), ets:info(U)
 *   ets:info(U, bogus)                               % badarg (live table)
 *   ets:delete(U), ets:info(U, bogus)                % undefined (dead table: any item)
 *   ets:info(nosuch, bogus), ets:info(nosuch)        % undefined, undefined
 *   ets:info(1)                                      % badarg
 */
import { describe, expect, it } from 'vitest';
import { ets, makeRef, node, self } from '../../src/index.js';
import { attempt, inProc } from '../helpers.js';

describe('ETS-21: info/1 and info/2 as OTP 25 gives them', () => {
  it('ETS-21: info(T) lists the 15 items in OTP order, with the options the table was made with', () => {
    const v = inProc(() => {
      const named = ets.new('x', ['named_table']);
      const bag = ets.new('y', ['bag', ['keypos', 2], 'private']);
      ets.insert(bag, ['a', 'k', new Uint8Array([1, 2, 3])]);
      return { named: ets.info(named), bag: ets.info(bag), tid: ets.whereis('x'), me: self(), here: node(), bagTid: bag };
    });
    const items = (v.named as [string, unknown][]).map(([k]) => k);
    expect(items).toEqual([
      'id', 'decentralized_counters', 'read_concurrency', 'write_concurrency', 'compressed', 'memory', 'owner', 'heir',
      'name', 'size', 'node', 'named_table', 'type', 'keypos', 'protection',
    ]);
    const named = Object.fromEntries(v.named as [string, unknown][]);
    const bag = Object.fromEntries(v.bag as [string, unknown][]);
    expect(named).toMatchObject({ id: v.tid, decentralized_counters: false, read_concurrency: false, write_concurrency: false, compressed: false });
    expect(named).toMatchObject({ owner: v.me, heir: 'none', name: 'x', size: 0, node: v.here, named_table: true, type: 'set', keypos: 1, protection: 'protected' });
    expect(bag).toMatchObject({ id: v.bagTid, name: 'y', size: 1, named_table: false, type: 'bag', keypos: 2, protection: 'private' });
    // memory is the table's size in words: OTP's figure counts its own overhead, ours estimates the objects.
    expect(Number.isInteger(bag['memory']) && (bag['memory'] as number) > (named['memory'] as number)).toBe(true);
  });

  it('ETS-21: info(T, Item) for memory, node and fixed; memory grows with the objects', () => {
    const v = inProc(() => {
      const t = ets.new('m', ['set']);
      const empty = ets.info(t, 'memory') as number;
      ets.insert(t, ['k', 1, 2, 3]);
      const one = ets.info(t, 'memory') as number;
      ets.insert(t, ['j', 1]);
      return [one > empty, (ets.info(t, 'memory') as number) > one, ets.info(t, 'node') === node(), ets.info(t, 'fixed')];
    });
    expect(v).toEqual([true, true, true, false]);
  });

  it('ETS-21: a dead or unknown table is undefined for every item, even an unknown one; a live table badargs an unknown item', () => {
    const v = inProc(() => {
      const t = ets.new('d', []);
      const live = attempt(() => ets.info(t, 'bogus' as never));
      ets.delete(t);
      return [
        live,
        ets.info(t, 'bogus' as never),
        ets.info(t, 'size'),
        ets.info(t),
        ets.info('nosuch', 'bogus' as never),
        ets.info('nosuch'),
        ets.info(makeRef()),
        attempt(() => ets.info(1 as never)),
      ];
    });
    expect(v).toEqual(['badarg', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'badarg']);
  });
});

describe('ETS-21: binary, rename and whereis arguments', () => {
  it("ETS-21: info(T, binary) finds binaries inside maps too (OTP: ets:insert(T, {k, #{a => <<1>>}}) lists one)", () => {
    const v = inProc(() => {
      const t = ets.new('b', ['set']);
      ets.insert(t, ['k', { a: new Uint8Array([1]) }, new Map([[new Uint8Array(2), new Uint8Array(3)]])]);
      return (ets.info(t, 'binary') as [number, number, number][]).map(([, size]) => size);
    });
    expect(v).toEqual([1, 2, 3]);
  });

  it('ETS-21: rename to a non-atom and whereis of a non-atom are badarg (OTP: ets:rename(z, 1), ets:whereis(1))', () => {
    const v = inProc(() => {
      ets.new('z', ['named_table']);
      return [attempt(() => ets.rename('z', 1 as never)), attempt(() => ets.whereis(1 as never)), ets.whereis('z') !== 'undefined'];
    });
    expect(v).toEqual(['badarg', 'badarg', true]);
  });
});

describe('ETS-20: copies of maps, null-prototype objects, binaries and opaque values', () => {
  class Opaque {
    constructor(public n: number) {}
  }

  it('ETS-20: a Map, a null-prototype object and a binary inserted are copied; changing them later leaves the table as it was', () => {
    const v = inProc(() => {
      const t = ets.new('c', ['set']);
      const m = new Map<unknown, unknown>([[['k'], { deep: [1] }]]);
      const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: [1] });
      const b = new Uint8Array([1, 2]);
      ets.insert(t, ['key', m, bare, b]);
      m.set('added', 1);
      ((m.get([...m.keys()][0]) as { deep: number[] }).deep as number[]).push(2);
      (bare['a'] as number[]).push(2);
      b[0] = 99;
      const [, m2, bare2, b2] = ets.lookup(t, 'key')[0] as [string, Map<unknown, unknown>, Record<string, unknown>, Uint8Array];
      m2.clear();
      const again = ets.lookup(t, 'key')[0] as [string, Map<unknown, unknown>, Record<string, unknown>, Uint8Array];
      return {
        map: [...again[1]],
        bareProto: Object.getPrototypeOf(bare2),
        bare: again[2]['a'],
        bin: [...b2],
      };
    });
    expect(v).toEqual({ map: [[['k'], { deep: [1] }]], bareProto: null, bare: [1], bin: [1, 2] });
  });

  it('ETS-20: pids, refs and other class instances keep their identity (they are handles, not data)', () => {
    const v = inProc(() => {
      const t = ets.new('o', ['set']);
      const o = new Opaque(1);
      const r = makeRef();
      ets.insert(t, ['k', o, r, self()]);
      const [, o2, r2, p2] = ets.lookup(t, 'k')[0] as [string, Opaque, unknown, unknown];
      return [o2 === o, o2 instanceof Opaque, r2 === r, p2 === self()];
    });
    expect(v).toEqual([true, true, true, true]);
  });
});
