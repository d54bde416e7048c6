/**
 * Timers of the erlang module (TMR-1..4) and the node's clocks.
 *
 * Timers run on the host's clock (virtual in the simulator). A timer aimed at a pid is
 * cancelled when that process dies (TMR-2): it sits in the process's list of owned timers,
 * which the runtime walks at death. One aimed at a name resolves it when it fires. The ref a
 * user holds is the timer itself (no table, no closure), so a million timers cost a million
 * small objects and no hashing.
 */
import type { TimerHandle } from '../../host.js';
import { ctx } from '../context.js';
import { badarg, currentProc, currentRuntime } from '../guard.js';
import { Pid, Ref } from '../pid.js';
import type { OwnedTimer, Proc } from '../process.js';
import type { Runtime } from '../runtime.js';
import { copyTerm } from '../term.js';
import { sendFrom } from './signals.js';

/**
 * The ref of a `sendAfter`/`startTimer` timer: an ordinary {@link Ref} to the user, which also
 * carries its timer (in private fields, so it prints and compares as any ref).
 */
class TimerRef extends Ref implements OwnedTimer {
  #rt: Runtime;
  /** The target process when aimed at a pid (undefined: at a name). */
  #owner: Proc | undefined;
  #dest: Pid | string;
  #msg: unknown;
  /** `startTimer`: deliver `['timeout', ref, msg]`. */
  #wrap: boolean;
  /** The clock's timer while armed; null once fired or cancelled. */
  #handle: TimerHandle | null = null;
  #prev: TimerRef | null = null;
  #next: TimerRef | null = null;

  constructor(rt: Runtime, owner: Proc | undefined, dest: Pid | string, msg: unknown, wrap: boolean) {
    super(rt.node, rt.nodeIndex, rt.nextRefSerial());
    this.#rt = rt;
    this.#owner = owner;
    this.#dest = dest;
    this.#msg = msg;
    this.#wrap = wrap;
  }

