/**
 * Timers of the erlang module (TMR-1..4) and the node's clocks.
 *
 * Timers run on the host's clock (virtual in the simulator). A timer aimed at a pid is
 * cancelled when that process dies (TMR-2): it sits in the process's list of owned timers,
 * which the runtime walks at death. One aimed at a name resolves it when it fires. The ref a
 * user holds leads straight to its timer (no table), so arming and cancelling allocate little
 * and hash nothing.
 */
import type { TimerHandle } from '../../host.js';
import { ctx } from '../context.js';
import { badarg, currentRuntime } from '../guard.js';
import { Pid, Ref } from '../pid.js';
import type { OwnedTimer, Proc } from '../process.js';
import type { Runtime } from '../runtime.js';

/** An armed `sendAfter`/`startTimer` timer. */
class ErlangTimer implements OwnedTimer {
  handle: TimerHandle | null = null;
  prevOwned: OwnedTimer | null = null;
  nextOwned: OwnedTimer | null = null;

  constructor(
    readonly rt: Runtime,
    readonly ref: TimerRef,
    /** The target process when aimed at a pid (undefined: at a name). */
    readonly owner: Proc | undefined,
    readonly dest: Pid | string,
    readonly msg: unknown,
    /** `startTimer`: deliver `['timeout', ref, msg]`. */
    readonly wrap: boolean,
  ) {}

  /** Takes the timer off its ref and its owner's list (fired or cancelled). */
  detach(): void {
    TimerRef.detach(this.ref);
    const o = this.owner;
    if (o === undefined) return;
    const prev = this.prevOwned;
    const next = this.nextOwned;
    if (prev === null) {
      if (o.ownedTimers === this) o.ownedTimers = next;
    } else {
      prev.nextOwned = next;
    }
    if (next !== null) next.prevOwned = prev;
    this.prevOwned = this.nextOwned = null;
  }

  fire(): void {
    this.detach();
    const rt = this.rt;
    const dest = this.dest;
    const q = dest instanceof Pid ? this.owner : rt.names.get(dest);
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'timerFire', node: rt.node, pid: q?.pid, ref: this.ref, what: this.wrap ? 'startTimer' : 'sendAfter' });
    if (q !== undefined && q.alive) rt.deliver(q, this.wrap ? ['timeout', this.ref, this.msg] : this.msg);
  }
}

/** The ref of an erlang timer: an ordinary {@link Ref} that also leads to its timer while armed. */
class TimerRef extends Ref {
  #timer: ErlangTimer | null = null;

  static timerOf(ref: Ref): ErlangTimer | null {
    return #timer in ref ? (ref as TimerRef).#timer : null;
  }

  static attach(ref: TimerRef, t: ErlangTimer): void {
    ref.#timer = t;
  }

  static detach(ref: TimerRef): void {
    ref.#timer = null;
  }
}

/** Options of {@link sendAfter} and {@link startTimer}. */
export interface TimerOptions {
  /** `time` is an absolute monotonic time (TMR-1). */
  abs?: boolean;
}

function arm(api: string, time: number, dest: Pid | string, msg: unknown, opts: TimerOptions | undefined, wrap: boolean): Ref {
  const rt = currentRuntime(api);
  const clock = rt.host.clock;
  const now = clock.now();
  if (typeof time !== 'number' || !Number.isInteger(time)) return badarg(api, 'time', time, 'an integer');
  const abs = opts?.abs === true;
  const at = abs ? time : now + time;
  if ((!abs && time < 0) || time > 4294967295) return badarg(api, 'time', time, 'an integer in 0..4294967295');
  const isPid = dest instanceof Pid;
  if (!isPid && typeof dest !== 'string') return badarg(api, 'dest', dest, 'a pid or a registered name');
  const owner = isPid ? rt.lookup(dest) : undefined;
  const ref = new TimerRef(rt.node, rt.nodeIndex, rt.nextRefSerial());
  const t = new ErlangTimer(rt, ref, owner, dest, msg, wrap);
  t.handle = clock.schedule(Math.max(at, now), () => t.fire(), dest);
  if (isPid && (owner === undefined || !owner.alive)) {
    clock.cancel(t.handle); // TMR-2: armed, but its target is gone
  } else {
    TimerRef.attach(ref, t);
    if (owner !== undefined) {
      const head = owner.ownedTimers;
      t.nextOwned = head;
      if (head !== null) head.prevOwned = t;
      owner.ownedTimers = t;
    }
  }
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'timerSet', node: rt.node, pid: ctx.proc?.pid, ref, at, what: wrap ? 'startTimer' : 'sendAfter' });
  return ref;
}

/** `erlang:send_after(Time, Dest, Msg)`: delivers `msg` after `time` ms; returns the timer ref. */
export function sendAfter(time: number, dest: Pid | string, msg: unknown, opts?: TimerOptions): Ref {
  return arm('sendAfter', time, dest, msg, opts, false);
}

/** `erlang:start_timer(Time, Dest, Msg)`: delivers `['timeout', ref, msg]`; returns `ref`. */
export function startTimer(time: number, dest: Pid | string, msg: unknown, opts?: TimerOptions): Ref {
  return arm('startTimer', time, dest, msg, opts, true);
}

function remaining(api: string, ref: Ref, cancel: boolean): number | false {
  const rt = currentRuntime(api);
  if (!(ref instanceof Ref)) return badarg(api, 'ref', ref, 'a timer reference');
  const t = TimerRef.timerOf(ref);
  if (t === null || t.rt !== rt || t.handle === null || t.handle.done) return false;
  const left = Math.max(0, t.handle.time - rt.host.clock.now());
  if (cancel) {
    rt.host.clock.cancel(t.handle);
    t.detach();
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'timerCancel', node: rt.node, pid: ctx.proc?.pid, ref });
  }
  return left;
}

/** `erlang:cancel_timer`: the ms that were left, or false if it already fired or is unknown (TMR-3). */
export function cancelTimer(ref: Ref): number | false {
  return remaining('cancelTimer', ref, true);
}

/** `erlang:read_timer`: the ms left, or false (TMR-3). */
export function readTimer(ref: Ref): number | false {
  return remaining('readTimer', ref, false);
}

/** Monotonic time of the node, in ms (virtual in the simulator). */
export function monotonicTime(): number {
  return currentRuntime('monotonicTime').host.clock.now();
}

/** System time of the node, in ms since the epoch (virtual, possibly skewed, in the simulator). */
export function systemTime(): number {
  return currentRuntime('systemTime').host.clock.systemTime();
}
