/**
 * Creating and inspecting processes: PROC rules, `process_flag`, `process_info` and the
 * process dictionary.
 */
import { badarg, callerProc, currentProc, currentRuntime } from '../guard.js';
import { Pid, Ref } from '../pid.js';
import { PRIORITIES, type Proc, type SpawnOptions } from '../process.js';
import { isGeneratorFunction, type Runtime } from '../runtime.js';
import { termEquals, type Term } from '../term.js';
import { termKey } from '../term-key.js';
import { addLink, addMonitor, checkMonitorOptions, type MonitorOptions } from './signals.js';

/** A process body: a generator function. */
export type ProcessBody<A extends unknown[] = unknown[]> = (...args: A) => Generator<unknown, unknown, unknown>;

const OPTION_KEYS = new Set(['link', 'monitor', 'priority', 'min_heap_size', 'min_bin_vheap_size', 'fullsweep_after', 'max_heap_size',
  'message_queue_data']);

function isNonNegInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** ERTS's heap sizes in words (erl_gc.c): Fibonacci + 1 from 12, 38 for 23 steps, then +20% a step. */
const HEAP_SIZES = ((): number[] => {
  const h = [12, 38];
  for (let i = 2; i < 23; i++) h.push(h[i - 1]! + h[i - 2]! + 1);
  while (h[h.length - 1]! < Number.MAX_SAFE_INTEGER / 1.2) h.push(h[h.length - 1]! + Math.floor(h[h.length - 1]! / 5));
  return h;
})();
/** The default (and least) `min_heap_size` and `min_bin_vheap_size`, in words, as OTP 25 reports them. */
const MIN_HEAP = 233;
const MIN_BIN_VHEAP = 46422;

/** What ERTS makes of a requested min heap size: `floor` below it, else the next heap size (undefined: too big). */
function heapSize(n: number, floor: number): number | undefined {
  return n < floor ? floor : HEAP_SIZES.find((s) => s >= n);
}

/** A `max_heap_size` as OTP 25 stores it, or undefined when malformed. */
interface MaxHeap { size: number; kill: boolean; error_logger: boolean }

/** An integer or `{ size, kill?, error_logger? }` (other keys are ignored, as OTP 25 does); undefined when bad. */
function maxHeapOf(v: unknown): MaxHeap | undefined {
  if (isNonNegInt(v)) return { size: v, kill: true, error_logger: true };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const { size, kill = true, error_logger = true } = v as Record<string, unknown>;
  if (!isNonNegInt(size) || typeof kill !== 'boolean' || typeof error_logger !== 'boolean') return undefined;
  return { size, kill, error_logger };
}

/** Validates spawn options (PROC-4); `badarg` (or a typed error outside a process) names the bad one. */
export function checkSpawnOptions(fn: string, o: SpawnOptions): void {
  if (typeof o !== 'object' || o === null) badarg(fn, 'options', o, 'an options object');
  for (const k of Object.keys(o)) if (!OPTION_KEYS.has(k)) badarg(fn, `options.${k}`, (o as Record<string, unknown>)[k], 'a known spawn option');
  if (o.link !== undefined && typeof o.link !== 'boolean') badarg(fn, 'options.link', o.link, 'a boolean');
  if (o.monitor !== undefined && typeof o.monitor !== 'boolean' && (typeof o.monitor !== 'object' || o.monitor === null)) {
    badarg(fn, 'options.monitor', o.monitor, 'a boolean or monitor options');
  }
  if (typeof o.monitor === 'object') checkMonitorOptions(o.monitor as MonitorOptions, fn, 'options.monitor');
  if (o.priority !== undefined && !PRIORITIES.includes(o.priority)) badarg(fn, 'options.priority', o.priority, 'low, normal, high or max');
  for (const k of ['min_heap_size', 'min_bin_vheap_size', 'fullsweep_after'] as const) {
    if (o[k] !== undefined && !isNonNegInt(o[k])) badarg(fn, `options.${k}`, o[k], 'a non-negative integer');
  }
  const min = heapSize(o.min_heap_size ?? 0, MIN_HEAP);
  if (min === undefined) badarg(fn, 'options.min_heap_size', o.min_heap_size, 'a heap size the runtime can have');
  const mh = o.max_heap_size;
  if (mh !== undefined) {
    const m = maxHeapOf(mh);
    if (m === undefined) badarg(fn, 'options.max_heap_size', mh, 'a non-negative integer or { size, kill?, error_logger? } (booleans)');
    // OTP: a limit (0 is none) below the min heap size (233 words by default) is badarg.
    if (m.size !== 0 && m.size < min) badarg(fn, 'options.max_heap_size', mh, `0 or at least the min heap size (${min} words)`);
  }
  if (o.message_queue_data !== undefined && o.message_queue_data !== 'on_heap' && o.message_queue_data !== 'off_heap') {
    badarg(fn, 'options.message_queue_data', o.message_queue_data, 'on_heap or off_heap');
  }
}

