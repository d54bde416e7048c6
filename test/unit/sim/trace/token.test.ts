/**
 * The replay token: round trip, versioned, URL-safe, TokenError on junk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, TOKEN_VERSION, TokenError, type TokenHeader } from '../../../../sim/index.js';
import { base64url, fromBase64url } from '../../../../sim/trace/token.js';

const header: TokenHeader = { seed: '7', strategy: { name: 'random' }, stepCostMs: 0, stepsMax: 1000, timeMaxMs: 60_000 };

const decisions = fc.array(
  fc.tuple(fc.nat({ max: 5000 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 300 }), fc.nat({ max: 299 })),
  { maxLength: 60 },
).map((ds) => {
  let step = 0;
  return ds.flatMap(([d, k, n, c]) => {
    step += d;
    return [step, k, n, c % n];
  });
});

describe('token', () => {
  it('round-trips header and decisions; is versioned and URL-safe (property)', () => {
    fc.assert(fc.property(decisions, fc.string(), fc.jsonValue(), (ds, seed, extra) => {
      const h: TokenHeader = { ...header, seed, outcome: 'ok', traceHash: 'abc', extra };
      const t = encodeToken(h, ds);
      expect(t.startsWith(`${TOKEN_VERSION}.`)).toBe(true);
      expect(t).toMatch(/^[A-Za-z0-9_.-]+$/);
      expect(encodeURIComponent(t)).toBe(t);
      const back = decodeToken(t);
      expect(back.decisions).toEqual(ds);
      expect(back.header).toEqual(JSON.parse(JSON.stringify(h)));
    }), { numRuns: 200 });
  });

  it('large step numbers and choices survive the varints', () => {
    const ds = [1, 0, 2, 1, 2 ** 40, 1, 1_000_000, 999_999];
    expect(decodeToken(encodeToken(header, ds)).decisions).toEqual(ds);
  });

  it('surrounding whitespace is ignored', () => {
    expect(decodeToken(`  ${encodeToken(header, [3, 0, 2, 1])}\n`).decisions).toEqual([3, 0, 2, 1]);
  });

  it('junk is a TokenError saying what is wrong', () => {
    const good = encodeToken(header, [3, 0, 2, 1]);
    const [, h, d] = good.split('.');
    const cases: [unknown, RegExp][] = [
      [42, /string/],
      ['', /three/],
      ['dfs1.abc', /three/],
      [`dfs9.${h}.${d}`, /version 'dfs9'/],
      [`dfs1.${h}.${d}!`, /invalid character/],
      [`dfs1.${base64url(new TextEncoder().encode('{not json'))}.${d}`, /unreadable token header/],
      [`dfs1.${base64url(new TextEncoder().encode('{"seed":1}'))}.${d}`, /lacks seed or strategy/],
      [`dfs1.${h}.${base64url(Uint8Array.of(1, 2, 3))}`, /truncated/],
    ];
    for (const [t, msg] of cases) {
      let err: unknown;
      try {
        decodeToken(t as string);
      } catch (e) {
        err = e;
      }
      expect(err, String(t)).toBeInstanceOf(TokenError);
      expect((err as Error).message).toMatch(msg);
    }
  });

  it('base64url round-trips any bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 50 }), (b) => {
      expect([...fromBase64url(base64url(b))]).toEqual([...b]);
    }));
  });
});
