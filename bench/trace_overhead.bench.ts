/**
 * trace_overhead: the ring bench (1,000 processes, 1,000,000 hops) with full trace recording
 * against none. After a warm-up of each, five pairs, each an untraced run then a traced one;
 * `slowdown` is the median of the five traced/untraced ratios. A pair runs within a second or
 * two, so both of its runs see the same machine: on a shared box whose speed swings by 2× over
 * seconds, the ratio of medians of separate runs swung from 1.5 to 2.7 between sittings.
 */
import { emit, median, note } from './lib.js';
import { RING_HOPS, RING_N, ringOnce } from './ring.bench.js';

const PAIRS = 5;

export default function traceOverhead(): void {
  ringOnce(false);
  ringOnce(true);
  const off: number[] = [];
  const on: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    off.push(ringOnce(false));
    on.push(ringOnce(true));
    ratios.push(on[i]! / off[i]!);
  }
  const [a, b] = [median(off), median(on)];
  note(`trace_overhead: ${(b * 1000).toFixed(1)} ms traced, ${(a * 1000).toFixed(1)} ms untraced (medians); pair ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
  emit('trace_overhead', 'slowdown', median(ratios), 'x', { n: RING_N, hops: RING_HOPS, strategy: 'random', pairs: PAIRS, traced_s: b, untraced_s: a, ratio_of_medians: Number((b / a).toFixed(3)) });
}