/** @internal Spawns on `rt` with `parent` (null from the host), link and monitor set up atomically (PROC-3). */
export function spawnWith(
  rt: Runtime, parent: Proc | null, fn: unknown, args: readonly unknown[], opts: SpawnOptions | null, api: string, label?: string,
): [Proc, Ref | undefined] {
  if (!isGeneratorFunction(fn)) return badarg(api, 'fn', fn, 'a generator function (function*)');
  if (opts !== null) checkSpawnOptions(api, opts);
  if ((opts?.link || opts?.monitor) && parent === null) badarg(api, 'options', opts, 'link or monitor only from inside a process');
  const p = rt.spawnProc(fn, args, parent, opts, label);
  if (opts?.link) addLink(rt, parent!, p);
  let ref: Ref | undefined;
  if (opts?.monitor) ref = addMonitor(rt, parent!, p, p.pid, typeof opts.monitor === 'object' ? (opts.monitor as MonitorOptions) : undefined);
  return [p, ref];
}

/**
 * Starts a new process running `fn(...args)` and returns its pid at once (PROC-1).
 *
 * @example
 * ```ts
 * const pid = spawn(function* () { const m = yield* receive(); send(m as Pid, 'hi'); });
 * ```
 */
export function spawn<A extends unknown[]>(fn: ProcessBody<A>, ...args: A): Pid {
  return spawnWith(currentRuntime('spawn'), callerProc(), fn, args, null, 'spawn')[0].pid;
}

/**
 * Spawns and links atomically (PROC-3).
 *
 * @example
 * ```ts
 * processFlag('trap_exit', true);
 * const pid = spawnLink(worker, 42);
 * const [, from, reason] = (yield* receive((m) => Array.isArray(m) && m[0] === 'EXIT')) as ['EXIT', Pid, Term];
 * ```
 */
export function spawnLink<A extends unknown[]>(fn: ProcessBody<A>, ...args: A): Pid {
  return spawnWith(currentRuntime('spawnLink'), currentProc('spawnLink'), fn, args, { link: true }, 'spawnLink')[0].pid;
}

/**
 * Spawns and monitors atomically; returns `[pid, ref]` (PROC-3).
 *
 * @example
 * ```ts
 * const [pid, ref] = spawnMonitor(worker);
 * const down = yield* receive((m) => Array.isArray(m) && m[1] === ref); // ['DOWN', ref, 'process', pid, reason]
 * ```
 */
export function spawnMonitor<A extends unknown[]>(fn: ProcessBody<A>, ...args: A): [Pid, Ref] {
  const [p, ref] = spawnWith(currentRuntime('spawnMonitor'), currentProc('spawnMonitor'), fn, args, { monitor: true }, 'spawnMonitor');
  return [p.pid, ref!];
}

/**
 * Spawns with options (PROC-4); returns `[pid, ref]` when `monitor` is set, else the pid.
 *
 * @example `const [pid, ref] = spawnOpt(worker, { monitor: true, priority: 'high' }, arg)`
 */
export function spawnOpt<A extends unknown[]>(fn: ProcessBody<A>, opts: SpawnOptions & { monitor: true | object }, ...args: A): [Pid, Ref];
export function spawnOpt<A extends unknown[]>(fn: ProcessBody<A>, opts: SpawnOptions, ...args: A): Pid;
export function spawnOpt<A extends unknown[]>(fn: ProcessBody<A>, opts: SpawnOptions, ...args: A): Pid | [Pid, Ref] {
  if (typeof opts !== 'object' || opts === null) badarg('spawnOpt', 'options', opts, 'an options object');
  const [p, ref] = spawnWith(currentRuntime('spawnOpt'), callerProc(), fn, args, opts, 'spawnOpt');
  return ref === undefined ? p.pid : [p.pid, ref];
}

