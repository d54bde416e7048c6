/**
 * The instructions a process yields to the runtime: the scheduling points.
 *
 * A process body is a generator function; every operation that can block is written
 * `yield* op(...)` and ends the process's atomic step. The kernel has two: `receive`
 * (selective, with an optional `after`) and `yieldNow` (a bare scheduling point). Every
 * other blocking operation (`sleep`, `GenServer.call`, …) is built on `receive`.
 */
import { ctx } from './context.js';
import { ErlangError } from './errors.js';
import type { Matcher } from './process.js';

/**
 * What a `receive … after` returns when the timeout wins.
 *
 * @example
 * ```ts
 * const m = yield* receive(null, { after: 100 });
 * if (m === TIMEOUT) { … } // nothing came within 100 ms
 * ```
 */
export const TIMEOUT: unique symbol = Symbol.for('dfsweo.timeout');
export type Timeout = typeof TIMEOUT;

/**
 * The largest `after` value Erlang accepts (RCV-3); beyond it `receive` raises
 * `error('timeout_value')` (`timer.sleep` takes longer waits).
 *
 * @example `yield* receive(isReply, { after: MAX_TIMEOUT_MS }) // about 49.7 days`
 */
export const MAX_TIMEOUT_MS = 4294967295;

/**
 * @internal A blocking receive. `after` is in ms, `Infinity` for `'infinity'`.
 *
 * It is also its own iterator, so `yield* receive()` costs one small object instead of a
 * generator: the first `next()` yields the effect itself, the second returns the value the
 * runtime resumed the process with. (It doubles as the iterator result object, which
 * `yield*` passes through to the runtime unchanged.) A plain `yield new ReceiveEffect(…)`
 * works as well.
 */
export class ReceiveEffect {
  // Fields are declared, not initialized with class-field syntax, and set in the constructor:
  // a derived class (a call's receive: gen.ts) is constructed twice as fast when no class in its
  // chain has field initializers (measured on Node 20 and 24: 50 ns against 110 ns per call).
  /**
   * Iterator-result fields: the effect itself while pending, then the received value. `done` is
   * also the iterator's state: true before the first `next()` (which yields the effect) and again
   * after the second, so one effect can be iterated again (a process's `receive()`: see below).
   */
  declare value: unknown;
  declare done: boolean;
  declare readonly matcher: Matcher | null;
  declare readonly after: number;
  declare readonly waitingFor: unknown;

  constructor(matcher: Matcher | null, after: number, waitingFor: unknown) {
    this.value = undefined;
    this.done = true;
    this.matcher = matcher;
    this.after = after;
    this.waitingFor = waitingFor;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(input?: unknown): this {
    if (this.done) {
      this.done = false;
      this.value = this;
    } else {
      this.done = true;
      this.value = input;
    }
    return this;
  }

  return(value?: unknown): this {
    this.done = true;
    this.value = value;
    return this;
  }

  throw(e: unknown): never {
    this.done = true;
    this.value = undefined;
    throw e;
  }
}

/** @internal A bare scheduling point (`erlang:yield/0`). */
export const YIELD = Object.freeze({ yield: true });

/** The generator type of a blocking operation that produces `T`. */
export type Op<T> = Generator<unknown, T, unknown>;

/** How long a receive waits: ms (an integer in 0..2^32-1) or `'infinity'`. */
export type Timeout_ = number | 'infinity';

/** Options of {@link receive}. */
export interface ReceiveOptions {
  /** Give up after this many ms (RCV-2); `0` only looks at what is queued (RCV-3). */
  after?: number | 'infinity';
  /** What the process waits for, shown in deadlock reports. */
  waitingFor?: unknown;
}

/** Validates a timeout value; `badarg`-style `timeout_value` error inside a process (RCV-3). */
export function timeoutMs(after: number | 'infinity' | undefined): number {
  if (after === undefined || after === 'infinity') return Infinity;
  if (typeof after !== 'number' || !Number.isInteger(after) || after < 0 || after > MAX_TIMEOUT_MS) {
    throw new ErlangError('timeout_value');
  }
  return after;
}

/**
 * Takes the oldest message accepted by `match` from the mailbox, waiting for one if needed
 * (RCV-1). Messages it skips keep their order. With `after`, gives up after that many ms of
 * virtual time and returns {@link TIMEOUT} (RCV-2..4). `match` is a guard: it must be pure,
 * and if it throws, the message simply does not match (as an Erlang guard).
 *
 * @example
 * ```ts
 * const reply = yield* receive((m): m is ['pong', number] => Array.isArray(m) && m[0] === 'pong');
 * const next = yield* receive(null, { after: 100 });
 * if (next === TIMEOUT) { ... }
 * ```
 */
export function receive(): Op<unknown>;
export function receive<T>(match: (m: unknown) => m is T): Op<T>;
export function receive(match: Matcher | null): Op<unknown>;
export function receive<T>(match: (m: unknown) => m is T, options: ReceiveOptions): Op<T | Timeout>;
export function receive(match: Matcher | null, options: ReceiveOptions): Op<unknown>;
export function receive(match?: Matcher | null, options?: ReceiveOptions): Op<unknown> {
  // Small on purpose: V8 inlines this, and the effect's `next`, into the receiving process's code
  // only within a budget that the process's sends share.
  if (options !== undefined) return receiveWith(match ?? null, options);
  if (match === undefined) return anyReceive();
  return new ReceiveEffect(match, Infinity, undefined) as unknown as Op<unknown>;
}

/**
 * `receive()`: any message, no timeout. Every such receive of a process is the same, so the
 * process keeps one (its state resets each time it is iterated again; a process runs one at a time).
 */
function anyReceive(): Op<unknown> {
  const p = ctx.proc;
  const op = p === null ? new ReceiveEffect(null, Infinity, undefined) : (p.anyReceive ??= new ReceiveEffect(null, Infinity, undefined));
  return op as unknown as Op<unknown>;
}

function receiveWith(match: Matcher | null, options: ReceiveOptions): Op<unknown> {
  return new ReceiveEffect(match, timeoutMs(options.after), options.waitingFor) as unknown as Op<unknown>;
}

/**
 * A bare scheduling point: lets other processes run (`erlang:yield/0`); returns `true`, as
 * OTP's does.
 * @example `yield* yieldNow()`
 */
export function* yieldNow(): Op<true> {
  yield YIELD;
  return true;
}
