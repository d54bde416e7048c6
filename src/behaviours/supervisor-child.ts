/**
 * One child, as the supervisor's process sees it: starting it through its start function
 * (SUP-4) and stopping it with the shutdown protocol (SUP-15). Both block, so both are
 * generators run inside the supervisor process; both report through supervisor-report.ts.
 */
import { MAX_TIMEOUT_MS, TIMEOUT, receive, type Op } from '../core/effects.js';
import { ProcessExiting, classify, exceptionToReason } from '../core/errors.js';
import { Pid } from '../core/pid.js';
import type { Term } from '../core/term.js';
import { exit, monitor, unlink } from '../core/api/signals.js';
import { self } from '../core/api/processes.js';
import { cancelTimer, startTimer } from '../core/api/timers.js';
import { shutdownAsExpected } from './supervisor-restart.js';
import { startCall, type ChildStart, type FullChildSpec } from './supervisor-spec.js';

/** A child whose restart failed and is retried through a message to self (SUP-22). */
export class Restarting {
  constructor(readonly pid: Pid | undefined) {}
  toString(): string {
    return 'restarting';
  }
}

/** What the supervisor holds for a child: its checked spec and its process. */
export interface Child extends FullChildSpec {
  pid: Pid | undefined | Restarting;
}

/** A start's outcome: `['ok', pid | undefined (ignore), info?]` or `['error', E]` (OTP's `do_start_child_i`). */
export type Started = readonly ['ok', Pid | undefined, ...unknown[]] | readonly ['error', Term];

function isIterator(x: unknown): x is Generator<unknown, unknown, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Generator).next === 'function' && typeof (x as Generator).throw === 'function';
}

/** Reads a start function's return value (SUP-4): anything unexpected is `['error', V]`. */
export function readStartResult(r: unknown): Started {
  if (r === 'ignore') return ['ok', undefined];
  if (Array.isArray(r)) {
    if (r[0] === 'ok' && r[1] instanceof Pid && (r.length === 2 || r.length === 3)) return r as unknown as Started;
    if (r[0] === 'error' && r.length === 2) return ['error', r[1]];
  }
  return ['error', r];
}

/**
 * Calls a start `[M, F, A]` or `[fn, A]` with `extra` appended, as OTP's `catch apply(M, F, A)`:
 * an error becomes `['EXIT', [R, Stack]]`, an exit `['EXIT', R]`, a throw its value. Returns
 * the result read, or the generator still to drive when the start function blocks.
 */
export function callStart(start: ChildStart, extra?: readonly unknown[]): Started | Generator<unknown, unknown, unknown> {
  let r: unknown;
  try {
    if (extra === undefined && start.length === 2 && start[1] !== 'undefined') {
      r = start[0].apply(undefined, start[1] as unknown[]); // the restart hot path: no argument copy
    } else {
      const [fn, recv, args] = startCall(start, extra);
      r = fn.apply(recv, args);
    }
  } catch (e) {
    r = caught(e);
  }
  return isIterator(r) ? r : readStartResult(r);
}

/** Drives a blocking start function to its result (exceptions read as in {@link callStart}). */
export function* driveStart(g: Generator<unknown, unknown, unknown>): Op<Started> {
  let r: unknown;
  try {
    r = yield* g;
  } catch (e) {
    r = caught(e);
  }
  return readStartResult(r);
}

/** {@link callStart}, then {@link driveStart} if needed. */
export function* applyStart(start: ChildStart, extra?: readonly unknown[]): Op<Started> {
  const r = callStart(start, extra);
  return Array.isArray(r) ? (r as Started) : yield* driveStart(r as Generator<unknown, unknown, unknown>);
}

function caught(e: unknown): unknown {
  if (e instanceof ProcessExiting) throw e;
  const c = classify(e);
  return c.class === 'throw' ? c.reason : ['EXIT', c.class === 'exit' ? c.reason : exceptionToReason(e)];
}

function isDownOf(ref: unknown, pid: Pid): (m: unknown) => boolean {
  return (m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref && m[3] === pid;
}

/**
 * Unlinks `pid` and takes its `'EXIT'` if it is already queued: the reason there wins over
 * the DOWN's (OTP's `unlink_flush`).
 */
export function* unlinkFlush(pid: Pid, downReason: Term): Op<Term> {
  unlink(pid);
  const m = yield* receive((x) => Array.isArray(x) && x[0] === 'EXIT' && x[1] === pid, { after: 0 });
  return m === TIMEOUT ? downReason : (m as unknown[])[2];
}

/** A shutdown time in ms as a number (`Infinity` past what a timer can reach). */
export function shutdownMs(t: number | bigint): number {
  const ms = Number(t);
  return ms > Number.MAX_SAFE_INTEGER / 2 ? Infinity : ms;
}

/**
 * Waits at most `ms` for a message `match` accepts, or {@link TIMEOUT}. Within receive's
 * limit (2^32 − 1 ms) this is a receive-after; beyond it (OTP takes any shutdown integer) it
 * waits on a timer, as OTP's `erlang:start_timer`, and takes away the timer's message if it
 * fired meanwhile. `Infinity` waits forever.
 */
export function* receiveWithin(match: (m: unknown) => boolean, ms: number, waitingFor?: unknown): Op<unknown> {
  if (ms === Infinity) return yield* receive(match, { waitingFor });
  if (ms <= MAX_TIMEOUT_MS) return yield* receive(match, { after: ms, waitingFor });
  const ref = startTimer(ms, self(), 'kill');
  const isTimer = (m: unknown): boolean => Array.isArray(m) && m[0] === 'timeout' && m[1] === ref;
  const m = yield* receive((x) => match(x) || isTimer(x), { waitingFor });
  if (isTimer(m)) return TIMEOUT;
  if (cancelTimer(ref) === false) yield* receive(isTimer, { after: 0 });
  return m;
}

/**
 * Stops a running child (SUP-15): monitor it, send `shutdown` (or `kill` for brutal_kill),
 * wait for the DOWN (at most `shutdown` ms, then `kill` and wait again; `infinity` waits
 * forever), then unlink and flush its `'EXIT'`. Returns `'ok'` or `['error', R]` when it
 * died with an unexpected reason. The DOWN, not the EXIT, is awaited, so a child that
 * unlinked itself cannot hang the supervisor.
 */
export function* shutdownChild(pid: Pid, child: Pick<FullChildSpec, 'restart' | 'shutdown'>): Op<'ok' | readonly ['error', Term]> {
  const ref = monitor('process', pid);
  const brutal = child.shutdown === 'brutal_kill';
  exit(pid, brutal ? 'kill' : 'shutdown');
  const isDown = isDownOf(ref, pid);
  let down: unknown;
  if (typeof child.shutdown === 'number' || typeof child.shutdown === 'bigint') {
    down = yield* receiveWithin(isDown, shutdownMs(child.shutdown), { waitsOn: pid, text: `shutdown of ${pid}` });
    if (down === TIMEOUT) {
      exit(pid, 'kill');
      down = yield* receive(isDown);
    }
  } else {
    down = yield* receive(isDown, { waitingFor: { waitsOn: pid, text: `shutdown of ${pid}` } });
  }
  const reason = yield* unlinkFlush(pid, (down as unknown[])[4]);
  return shutdownAsExpected(reason, child.restart, brutal) ? 'ok' : ['error', reason];
}
