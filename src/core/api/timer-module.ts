/**
 * The `timer` module (TMR-5..10), as OTP 25's timer.erl: sleep, one-shot and interval sends,
 * applies in fresh processes, exit/kill after a delay, cancel, `tc`, and the unit conversions
 * (`seconds`, `hms`, …). Results are OTP's tuples (`['ok', tref]`, `['error', 'badarg']`). A
 * time of 0 acts at once in the caller, as OTP 25 does: `sendAfter(0, dest, msg)` is
 * `send(dest, msg)` (an unregistered name raises badarg there), `exitAfter(0, …)` is `exit/2`,
 * `applyAfter(0, …)` spawns now. Otherwise bad arguments never raise (TMR-5), except in the
 * conversions, which are arithmetic as in OTP. What OTP's timer server does is done here by the
 * node's clock; its exit signals come from `<N.0.0>` (a pid never alive, see signals.ts's
 * hostPid), neither the caller nor the target.
 */
import type { TimerHandle } from '../../host.js';
import { ctx } from '../context.js';
import { MAX_TIMEOUT_MS, receive, ReceiveEffect, TIMEOUT, type Op } from '../effects.js';
import { BadArgumentError, ErlangError } from '../errors.js';
import { callerProc, currentProc, currentRuntime } from '../guard.js';
import { Pid, Ref } from '../pid.js';
import type { Proc } from '../process.js';
import { isGeneratorFunction, type Runtime } from '../runtime.js';
import { spawnWith } from './processes.js';
import { addMonitor, exit, hostPid, sendFrom, type Dest } from './signals.js';

type TRefResult = ['ok', Ref] | ['error', 'badarg'];
const BADARG: ['error', 'badarg'] = ['error', 'badarg'];
const NEVER = (): boolean => false;

function cancels(rt: Runtime): Map<Ref, () => void> {
  let m = rt.ext.get('timer-module') as Map<Ref, () => void> | undefined;
  if (m === undefined) rt.ext.set('timer-module', (m = new Map()));
  return m;
}

/** Every ref this module has handed out: `cancel` takes only these (OTP 25's `{once, Ref}`, `{instant, Ref}`, …). */
const issued = new WeakSet<Ref>();

/** A new timer-module ref. */
function newTRef(rt: Runtime): Ref {
  const ref = rt.makeRef();
  issued.add(ref);
  return ref;
}

function validTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isInteger(t) && t >= 0;
}

/** A pid, a name, or `[name, node]` of two atoms (OTP 25's guards: `{x, 12}` is badarg). */
function validDest(d: unknown): boolean {
  return d instanceof Pid || typeof d === 'string' || (Array.isArray(d) && d.length === 2 && typeof d[0] === 'string' && typeof d[1] === 'string');
}

/**
 * Arms a repeating or one-shot host timer that calls `action` each `time` ms while `alive()`
 * holds; returns the ref `cancel` takes.
 */
function every(rt: Runtime, time: number, repeat: boolean, alive: () => boolean, action: () => void, holder?: Proc): Ref {
  const ref = newTRef(rt);
  const table = cancels(rt);
  let handle: TimerHandle;
  const fire = (): void => {
    holder?.timers?.delete(handle);
    if (!alive()) {
      table.delete(ref);
      return;
    }
    action();
    if (repeat && alive()) arm(rt.host.clock.now() + time);
    else table.delete(ref);
  };
  const arm = (at: number): void => {
    handle = rt.host.clock.schedule(at, fire, 'timer');
    holder?.timers?.add(handle);
  };
  if (holder !== undefined) holder.timers ??= new Set();
  arm(rt.host.clock.now() + time);
  table.set(ref, () => {
    rt.host.clock.cancel(handle);
    holder?.timers?.delete(handle);
    table.delete(ref);
  });
  return ref;
}

/** The process `dest` (a valid destination) names now: what OTP's timer server monitors. */
function resolve(rt: Runtime, dest: unknown): Proc | undefined {
  if (dest instanceof Pid) return rt.lookup(dest);
  if (typeof dest === 'string') return rt.names.get(dest);
  return Array.isArray(dest) && dest[1] === rt.node ? rt.names.get(dest[0] as string) : undefined;
}

function deliverTo(rt: Runtime, dest: unknown, msg: unknown): void {
  if (typeof dest === 'string' && !rt.names.has(dest)) return; // resolved at fire time (TMR-5)
  sendFrom(rt, undefined, dest as Pid, msg);
}

