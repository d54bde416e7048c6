import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFault, LinkTable, validatePlan, type NetworkFault } from '../../sim/index.js';
import { faultPlan } from '../../properties/index.js';

const part = (from: string[], to: string[], origin: 'explicit' | 'random', oneWay = false): NetworkFault => ({ kind: 'partition', from, to, origin, oneWay, atMs: 0 });
const heal = (from: string[], to: string[], origin: 'explicit' | 'random'): NetworkFault => ({ kind: 'heal', from, to, origin, atMs: 0 });

describe('network faults (modelled; real with the Distribution layer)', () => {
  it('a one-way partition cuts one direction only', () => {
    const t = new LinkTable();
    t.apply(part(['a'], ['b'], 'explicit', true));
    expect(t.connected('a', 'b')).toBe(false);
    expect(t.connected('b', 'a')).toBe(true);
    expect(t.describe()).toEqual(['a→b (explicit)']);
  });

  it('an explicit partition is never healed by a random heal; an explicit heal heals both kinds', () => {
    const t = new LinkTable();
    t.apply(part(['a'], ['b', 'c'], 'explicit'));
    t.apply(part(['b'], ['c'], 'random'));
    t.apply(heal(['a', 'b'], ['b', 'c'], 'random'));
    expect(t.describe()).toEqual(['a→b (explicit)', 'a→c (explicit)', 'b→a (explicit)', 'c→a (explicit)']);
    t.apply(part(['a'], ['b'], 'random'));
    expect(t.state('a', 'b')).toBe('explicitPartition'); // a random partition does not weaken it
    t.apply(heal(['a'], ['b', 'c'], 'explicit'));
    expect(t.describe()).toEqual([]);
  });

  it('whatever random faults do, explicit partitions stay until an explicit heal (property)', () => {
    const nodes = ['a', 'b', 'c'];
    fc.assert(fc.property(faultPlan({ nodes, maxFaults: 12 }), (plan) => {
      const t = new LinkTable();
      t.apply(part(['a'], ['b'], 'explicit'));
      for (const f of plan) if (f.kind === 'partition' || f.kind === 'heal') t.apply(f);
      expect(t.connected('a', 'b')).toBe(false);
      expect(t.connected('b', 'a')).toBe(false);
    }), { numRuns: 200 });
  });

  it('every network fault validates and prints', () => {
    const all: NetworkFault[] = [
      part(['a'], ['b'], 'explicit'), heal(['a'], ['b'], 'random'),
      { kind: 'nodeCrash', node: 'b', atMs: 5 }, { kind: 'nodeRestart', node: 'b', atStep: 9 },
      { kind: 'linkDelay', from: 'a', to: 'b', delayMs: 30, atMs: 1 }, { kind: 'linkLoss', from: 'a', to: 'b', probability: 0.25, atMs: 1 },
      { kind: 'clockSkew', node: 'b', skewMs: -200, atMs: 1 },
    ];
    expect(() => validatePlan(all)).not.toThrow();
    expect(all.map(formatFault)).toEqual([
      'partition a ↔ b at 0ms', 'heal a ↔ b (random) at 0ms', 'crash node b at 5ms', 'restart node b at step 9',
      'delay a → b by 30ms at 1ms', 'lose 25% of a → b at 1ms', 'skew the clock of b by -200ms at 1ms',
    ]);
    expect(() => validatePlan([{ kind: 'linkLoss', from: 'a', to: 'b', probability: 2, atMs: 1 }])).toThrow(/faults\[0\]\.probability/);
  });
});
