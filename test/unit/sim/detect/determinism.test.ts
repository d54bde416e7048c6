/**
 * checkDeterminism: each seed twice, the first differing event reported.
 */
import { describe, expect, it } from 'vitest';
import { receive, self, send, spawn, yieldNow, type Pid } from '../../../../src/index.js';
import { checkDeterminism } from '../../../../sim/index.js';

function* ping(): Generator<unknown, void, unknown> {
  const me = self();
  for (let i = 0; i < 3; i++) spawn(function* (to: Pid, n: number) { yield* yieldNow(); send(to, n); }, me, i);
  for (let i = 0; i < 3; i++) yield* receive();
}

describe('checkDeterminism', () => {
  it('a deterministic program passes for every seed', () => {
    expect(checkDeterminism(ping, { seeds: 20 })).toEqual({ ok: true, runs: 20 });
    expect(checkDeterminism(ping, { seeds: ['a', 'b'], options: { strategy: 'pct' } })).toEqual({ ok: true, runs: 2 });
  });

  it('a program that depends on state outside the simulation is caught, with the first differing event', () => {
    let runs = 0;
    const leaky = function* () {
      runs++;
      send(self(), runs % 2 === 0 ? 'even' : 'odd');
      yield* receive();
    };
    const r = checkDeterminism(leaky, { seeds: [7] });
    expect(r.ok).toBe(false);
    expect(r.difference!.seed).toBe(7);
    expect(r.difference!.first).toContain("'odd'");
    expect(r.difference!.second).toContain("'even'");
    expect(r.difference!.index).toBe(1);
  });

  it('a difference only in length is reported at the end of the shorter trace', () => {
    let runs = 0;
    const grows = function* () {
      runs++;
      for (let i = 0; i < runs; i++) send(self(), i);
    };
    const r = checkDeterminism(grows, { seeds: 1 });
    expect(r.ok).toBe(false);
    expect(r.difference!.second).toContain('send');
    expect(r.difference!.first).toContain('exit');
  });

  it('fresh builds a new main for each run', () => {
    let built = 0;
    const r = checkDeterminism(() => {
      built++;
      return ping;
    }, { seeds: 3, fresh: true });
    expect(r.ok).toBe(true);
    expect(built).toBe(6);
  });
});