/** A sleep of at most 2^32−1 ms: a receive that takes nothing and ends at its timeout with `'ok'`. */
class Sleep extends ReceiveEffect {
  override next(input?: unknown): this {
    super.next(input);
    if (this.done) this.value = 'ok';
    return this;
  }
}

/**
 * `timer:sleep`: waits `time` ms or forever (`'infinity'`), also beyond 2^32−1 (TMR-10).
 *
 * @example `yield* timer.sleep(100); // 'ok', 100 ms later`
 */
export function sleep(time: number | 'infinity'): Op<'ok'> {
  // The common case is one object, not a generator and a receive.
  if (typeof time === 'number' && Number.isInteger(time) && time >= 0 && time <= MAX_TIMEOUT_MS) return new Sleep(NEVER, time, 'sleep') as unknown as Op<'ok'>;
  return longSleep(time);
}

function* longSleep(time: number | 'infinity'): Op<'ok'> {
  if (time === 'infinity') {
    yield* receive(NEVER);
    return 'ok';
  }
  let left = time;
  while (left > 4294967295) {
    yield* receive(NEVER, { after: 4294967295, waitingFor: 'sleep' });
    left -= 4294967295;
  }
  yield* receive(NEVER, { after: left, waitingFor: 'sleep' });
  return 'ok';
}

/**
 * `timer:send_after/2,3`: `['ok', tref]`, or `['error', 'badarg']` (TMR-5); without `dest`,
 * to the caller. With time 0 it sends at once, as `send` (OTP 25).
 *
 * @example `timer.sendAfter(100, 'srv', 'tick'); timer.sendAfter(100, 'tock')`
 */
export function sendAfter(time: number, dest: Pid | string | [string, string], msg: unknown): TRefResult;
export function sendAfter(time: number, msg: unknown): TRefResult;
export function sendAfter(time: number, ...args: [Pid | string | [string, string], unknown] | [unknown]): TRefResult {
  const [dest, msg] = args.length === 1 ? [currentProc('timer.sendAfter').pid, args[0]] : args;
  const rt = currentRuntime('timer.sendAfter');
  if (!validTime(time) || !validDest(dest)) return BADARG;
  if (time === 0) { // OTP 25: `Dest ! Msg` from the caller, at once
    sendFrom(rt, callerProc() ?? undefined, dest as Dest, msg);
    return ['ok', newTRef(rt)];
  }
  const holder = dest instanceof Pid ? rt.lookup(dest) : undefined;
  return ['ok', every(rt, time, false, () => true, () => deliverTo(rt, dest, msg), holder)];
}

/**
 * `timer:send_interval/2,3`: repeats until cancelled or until the destination process (the
 * one a name is registered to at the call) dies (TMR-6); without `dest`, to the caller. An
 * interval of 0 is `['error', 'badarg']`: OTP takes it and floods, but here virtual time could
 * never move on while it runs.
 *
 * @example `const [, tref] = timer.sendInterval(1000, 'tick');`
 */
export function sendInterval(time: number, dest: Pid | string | [string, string], msg: unknown): TRefResult;
export function sendInterval(time: number, msg: unknown): TRefResult;
export function sendInterval(time: number, ...args: [Pid | string | [string, string], unknown] | [unknown]): TRefResult {
  const [dest, msg] = args.length === 1 ? [currentProc('timer.sendInterval').pid, args[0]] : args;
  const rt = currentRuntime('timer.sendInterval');
  if (!validTime(time) || time === 0 || !validDest(dest)) return BADARG;
  // OTP 25 monitors the destination, a name resolved now: it stops when that process dies (at
  // once if the name is not registered yet) and outlives the caller.
  const served = resolve(rt, dest);
  if (served === undefined || !served.alive) return ['ok', newTRef(rt)];
  return ['ok', every(rt, time, true, () => served.alive, () => deliverTo(rt, dest, msg), served)];
}

type Fn = (...args: never[]) => unknown;

function runner(fn: Fn, args: unknown[]): (...a: never[]) => Generator {
  return function* apply(): Generator {
    if (isGeneratorFunction(fn)) return yield* (fn as (...a: unknown[]) => Generator)(...args);
    return (fn as (...a: unknown[]) => unknown)(...args);
  };
}

/**
 * `timer:apply_after`: runs `fn(...args)` in a fresh process after `time` ms (TMR-8); with
 * time 0 the caller spawns it now. `applyAfter(t, exit, pid, reason)` is `exitAfter`, as in OTP.
 *
 * @example `timer.applyAfter(1000, send, 'logger', 'flush'); // ['ok', tref]`
 */