/** The pid of the calling process. @example `send(server, ['ping', self()])` */
export function self(): Pid {
  return currentProc('self').pid;
}

/** A fresh unique reference. @example `const ref = makeRef(); send(server, ['get', ref, self()]);` */
export function makeRef(): Ref {
  return currentRuntime('makeRef').makeRef();
}

/**
 * The name of the caller's node (`node()`), or of the node of a pid or a reference (`node/1`).
 * @example `node() // 'nonode@nohost'; node(pid); node(makeRef())`
 */
export function node(of?: Pid | Ref): string {
  if (of !== undefined) return of instanceof Pid || of instanceof Ref ? of.node : badarg('node', 'pid', of, 'a pid or a reference');
  return currentRuntime('node').node;
}

/** The flags `processFlag` takes besides `trap_exit` and `priority`; all but the last two are spawn options too. */
type OtherFlag = 'min_heap_size' | 'min_bin_vheap_size' | 'fullsweep_after' | 'max_heap_size' | 'message_queue_data' | 'sensitive' | 'save_calls';
const OTHER_FLAGS: readonly string[] = ['min_heap_size', 'min_bin_vheap_size', 'fullsweep_after', 'max_heap_size', 'message_queue_data', 'sensitive', 'save_calls'];

/** A flag's value as OTP 25 reports it: from the spawn options as recorded (and updated by `processFlag`), or the default. */
function flagValue(p: Proc, flag: OtherFlag): unknown {
  const o = p.options;
  switch (flag) {
    case 'min_heap_size': return heapSize(o?.min_heap_size ?? 0, MIN_HEAP);
    case 'min_bin_vheap_size': return heapSize(o?.min_bin_vheap_size ?? 0, MIN_BIN_VHEAP);
    case 'fullsweep_after': return o?.fullsweep_after ?? 65535;
    case 'max_heap_size': return maxHeapOf(o?.max_heap_size ?? 0);
    case 'message_queue_data': return o?.message_queue_data ?? 'on_heap';
    case 'sensitive': return (p.ext?.flags as Record<string, unknown> | undefined)?.sensitive ?? false;
    case 'save_calls': return (p.ext?.flags as Record<string, unknown> | undefined)?.save_calls ?? 0;
  }
}

/** The value `v` becomes as the flag's new value, or undefined where OTP 25 raises badarg. */
function flagInput(p: Proc, flag: OtherFlag, v: unknown): unknown {
  switch (flag) {
    case 'min_heap_size': return isNonNegInt(v) ? heapSize(v, MIN_HEAP) : undefined;
    case 'min_bin_vheap_size': return isNonNegInt(v) ? heapSize(v, MIN_BIN_VHEAP) : undefined;
    case 'fullsweep_after': return isNonNegInt(v) ? v : undefined;
    case 'max_heap_size': { // a limit below the min heap size is badarg; 0 is none
      const m = maxHeapOf(v);
      return m !== undefined && (m.size === 0 || m.size >= (flagValue(p, 'min_heap_size') as number)) ? m : undefined;
    }
    case 'message_queue_data': return v === 'on_heap' || v === 'off_heap' ? v : undefined;
    case 'sensitive': return typeof v === 'boolean' ? v : undefined;
    case 'save_calls': return isNonNegInt(v) && v <= 10000 ? v : undefined;
  }
}

/**
 * Sets a process flag and returns the old value (PROC-5): `trap_exit`, `priority`, and as OTP 25
 * `min_heap_size`, `min_bin_vheap_size` (rounded up to a heap size, 233 and 46422 words at
 * least), `max_heap_size` (returned as `{ size, kill, error_logger }`), `fullsweep_after`,
 * `message_queue_data`, `sensitive` and `save_calls` (0..10000). These are only recorded: the
 * spawn options of the same names start them, and the next call returns the new value.
 *
 * @example `processFlag('trap_exit', true); // false; exit signals now come as ['EXIT', from, reason]`
 */
