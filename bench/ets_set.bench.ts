/** `ets_set`: 1M inserts then 1M lookups of `[K, K]` on a `set`, keys shuffled (BENCH.md). */
import { insertLookupBench } from './ets-lib.js';

export default function etsSet(): void {
  insertLookupBench('ets_set', 'set');
}