export function applyAfter(time: number, fn: Fn, ...args: unknown[]): TRefResult {
  const rt = currentRuntime('timer.applyAfter');
  if (!validTime(time) || typeof fn !== 'function') return BADARG;
  if (fn === exit && args.length === 2) return exitLater('timer.applyAfter', time, args[0], args[1]); // OTP 25's do_apply
  if (time === 0) { // OTP 25: spawned now, by the caller
    spawnWith(rt, callerProc(), runner(fn, args), [], null, 'timer.applyAfter');
    return ['ok', newTRef(rt)];
  }
  return ['ok', every(rt, time, false, () => true, () => spawnWith(rt, null, runner(fn, args), [], null, 'timer.applyAfter'))];
}

/**
 * `timer:apply_interval`: a fresh process every `time` ms, not waiting for the last (TMR-8).
 * It stops when the caller exits.
 *
 * @example `timer.applyInterval(1000, function* poll() { yield* GenServer.call('stats', 'collect'); })`
 */
export function applyInterval(time: number, fn: Fn, ...args: unknown[]): TRefResult {
  const rt = currentRuntime('timer.applyInterval');
  const caller = currentProc('timer.applyInterval');
  if (!validTime(time) || time === 0 || typeof fn !== 'function') return BADARG;
  return ['ok', every(rt, time, true, () => caller.alive, () => spawnWith(rt, null, runner(fn, args), [], null, 'timer.applyInterval'), caller)];
}

/**
 * `timer:apply_repeatedly`: like `applyInterval`, but each run starts only after the
 * previous one has finished (TMR-8). A small driver process does it; it monitors the
 * process that set the timer (not a link, which would tie their fates) and stops when
 * that process exits, whatever the reason, as OTP's timer server does.
 *
 * @example `timer.applyRepeatedly(1000, function* sync() { yield* GenServer.call('cache', 'refresh'); })`
 */
export function applyRepeatedly(time: number, fn: Fn, ...args: unknown[]): TRefResult {
  const rt = currentRuntime('timer.applyRepeatedly');
  if (!validTime(time) || time === 0 || typeof fn !== 'function') return BADARG;
  const body = runner(fn, args);
  const caller = ctx.proc;
  const [driver] = spawnWith(rt, null, function* applyRepeatedly(): Generator {
    const me = currentProc('applyRepeatedly');
    const owner = caller === null ? undefined : addMonitor(rt, me, caller, caller.pid);
    const ownerDown = (m: unknown): boolean => owner !== undefined && Array.isArray(m) && m[1] === owner;
    const now = (): number => rt.host.clock.now();
    let next = now() + time;
    for (;;) {
      while (next > now()) {
        const m = yield* receive(ownerDown, { after: Math.min(next - now(), MAX_TIMEOUT_MS), waitingFor: 'timer' });
        if (m !== TIMEOUT) return;
      }
      const [child] = spawnWith(rt, null, body, [], null, 'timer.applyRepeatedly');
      const ref = addMonitor(rt, me, child, child.pid);
      const m = yield* receive((x) => ownerDown(x) || (Array.isArray(x) && x[1] === ref));
      if (ownerDown(m)) return;
      next = Math.max(next + time, now());
    }
  }, [], null, 'timer.applyRepeatedly');
  const ref = newTRef(rt);
  cancels(rt).set(ref, () => {
    cancels(rt).delete(ref);
    rt.exitSignal(driver, driver.pid, 'kill', false);
  });
  return ['ok', ref];
}

/** OTP's `get_pid/1`: a pid is itself, a name its process; anything else nothing (exit/2 would be badarg). */
function exitTarget(rt: Runtime, target: unknown): Pid | undefined {
  return target instanceof Pid ? target : typeof target === 'string' ? rt.names.get(target)?.pid : undefined;
}

/**
 * OTP 25 checks only the time: a bad or unknown target fails silently when the timer fires
 * (TMR-9). Time 0 is `exit/2` from the caller, at once; later, the signal comes from the timer
 * server, here `<N.0.0>`: a `normal` one is then dropped even by the target that set it.
 */
