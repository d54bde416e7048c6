/** `ets_ordered_set`: 1M inserts then 1M lookups of `[K, K]` on an `ordered_set` (BENCH.md). */
import { insertLookupBench } from './ets-lib.js';

export default function etsOrderedSet(): void {
  insertLookupBench('ets_ordered_set', 'ordered_set');
}