export function processFlag(flag: 'trap_exit' | 'sensitive', value: boolean): boolean;
export function processFlag(flag: 'priority', value: 'low' | 'normal' | 'high' | 'max'): string;
export function processFlag(flag: 'min_heap_size' | 'min_bin_vheap_size' | 'fullsweep_after' | 'save_calls', value: number): number;
export function processFlag(flag: 'max_heap_size', value: number | { size: number; kill?: boolean; error_logger?: boolean }): MaxHeap;
export function processFlag(flag: 'message_queue_data', value: 'on_heap' | 'off_heap'): 'on_heap' | 'off_heap';
export function processFlag(flag: string, value: unknown): unknown {
  const p = currentProc('processFlag');
  if (flag === 'trap_exit') {
    if (typeof value !== 'boolean') return badarg('processFlag', 'value', value, 'a boolean');
    const old = p.trapExit;
    p.trapExit = value;
    return old;
  }
  if (flag === 'priority') {
    const i = PRIORITIES.indexOf(value as never);
    if (i < 0) return badarg('processFlag', 'value', value, 'low, normal, high or max');
    const old = PRIORITIES[p.priority];
    p.priority = i;
    return old;
  }
  if (!OTHER_FLAGS.includes(flag)) return badarg('processFlag', 'flag', flag, `trap_exit, priority, ${OTHER_FLAGS.join(', ')}`);
  const f = flag as OtherFlag;
  const old = flagValue(p, f);
  const v = flagInput(p, f, value);
  if (v === undefined) return badarg('processFlag', 'value', value, `a valid ${flag}`);
  if (f === 'sensitive' || f === 'save_calls') (((p.ext ??= {}).flags ??= {}) as Record<string, unknown>)[f] = v;
  else p.options = { ...p.options, [f]: v }; // what spawnOpt recorded, now updated
  return old;
}

/**
 * True when the local process is alive; an exiting process counts as dead (PROC-6).
 *
 * @example `exit(pid, 'kill'); isProcessAlive(pid) // false`
 */
export function isProcessAlive(pid: Pid): boolean {
  const rt = currentRuntime('isProcessAlive');
  if (!(pid instanceof Pid) || pid.node !== rt.node) return badarg('isProcessAlive', 'pid', pid, 'a local pid');
  return rt.lookup(pid)?.alive ?? false;
}

const STATUS_NAMES = ['runnable', 'waiting', 'running', 'exiting', 'exiting'];

/** The items `processInfo` knows. */
export type InfoItem =
  | 'status' | 'message_queue_len' | 'messages' | 'links' | 'monitors' | 'monitored_by' | 'trap_exit'
  | 'registered_name' | 'dictionary' | 'reductions' | 'priority' | 'current_function';
const ITEMS: InfoItem[] = ['registered_name', 'current_function', 'status', 'message_queue_len', 'messages', 'links',
  'dictionary', 'trap_exit', 'priority', 'reductions', 'monitors', 'monitored_by'];
/** `process_info/1`: OTP 25's default items that are modelled, in its order; `registered_name` only when named. */
const DEFAULT_ITEMS: InfoItem[] = ['current_function', 'status', 'message_queue_len', 'links', 'dictionary', 'trap_exit', 'priority', 'reductions'];

function monitorsOf(p: Proc): unknown[] {
  const out: unknown[] = [];
  for (let m = p.monitors; m !== null; m = m.nextHeld) out.push(['process', m.object]);
  return out;
}

/** The monitoring pids, newest monitor first, as OTP 25 lists them (its list of them, read back to front). */
function monitoredByOf(p: Proc): Pid[] {
  const out: Pid[] = [];
  for (let m = p.monitoredByTail; m !== null; m = m.prevOn) out.push(m.origin.pid);
  return out;
}

function infoValue(p: Proc, item: InfoItem): unknown {
  switch (item) {
    case 'status': return STATUS_NAMES[p.status];
    case 'message_queue_len': return p.mailbox.length;
    case 'messages': return p.mailbox.toArray();
    case 'links': return p.links ? [...p.links] : [];
    case 'monitors': return monitorsOf(p);
    case 'monitored_by': return monitoredByOf(p);
    case 'trap_exit': return p.trapExit;
    case 'registered_name': return p.name ?? [];
    case 'dictionary': return p.dict ? [...p.dict.values()].map(([k, v]) => [k, v]) : [];
    case 'reductions': return p.reductions;
    case 'priority': return PRIORITIES[p.priority];
    case 'current_function': return p.fnName;
  }
}