function exitLater(api: string, time: number, target: unknown, reason: unknown): TRefResult {
  const rt = currentRuntime(api);
  if (!validTime(time)) return BADARG;
  if (time === 0) {
    const pid = exitTarget(rt, target);
    if (pid !== undefined) exit(pid, reason);
    return ['ok', newTRef(rt)];
  }
  return ['ok', every(rt, time, false, () => true, () => {
    const pid = exitTarget(rt, target);
    const q = pid === undefined ? undefined : rt.lookup(pid);
    if (q !== undefined) rt.exitSignal(q, hostPid(rt), reason, false);
  })];
}

/**
 * `timer:exit_after/2,3`: sends exit signal `reason` to `target` (the caller when left out)
 * after `time` ms (TMR-9).
 *
 * @example `timer.exitAfter(100, 'worker', 'too_slow'); timer.exitAfter(100, 'give_up')`
 */
export function exitAfter(time: number, target: Pid | string, reason: unknown): TRefResult;
export function exitAfter(time: number, reason: unknown): TRefResult;
export function exitAfter(time: number, ...args: [Pid | string, unknown] | [unknown]): TRefResult {
  if (args.length === 1) return exitLater('timer.exitAfter', time, currentProc('timer.exitAfter').pid, args[0]);
  return exitLater('timer.exitAfter', time, args[0], args[1]);
}

/**
 * `timer:kill_after/1,2`: kills `target` (the caller when left out; reason `killed`) after
 * `time` ms (TMR-9).
 *
 * @example `timer.killAfter(5000); // a watchdog on oneself`
 */
export function killAfter(time: number, target?: Pid | string): TRefResult {
  return exitLater('timer.killAfter', time, target === undefined ? currentProc('timer.killAfter').pid : target, 'kill');
}

/**
 * `timer:cancel`: `['ok', 'cancel']` for any ref this module gave, even a fired one (TMR-7);
 * `['error', 'badarg']` for anything else, a plain ref or one from `erlang:send_after` included
 * (OTP 25: `timer:cancel(erlang:send_after(…))` is `{error, badarg}`, the timer left running).
 *
 * @example `const r = timer.sendInterval(1000, 'tick'); if (r[0] === 'ok') timer.cancel(r[1]);`
 */
export function cancel(tref: Ref): ['ok', 'cancel'] | ['error', 'badarg'] {
  const rt = currentRuntime('timer.cancel');
  if (!(tref instanceof Ref) || !issued.has(tref)) return BADARG;
  cancels(rt).get(tref)?.();
  return ['ok', 'cancel'];
}

/**
 * `timer:tc`: runs `fn(...args)` and returns `[micros, value]` of virtual time; exceptions
 * pass through (TMR-10). A generator function is driven with `yield*`.
 *
 * @example
 * ```ts
 * const [micros, reply] = yield* timer.tc(function* () { return yield* GenServer.call('db', 'get'); });
 * const [, n] = yield* timer.tc((x: number) => x * 2, 21); // [0, 42]: no virtual time passed
 * ```
 */
export function* tc<T>(fn: (...args: never[]) => T | Generator<unknown, T, unknown>, ...args: unknown[]): Op<[number, T]> {
  const rt = currentRuntime('timer.tc');
  const t0 = rt.host.clock.now();
  const value = isGeneratorFunction(fn)
    ? yield* (fn as (...a: unknown[]) => Generator<unknown, T, unknown>)(...args)
    : (fn as (...a: unknown[]) => T)(...args);
  return [Math.round((rt.host.clock.now() - t0) * 1000), value];
}

function toMs(fn: string, arg: string, v: unknown, unit: number): number {
  if (typeof v !== 'number') {
    if (ctx.proc !== null) throw new ErlangError('badarith'); // OTP: 1000 * Seconds on a non-number
    throw new BadArgumentError(`timer.${fn}`, arg, v, 'a number');
  }
  return v * unit;
}

/** `timer:seconds/1`: milliseconds in `s` seconds. @example `timer.seconds(5) // 5000` */
export function seconds(s: number): number {
  return toMs('seconds', 's', s, 1000);
}

/** `timer:minutes/1`: milliseconds in `m` minutes. @example `timer.minutes(2) // 120000` */
export function minutes(m: number): number {
  return toMs('minutes', 'm', m, 60_000);
}

/** `timer:hours/1`: milliseconds in `h` hours. @example `timer.hours(1) // 3600000` */
export function hours(h: number): number {
  return toMs('hours', 'h', h, 3_600_000);
}

/** `timer:hms/3`: milliseconds in `h` hours, `m` minutes and `s` seconds. @example `timer.hms(1, 2, 3) // 3723000` */
export function hms(h: number, m: number, s: number): number {
  return hours(h) + minutes(m) + seconds(s);
}
