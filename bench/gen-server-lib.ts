/**
 * The counter server the gen_server benches drive (peer: b_gs): `['echo', k]` replies `k`,
 * `'get'` replies the count, the cast `'inc'` counts.
 */
import { GenServer } from '../src/index.js';

export const N = 1_000_000;

export const Counter = GenServer.define<number, ['echo', number] | 'get', 'inc', number, number>({
  name: 'b_gs',
  init: (c) => ['ok', c],
  handleCall: (req, _from, c) => (req === 'get' ? ['reply', c, c] : ['reply', req[1], c]),
  handleCast: (_msg, c) => ['noreply', c + 1],
  handleInfo: (_msg, c) => ['noreply', c],
});
