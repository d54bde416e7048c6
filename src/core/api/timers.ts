/**
 * Timers of the erlang module (TMR-1..4) and the node's clocks.
 *
 * Timers run on the host's clock (virtual in the simulator). A timer aimed at a pid is
 * cancelled when that process dies (TMR-2); one aimed at a name resolves it when it fires.
 */
import type { TimerHandle } from '../../host.js';
import { ctx } from '../context.js';
import { badarg, currentRuntime } from '../guard.js';
import { Pid, Ref } from '../pid.js';
import type { Proc } from '../process.js';
import type { Runtime } from '../runtime.js';

interface TimerEntry {
  handle: TimerHandle;
  owner: Proc | undefined;
}

function table(rt: Runtime): Map<Ref, TimerEntry> {
  let t = rt.ext.get('timers') as Map<Ref, TimerEntry> | undefined;
  if (t === undefined) rt.ext.set('timers', (t = new Map()));
  return t;
}

/** Options of {@link sendAfter} and {@link startTimer}. */
export interface TimerOptions {
  /** `time` is an absolute monotonic time (TMR-1). */
  abs?: boolean;
}

function arm(api: string, time: number, dest: Pid | string, msg: unknown, opts: TimerOptions | undefined, wrap: boolean): Ref {
  const rt = currentRuntime(api);
  const now = rt.host.clock.now();
  if (typeof time !== 'number' || !Number.isInteger(time)) return badarg(api, 'time', time, 'an integer');
  const at = opts?.abs ? time : now + time;
  if ((!opts?.abs && time < 0) || time > 4294967295) return badarg(api, 'time', time, 'an integer in 0..4294967295');
  const owner = dest instanceof Pid ? rt.lookup(dest) : undefined;
  if (!(dest instanceof Pid) && typeof dest !== 'string') return badarg(api, 'dest', dest, 'a pid or a registered name');
  const ref = rt.makeRef();
  const timers = table(rt);
  const what = wrap ? 'startTimer' : 'sendAfter';
  const fire = (): void => {
    timers.delete(ref);
    owner?.timers?.delete(entry.handle);
    const q = dest instanceof Pid ? owner : rt.names.get(dest);
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'timerFire', node: rt.node, pid: q?.pid, ref, what });
    if (q !== undefined && q.alive) rt.deliver(q, wrap ? ['timeout', ref, msg] : msg);
  };
  const entry: TimerEntry = { handle: rt.host.clock.schedule(Math.max(at, now), fire, String(dest)), owner };
  timers.set(ref, entry);
  if (dest instanceof Pid) {
    if (owner === undefined || !owner.alive) rt.host.clock.cancel(entry.handle);
    else (owner.timers ??= new Set()).add(entry.handle);
  }
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'timerSet', node: rt.node, pid: ctx.proc?.pid, ref, at, what });
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
  const timers = table(rt);
  const e = timers.get(ref);
  if (e === undefined || e.handle.done) return false;
  const left = Math.max(0, e.handle.time - rt.host.clock.now());
  if (cancel) {
    rt.host.clock.cancel(e.handle);
    e.owner?.timers?.delete(e.handle);
    timers.delete(ref);
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
