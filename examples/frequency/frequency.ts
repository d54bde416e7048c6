/**
 * The frequency allocation server of *Designing for Scalability with Erlang/OTP* (ch. 3–4),
 * as a gen_server: a base station hands out radio frequencies to phones.
 *
 * - `allocate()` → `['ok', freq]`, `['error', 'no_frequency']` when none is free, or
 *   `['error', 'limit_reached']` when the caller already holds `limit` frequencies.
 * - `deallocate(freq)` → `'ok'`, or `['error', 'not_allocated']` for a frequency the caller
 *   does not hold (unknown, free, or another client's).
 * - A client that dies gives its frequencies back (the server monitors its clients).
 *
 * @example
 * ```ts
 * yield* Frequency.start({ frequencies: [10, 11, 12], limit: 2 });
 * const r = yield* Frequency.allocate(); // ['ok', 10]
 * yield* Frequency.deallocate(10);       // 'ok'
 * ```
 */
import {
  demonitor, GenServer, monitor, type From, type Op, type Pid, type Ref, type ServerPid, type StartResult,
} from '../../src/index.js';

/** The server's state: free frequencies (in hand-out order) and who holds what. */
export interface FreqState {
  free: number[];
  /** freq → holder */
  allocated: Map<number, Pid>;
  /** holder → its monitor */
  clients: Map<Pid, Ref>;
  limit: number;
}

export type FreqCall = 'allocate' | ['deallocate', number] | 'state';
export type FreqReply = readonly ['ok', number] | readonly ['error', 'no_frequency' | 'limit_reached' | 'not_allocated'] | 'ok' | FreqSnapshot;
/** What `state` answers: free list and `[freq, holder]` pairs sorted by frequency. */
export interface FreqSnapshot {
  free: number[];
  allocated: [number, Pid][];
}

export interface FreqArgs {
  frequencies: number[];
  /** Most frequencies one client may hold (default 3). */
  limit?: number;
}

/** The server's registered name. */
export const NAME = 'frequency';

function held(s: FreqState, pid: Pid): number {
  let n = 0;
  for (const holder of s.allocated.values()) if (holder === pid) n++;
  return n;
}

function take(s: FreqState, pid: Pid): [FreqReply, FreqState] {
  if (s.free.length === 0) return [['error', 'no_frequency'], s];
  if (held(s, pid) >= s.limit) return [['error', 'limit_reached'], s];
  const [freq, ...rest] = s.free;
  const allocated = new Map(s.allocated).set(freq!, pid);
  const clients = s.clients.has(pid) ? s.clients : new Map(s.clients).set(pid, monitor('process', pid));
  return [['ok', freq!], { ...s, free: rest, allocated, clients }];
}

/** Frees `freqs`; drops the client's monitor when it holds nothing any more. */
function release(s: FreqState, pid: Pid, freqs: number[]): FreqState {
  const allocated = new Map(s.allocated);
  for (const f of freqs) allocated.delete(f);
  const next = { ...s, free: [...s.free, ...freqs], allocated };
  if (held(next, pid) === 0 && s.clients.has(pid)) {
    demonitor(s.clients.get(pid)!, { flush: true });
    const clients = new Map(s.clients);
    clients.delete(pid);
    return { ...next, clients };
  }
  return next;
}

/** The callback module. */
export const FrequencyServer = GenServer.define<FreqState, FreqCall, 'stop', FreqReply, FreqArgs>({
  name: 'frequency',
  init: ({ frequencies, limit = 3 }) => ['ok', { free: [...frequencies], allocated: new Map(), clients: new Map(), limit }],

  handleCall(req, from: From<FreqReply>, s) {
    const pid = from[0];
    if (req === 'allocate') {
      const [reply, next] = take(s, pid);
      return ['reply', reply, next];
    }
    if (req === 'state') {
      const allocated = [...s.allocated.entries()].sort((a, b) => a[0] - b[0]);
      return ['reply', { free: [...s.free], allocated }, s];
    }
    const freq = req[1];
    if (s.allocated.get(freq) !== pid) return ['reply', ['error', 'not_allocated'], s];
    return ['reply', 'ok', release(s, pid, [freq])];
  },

  handleCast: (_stop, s) => ['stop', 'normal', s],

  handleInfo(msg, s) {
    // A client died: its frequencies go back to the pool.
    if (Array.isArray(msg) && msg[0] === 'DOWN' && s.clients.get(msg[3] as Pid) === msg[1]) {
      const pid = msg[3] as Pid;
      const mine = [...s.allocated.entries()].filter(([, h]) => h === pid).map(([f]) => f);
      const clients = new Map(s.clients);
      clients.delete(pid);
      return ['noreply', release({ ...s, clients }, pid, mine)];
    }
    return ['noreply', s];
  },
});

const ref = GenServer.ref(FrequencyServer, NAME);

/** Starts the server linked to the caller, registered as {@link NAME}. */
export function start(args: FreqArgs): Op<StartResult<ServerPid<FreqCall, 'stop', FreqReply>>> {
  return GenServer.startLink(FrequencyServer, args, { name: NAME });
}

/** Stops the server (asynchronously, as in the book). */
export function stop(): 'ok' {
  return GenServer.cast(ref, 'stop');
}

/** Asks for a frequency. */
export function allocate(): Op<FreqReply> {
  return GenServer.call(ref, 'allocate');
}

/** Gives a frequency back. */
export function deallocate(freq: number): Op<FreqReply> {
  return GenServer.call(ref, ['deallocate', freq]);
}

/** The free list and the allocations. */
export function* snapshot(): Op<FreqSnapshot> {
  return (yield* GenServer.call(ref, 'state')) as FreqSnapshot;
}
