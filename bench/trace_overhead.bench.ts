/**
 * trace_overhead: the ring bench (1,000 processes, 1,000,000 hops) with full trace recording
 * against none; `slowdown` = traced time / untraced time (medians). The two alternate, so
 * both see the same machine.
 */
import { emit, median, note } from './lib.js';
import { RING_HOPS, RING_N, ringOnce } from './ring.bench.js';

export default function traceOverhead(): void {
  ringOnce(false);
  ringOnce(true);
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < 3; i++) {
    off.push(ringOnce(false));
    on.push(ringOnce(true));
  }
  const [a, b] = [median(off), median(on)];
  note(`trace_overhead: ${(b * 1000).toFixed(1)} ms traced, ${(a * 1000).toFixed(1)} ms untraced`);
  emit('trace_overhead', 'slowdown', b / a, 'x', { n: RING_N, hops: RING_HOPS, strategy: 'random', traced_s: b, untraced_s: a });
}
