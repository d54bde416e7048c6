/**
 * A table: its identity, options, owner and heir, and its storage; and the parsing of the
 * options of `ets.new` (ETS-1, ETS-2), spelled as OTP spells them:
 *
 * ```ts
 * ets.new('users', ['ordered_set', 'public', 'named_table', ['keypos', 2], ['heir', pid, 'data'],
 *                   ['read_concurrency', true], ['write_concurrency', 'auto'], ['decentralized_counters', true], 'compressed'])
 * ```
 *
 * Defaults: `set`, `protected`, `['keypos', 1]`, `['heir', 'none']`. When an option is given
 * twice, the last one wins (as in OTP). The concurrency options and `compressed` are checked
 * and recorded (`info` reports them) but change nothing in a one-threaded runtime.
 */
import { Pid, type Ref } from '../core/pid.js';
import type { Runtime } from '../core/runtime.js';
import { BagStorage } from './storage/bag.js';
import { OrderedSetStorage } from './storage/ordered-set.js';
import { SetStorage } from './storage/set.js';
import type { Storage } from './storage/storage.js';

export type TableType = 'set' | 'ordered_set' | 'bag' | 'duplicate_bag';
export type Protection = 'public' | 'protected' | 'private';

/** What `ets.new` returns and every call takes: the table's name (named tables) or its tid. */
export type Tab = Ref | string;

/** One option of `ets.new`. */
export type EtsOption =
  | TableType
  | Protection
  | 'named_table'
  | 'compressed'
  | readonly ['keypos', number]
  | readonly ['heir', Pid, unknown]
  | readonly ['heir', 'none']
  | readonly ['read_concurrency', boolean]
  | readonly ['write_concurrency', boolean | 'auto']
  | readonly ['decentralized_counters', boolean];

/** The options as parsed. */
export interface TableOptions {
  type: TableType;
  protection: Protection;
  named: boolean;
  keypos: number;
  heir: Pid | 'none';
  heirData: unknown;
  readConcurrency: boolean;
  writeConcurrency: boolean | 'auto';
  /** As given: `undefined` when the option was not given. */
  decentralizedCounters: boolean | undefined;
  /** What `decentralized_counters` defaults to: true once `ordered_set` or `['write_concurrency', 'auto']` was seen (OTP 25). */
  decentralizedDefault: boolean;
  compressed: boolean;
}

/**
 * `info(T, 'decentralized_counters')`, the value OTP 25 uses rather than the option: only a
 * fine-locked table (write_concurrency true or auto, not private) has decentralized counters;
 * then the option decides, or else the default (ordered_set or write_concurrency auto).
 */
export function effectiveDecentralizedCounters(o: TableOptions): boolean {
  const fineLocked = o.writeConcurrency !== false && o.protection !== 'private';
  return fineLocked && (o.decentralizedCounters ?? o.decentralizedDefault);
}

const TYPES: readonly string[] = ['set', 'ordered_set', 'bag', 'duplicate_bag'];
export const PROTECTIONS: readonly string[] = ['public', 'protected', 'private'];

/** Parses `ets.new` options; returns the name of the first bad option as a string instead. */
export function parseOptions(options: unknown): TableOptions | string {
  const o: TableOptions = {
    type: 'set', protection: 'protected', named: false, keypos: 1, heir: 'none', heirData: undefined,
    readConcurrency: false, writeConcurrency: false, decentralizedCounters: undefined, decentralizedDefault: false, compressed: false,
  };
  if (!Array.isArray(options)) return 'options';
  for (const opt of options as unknown[]) {
    if (typeof opt === 'string') {
      if (TYPES.includes(opt)) {
        o.type = opt as TableType;
        if (opt === 'ordered_set') o.decentralizedDefault = true; // kept even if another type follows (OTP 25)
      }
      else if (PROTECTIONS.includes(opt)) o.protection = opt as Protection;
      else if (opt === 'named_table') o.named = true;
      else if (opt === 'compressed') o.compressed = true;
      else return String(opt);
      continue;
    }
    if (!Array.isArray(opt) || !parseTupleOption(o, opt)) return 'options';
  }
  return o;
}

function parseTupleOption(o: TableOptions, opt: readonly unknown[]): boolean {
  const [name, a, b] = opt;
  switch (name) {
    case 'keypos':
      if (opt.length !== 2 || typeof a !== 'number' || !Number.isInteger(a) || a < 1) return false;
      o.keypos = a;
      return true;
    case 'heir':
      if (opt.length === 2 && a === 'none') {
        o.heir = 'none';
        o.heirData = undefined;
        return true;
      }
      if (opt.length !== 3 || !(a instanceof Pid)) return false;
      o.heir = a;
      o.heirData = b;
      return true;
    case 'read_concurrency':
      if (opt.length !== 2 || typeof a !== 'boolean') return false;
      o.readConcurrency = a;
      return true;
    case 'write_concurrency':
      if (opt.length !== 2 || (typeof a !== 'boolean' && a !== 'auto')) return false;
      o.writeConcurrency = a;
      if (a === 'auto') o.decentralizedDefault = true;
      return true;
    case 'decentralized_counters':
      if (opt.length !== 2 || typeof a !== 'boolean') return false;
      o.decentralizedCounters = a;
      return true;
    default:
      return false;
  }
}

function makeStorage(type: TableType, keypos: number): Storage {
  switch (type) {
    case 'set':
      return new SetStorage(keypos);
    case 'ordered_set':
      return new OrderedSetStorage(keypos);
    case 'bag':
      return new BagStorage(keypos, false);
    case 'duplicate_bag':
      return new BagStorage(keypos, true);
  }
}

/** @internal One live (or deleted) table. */
export class Table {
  readonly store: Storage;
  readonly type: TableType;
  readonly keypos: number;
  /** True for `set` and `ordered_set` (one object per key). */
  readonly setLike: boolean;
  protection: Protection;
  owner: Pid;
  heir: Pid | 'none';
  heirData: unknown;
  alive = true;
  /** safe_fixtable counts per process (ETS-18), allocated on first use. */
  fixations: Map<Pid, number> | null = null;
  /** Monotonic time (ms) of the last change from unfixed to fixed (`info(T, 'safe_fixed_monotonic_time')`). */
  fixedAt = 0;
  /** System time (ms since the epoch) of that change (`info(T, 'safe_fixed')`). */
  fixedAtSystem = 0;

  constructor(
    /** The node the table lives on. */
    readonly rt: Runtime,
    readonly tid: Ref,
    public name: string,
    owner: Pid,
    readonly options: TableOptions,
  ) {
    this.type = options.type;
    this.keypos = options.keypos;
    this.setLike = options.type === 'set' || options.type === 'ordered_set';
    this.protection = options.protection;
    this.owner = owner;
    this.heir = options.heir;
    this.heirData = options.heirData;
    this.store = makeStorage(options.type, options.keypos);
  }

  get named(): boolean {
    return this.options.named;
  }

  /** How the table is named to users: its name if named, else its tid (ETS-13). */
  get handle(): Tab {
    return this.options.named ? this.name : this.tid;
  }

  /** The key of a stored or given object. */
  keyOf(obj: readonly unknown[]): unknown {
    return obj[this.keypos - 1];
  }
}
