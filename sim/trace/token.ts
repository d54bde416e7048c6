/**
 * The replay token: compact, versioned, URL-safe. `dfs1.<header>.<decisions>` where the
 * header is base64url JSON (seed, strategy, limits, expected outcome and trace hash, and any
 * data a harness attaches, such as a fault plan) and the decisions are base64url varints
 * (step delta, kind, options, choice for each).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

/**
 * The token's version prefix.
 *
 * @example `result.token.startsWith(TOKEN_VERSION + '.') // true: tokens read 'dfs1.…'`
 */
export const TOKEN_VERSION = 'dfs1';

export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64url(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    const len = Math.min(4, s.length - i);
    for (let k = 0; k < 4; k++) {
      const v = k < len ? LOOKUP.get(s[i + k]!) : 0;
      if (v === undefined) throw new TokenError(`invalid character '${s[i + k]}' in token`);
      n = (n << 6) | v;
    }
    out.push((n >> 16) & 255);
    if (len > 2) out.push((n >> 8) & 255);
    if (len > 3) out.push(n & 255);
  }
  return Uint8Array.from(out);
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/**
 * A malformed or unsupported token.
 *
 * @example `expect(() => Simulation.replay('not-a-token', main)).toThrow(TokenError)`
 */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** What a token carries besides the decisions. */
export interface TokenHeader {
  seed: string;
  strategy: { name: string; depth?: number; stepsEstimate?: number };
  stepCostMs: number;
  stepsMax: number;
  timeMaxMs: number;
  outcome?: string;
  traceHash?: string;
  /** Anything a harness needs to rebuild the run (a fault plan, perturbations, a scenario name). */
  extra?: unknown;
}

/**
 * Encodes a header and the flat decisions (step, kind, options, choice for each) as a token,
 * as `result.token` is made.
 *
 * @example `encodeToken({ seed: '7', strategy: { name: 'random' }, stepCostMs: 0, stepsMax: 1000, timeMaxMs: 60_000 }, [3, 0, 2, 1])`
 */
export function encodeToken(header: TokenHeader, decisions: readonly number[]): string {
  const bytes: number[] = [];
  const varint = (v: number): void => {
    while (v >= 128) {
      bytes.push((v & 127) | 128);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
  };
  let last = 0;
  for (let i = 0; i < decisions.length; i += 4) {
    varint(decisions[i]! - last);
    last = decisions[i]!;
    varint(decisions[i + 1]!);
    varint(decisions[i + 2]!);
    varint(decisions[i + 3]!);
  }
  return `${TOKEN_VERSION}.${base64url(utf8.encode(JSON.stringify(header)))}.${base64url(Uint8Array.from(bytes))}`;
}

/**
 * Reads a token back into its header and flat decisions; throws a {@link TokenError} when it is
 * malformed or of another version.
 *
 * @example `const { header, decisions } = decodeToken(result.token); header.seed; // '7'`
 */
export function decodeToken(token: string): { header: TokenHeader; decisions: number[] } {
  if (typeof token !== 'string') throw new TokenError('a token is a string');
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new TokenError('a token has three dot-separated parts');
  if (parts[0] !== TOKEN_VERSION) throw new TokenError(`unsupported token version '${parts[0]}' (this is ${TOKEN_VERSION})`);
  let header: TokenHeader;
  try {
    header = JSON.parse(utf8d.decode(fromBase64url(parts[1]!)));
  } catch (e) {
    throw new TokenError(`unreadable token header: ${(e as Error).message}`);
  }
  if (typeof header?.seed !== 'string' || typeof header.strategy?.name !== 'string') throw new TokenError('token header lacks seed or strategy');
  const bytes = fromBase64url(parts[2]!);
  const values: number[] = [];
  let v = 0;
  let mul = 1;
  for (const b of bytes) {
    v += (b & 127) * mul;
    if (b & 128) mul *= 128;
    else {
      values.push(v);
      v = 0;
      mul = 1;
    }
  }
  if (values.length % 4 !== 0) throw new TokenError('truncated decisions in token');
  let step = 0;
  for (let i = 0; i < values.length; i += 4) {
    step += values[i]!;
    values[i] = step;
  }
  return { header, decisions: values };
}