/**
 * `process_info/1,2`: OTP's default items as `[item, value]` pairs (`registered_name` first,
 * only when the process has a name; never `messages`, `monitors` or `monitored_by`), one item
 * as `[item, value]`, or a list of items as their pairs in that order; `'undefined'` for a dead
 * process. Asked alone, `registered_name` of an unnamed process is `[]`; in a list it is
 * `['registered_name', []]`.
 *
 * @example `processInfo(pid, 'message_queue_len'); processInfo(pid, ['links', 'trap_exit'])`
 */
export function processInfo(pid: Pid): [InfoItem, unknown][] | 'undefined';
export function processInfo(pid: Pid, item: InfoItem): [InfoItem, unknown] | [] | 'undefined';
export function processInfo(pid: Pid, items: readonly InfoItem[]): [InfoItem, unknown][] | 'undefined';
export function processInfo(pid: Pid, item?: InfoItem | readonly InfoItem[]): unknown {
  const rt = currentRuntime('processInfo');
  if (!(pid instanceof Pid) || pid.node !== rt.node) return badarg('processInfo', 'pid', pid, 'a local pid');
  const list = Array.isArray(item);
  for (const i of list ? (item as readonly InfoItem[]) : item === undefined ? [] : [item as InfoItem]) {
    if (!ITEMS.includes(i)) return badarg('processInfo', 'item', i, 'a known info item');
  }
  const p = rt.lookup(pid);
  if (p === undefined || !p.alive) return 'undefined';
  if (item === undefined) {
    const items = p.name === undefined ? DEFAULT_ITEMS : ['registered_name' as const, ...DEFAULT_ITEMS];
    return items.map((i) => [i, infoValue(p, i)]);
  }
  if (list) return (item as readonly InfoItem[]).map((i) => [i, infoValue(p, i)]);
  if (item === 'registered_name' && p.name === undefined) return [];
  return [item, infoValue(p, item as InfoItem)];
}

function dict(p: Proc): Map<unknown, [unknown, unknown]> {
  return (p.dict ??= new Map());
}

/**
 * Process dictionary `put/2`: stores and returns the old value or `'undefined'`.
 *
 * @example `put('count', 1); // 'undefined';  put('count', 2); // 1`
 */
export function put(key: Term, value: Term): unknown {
  const d = dict(currentProc('put'));
  const k = termKey(key);
  const old = d.get(k);
  d.set(k, [key, value]);
  return old === undefined ? 'undefined' : old[1];
}

/**
 * Process dictionary `get/0,1`: the value of `key` or `'undefined'`; with no key, every
 * `[key, value]` pair (in the order the keys were first put: OTP leaves the order open).
 *
 * @example `put('hits', 1); get('hits'); // 1;  get(); // [['hits', 1]]`
 */
export function get(): [Term, Term][];
export function get(key: Term): unknown;
export function get(...args: [] | [Term]): unknown {
  const d = currentProc('get').dict;
  if (args.length === 0) return d ? [...d.values()].map(([k, v]) => [k, v]) : [];
  const e = d?.get(termKey(args[0]));
  return e === undefined ? 'undefined' : e[1];
}

/**
 * Process dictionary `erase/0,1`: removes `key` and returns its value or `'undefined'`; with
 * no key, empties the dictionary and returns what it held, as `get()` would.
 *
 * @example `erase('hits'); // 1`
 */
export function erase(): [Term, Term][];
export function erase(key: Term): unknown;
export function erase(...args: [] | [Term]): unknown {
  const p = currentProc('erase');
  const d = p.dict;
  if (args.length === 0) {
    const all = d ? [...d.values()].map(([k, v]) => [k, v]) : [];
    d?.clear();
    return all;
  }
  const k = termKey(args[0]);
  const e = d?.get(k);
  if (e === undefined) return 'undefined';
  d!.delete(k);
  return e[1];
}

/**
 * Process dictionary `get_keys/0,1`: every key, or with `value` the keys whose value equals
 * it (`=:=`).
 *
 * @example `put('a', 1); put('b', 1); getKeys(1); // ['a', 'b']`
 */
export function getKeys(...args: [] | [Term]): unknown[] {
  const d = currentProc('getKeys').dict;
  if (!d) return [];
  const entries = [...d.values()];
  return (args.length === 0 ? entries : entries.filter((e) => termEquals(e[1] as Term, args[0]))).map((e) => e[0]);
}
