/**
 * The network-fault model (after turmoil's per-direction link state): a pure table of
 * directed links between nodes, changed by partition and heal faults. An explicit partition
 * is never healed by a random heal; an explicit heal heals both kinds. The Distribution layer
 * drives this table; until then it is exercised on its own and by the plan validator.
 */
import type { NetworkFault, PartitionOrigin } from './plan.js';

/** The state of one direction of one link. */
export type LinkState = 'healthy' | 'explicitPartition' | 'randomPartition';

/**
 * Directed link states, keyed `from→to`; absent means healthy.
 *
 * @example
 * ```ts
 * const t = new LinkTable();
 * t.apply({ kind: 'partition', from: ['a'], to: ['b'], oneWay: true, atMs: 0 });
 * [t.connected('a', 'b'), t.connected('b', 'a')]; // [false, true]
 * ```
 */
export class LinkTable {
  private readonly cut = new Map<string, Exclude<LinkState, 'healthy'>>();

  state(from: string, to: string): LinkState {
    return this.cut.get(`${from}→${to}`) ?? 'healthy';
  }

  /** True when messages from `from` reach `to`. */
  connected(from: string, to: string): boolean {
    return !this.cut.has(`${from}→${to}`);
  }

  partition(from: string, to: string, origin: PartitionOrigin): void {
    const key = `${from}→${to}`;
    if (origin === 'random' && this.cut.get(key) === 'explicitPartition') return; // keep the stronger one
    this.cut.set(key, origin === 'explicit' ? 'explicitPartition' : 'randomPartition');
  }

  heal(from: string, to: string, origin: PartitionOrigin): void {
    const key = `${from}→${to}`;
    if (origin === 'random' && this.cut.get(key) === 'explicitPartition') return;
    this.cut.delete(key);
  }

  /** Applies a partition or heal fault (other kinds leave the table alone). */
  apply(f: NetworkFault): void {
    if (f.kind !== 'partition' && f.kind !== 'heal') return;
    const origin = f.origin ?? 'explicit';
    const op = f.kind === 'partition' ? this.partition.bind(this) : this.heal.bind(this);
    for (const a of f.from) {
      for (const b of f.to) {
        if (a === b) continue;
        op(a, b, origin);
        if (f.kind === 'heal' || !f.oneWay) op(b, a, origin);
      }
    }
  }

  /** Cut directions, sorted, as `from→to (explicit|random)`. */
  describe(): string[] {
    return [...this.cut].map(([k, v]) => `${k} (${v === 'explicitPartition' ? 'explicit' : 'random'})`).sort();
  }
}