  /** The armed timer `ref` stands for on node `rt`, or null. */
  static armed(ref: Ref, rt: Runtime): TimerHandle | null {
    if (!(#handle in ref)) return null;
    const t = ref as TimerRef;
    return t.#rt === rt && t.#handle !== null && !t.#handle.done ? t.#handle : null;
  }

  /** Arms it at `at` on the clock; when aimed at a pid, it joins the owner's list. */
  arm(at: number): void {
    const owner = this.#owner;
    this.#handle = this.#rt.host.clock.schedule(at, fireTimer, this.#dest, this);
    if (owner !== undefined) {
      const head = owner.ownedTimers as TimerRef | null;
      this.#next = head;
      if (head !== null) head.#prev = this;
      owner.ownedTimers = this;
    }
  }

  /** Takes it off the clock (when `cancel`) and off its owner's list. */
  disarm(cancel: boolean): void {
    if (cancel && this.#handle !== null) this.#rt.host.clock.cancel(this.#handle);
    this.#handle = null;
    const o = this.#owner;
    if (o === undefined) return;
    const prev = this.#prev;
    const next = this.#next;
    if (prev === null) {
      if (o.ownedTimers === this) o.ownedTimers = next;
    } else {
      prev.#next = next;
    }
    if (next !== null) next.#prev = prev;
    this.#prev = this.#next = null;
  }

  /** @internal Its owner died (TMR-2): cancels it; returns the next timer of the list. */
  ownerDied(): OwnedTimer | null {
    const next = this.#next;
    if (this.#handle !== null) this.#rt.host.clock.cancel(this.#handle);
    this.#handle = null;
    this.#prev = this.#next = null;
    return next;
  }

  fire(): void {
    this.disarm(false);
    const rt = this.#rt;
    const dest = this.#dest;
    const q = dest instanceof Pid ? this.#owner : rt.names.get(dest);
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'timerFire', node: rt.node, pid: q?.pid, ref: this, what: this.#wrap ? 'startTimer' : 'sendAfter' });
    if (q !== undefined && q.alive) rt.deliver(q, this.#wrap ? ['timeout', this, this.#msg] : this.#msg);
  }
}

function fireTimer(t: TimerRef): void {
  t.fire();
}

/** Options of {@link sendAfter} and {@link startTimer}. */
export interface TimerOptions {
  /** `time` is an absolute monotonic time (TMR-1); one already past fires at once. */
  abs?: boolean;
}

function arm(api: string, time: number, dest: Pid | string, msg: unknown, opts: TimerOptions | undefined, wrap: boolean): Ref {
  const rt = currentRuntime(api);
  const now = rt.host.clock.now();
  if (typeof time !== 'number' || !Number.isInteger(time)) return badarg(api, 'time', time, 'an integer');
  // OTP: an unknown option, or abs not a boolean, is badarg.
  const badOpt = ([k, v]: [string, unknown]): boolean => k !== 'abs' || (v !== undefined && typeof v !== 'boolean');
  if (opts !== undefined && (typeof opts !== 'object' || opts === null || Object.entries(opts).some(badOpt))) {
    return badarg(api, 'options', opts, 'an options object { abs?: boolean }');
  }
  const abs = opts?.abs === true;
  const at = abs ? time : now + time;
  // OTP takes any relative time ≥ 0 (the 2^32 − 1 limit is receive's, not a timer's), and an
  // absolute time between the runtime's start and end times: here 0 and 2^53 − 1 ms.
  if (time < 0 || at > Number.MAX_SAFE_INTEGER) return badarg(api, 'time', time, abs ? 'a monotonic time in 0..2^53-1' : 'an integer ≥ 0');
  const isPid = dest instanceof Pid;
  // OTP: a pid of another node is badarg (only local destinations, as for the timer wheel).
  if (isPid ? dest.node !== rt.node : typeof dest !== 'string') return badarg(api, 'dest', dest, 'a local pid or a registered name');
  const owner = isPid ? rt.lookup(dest) : undefined;
  const ref = new TimerRef(rt, owner, dest, rt.copyMessages ? copyTerm(msg) : msg, wrap); // MSG-5: copied when sent
  // TMR-2: aimed at a pid that is gone, it is armed in name only and never fires.
  if (!isPid || (owner !== undefined && owner.alive)) ref.arm(Math.max(at, now));
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'timerSet', node: rt.node, pid: ctx.proc?.pid, ref, at, what: wrap ? 'startTimer' : 'sendAfter' });
  return ref;
}

/**
 * `erlang:send_after(Time, Dest, Msg)`: delivers `msg` after `time` ms; returns the timer ref.
 *
 * @example `const t = sendAfter(500, self(), 'tick'); // 'tick' arrives 500 ms from now`
 */
export function sendAfter(time: number, dest: Pid | string, msg: unknown, opts?: TimerOptions): Ref {
  return arm('sendAfter', time, dest, msg, opts, false);
}

/**
 * `erlang:start_timer(Time, Dest, Msg)`: delivers `['timeout', ref, msg]`; returns `ref`.
 *
 * @example
 * ```ts
 * const t = startTimer(500, self(), 'retry');
 * yield* receive((m) => Array.isArray(m) && m[0] === 'timeout' && m[1] === t); // ['timeout', t, 'retry']
 * ```
 */
export function startTimer(time: number, dest: Pid | string, msg: unknown, opts?: TimerOptions): Ref {
  return arm('startTimer', time, dest, msg, opts, true);
}

function remaining(api: string, ref: Ref, cancel: boolean): number | false {
  const rt = currentRuntime(api);
  if (!(ref instanceof Ref)) return badarg(api, 'ref', ref, 'a timer reference');
  const h = TimerRef.armed(ref, rt);
  if (h === null) return false;
  const left = Math.max(0, h.time - rt.host.clock.now());
  if (cancel) {
    (ref as TimerRef).disarm(true);
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'timerCancel', node: rt.node, pid: ctx.proc?.pid, ref });
  }
  return left;
}

/** Options of {@link cancelTimer} and {@link readTimer} (`erlang:cancel_timer/2`, `read_timer/2`). */
export interface TimerResultOptions {
  /** Return `'ok'` and send the result as a message (`['cancel_timer', ref, r]`, `['read_timer', ref, r]`). */
  async?: boolean;
  /** `cancelTimer` only: false gives no result at all (`'ok'`, no message). */
  info?: boolean;
}

/**
 * Applies the `async` and `info` options to a result: returned, sent to the caller as
 * `[tag, ref, result]`, or dropped. Bad options are badarg, before anything is done.
 */
function answer(api: string, tag: string, ref: Ref, opts: TimerResultOptions | undefined, allowed: readonly string[], get: () => number | false): number | false | 'ok' {
  if (opts === undefined) return get();
  if (typeof opts !== 'object' || opts === null || Object.entries(opts).some(([k, v]) => !allowed.includes(k) || typeof v !== 'boolean')) {
    return badarg(api, 'options', opts, `an object of booleans ${allowed.join(', ')}`);
  }
  const r = get();
  if (opts.info === false) return 'ok';
  if (opts.async !== true) return r;
  const p = currentProc(api); // the result goes to the caller: there must be one
  sendFrom(currentRuntime(api), p, p.pid, [tag, ref, r]);
  return 'ok';
}

/**
 * `erlang:cancel_timer`: the ms that were left, or false if it already fired or is unknown
 * (TMR-3). With `{ async: true }` it returns `'ok'` and the caller gets `['cancel_timer', ref,
 * result]`; with `{ info: false }`, `'ok'` and no result.
 * @example `cancelTimer(t, { async: true, info: true })`
 */
export function cancelTimer(ref: Ref): number | false;
export function cancelTimer(ref: Ref, opts: TimerResultOptions): number | false | 'ok';
export function cancelTimer(ref: Ref, opts?: TimerResultOptions): number | false | 'ok' {
  return answer('cancelTimer', 'cancel_timer', ref, opts, ['async', 'info'], () => remaining('cancelTimer', ref, true));
}

/**
 * `erlang:read_timer`: the ms left, or false (TMR-3). With `{ async: true }` it returns `'ok'`
 * and the caller gets `['read_timer', ref, result]`.
 *
 * @example `const t = sendAfter(500, self(), 'tick'); readTimer(t) // 500; false once fired`
 */
export function readTimer(ref: Ref): number | false;
export function readTimer(ref: Ref, opts: Pick<TimerResultOptions, 'async'>): number | false | 'ok';
export function readTimer(ref: Ref, opts?: Pick<TimerResultOptions, 'async'>): number | false | 'ok' {
  return answer('readTimer', 'read_timer', ref, opts, ['async'], () => remaining('readTimer', ref, false));
}

/**
 * Monotonic time of the node, in ms (virtual in the simulator).
 *
 * @example `const t0 = monotonicTime(); yield* timer.sleep(50); monotonicTime() - t0 // 50`
 */
export function monotonicTime(): number {
  return currentRuntime('monotonicTime').host.clock.now();
}

/**
 * System time of the node, in ms since the epoch (virtual, possibly skewed, in the simulator).
 *
 * @example `const stamp = systemTime(); // ms since 1970, by this node's clock`
 */
export function systemTime(): number {
  return currentRuntime('systemTime').host.clock.systemTime();
}
