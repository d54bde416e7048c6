/**
 * Two kinds of failure, kept apart as DESIGN.md says.
 *
 * - **Exceptions inside a process** are Erlang's three classes: `error(R)` ({@link ErlangError}),
 *   `exit(R)` ({@link ExitException}) and `throw(V)` ({@link ThrownValue}). Uncaught, they become
 *   the process's exit reason ({@link exceptionToReason}, PROC-2). Any other JS value thrown
 *   (a `TypeError`, say) is treated as class error with that value as the reason.
 * - **Misuse of the API from outside any process** (bad options, a spawn of something that is
 *   not a generator function) throws a typed {@link DfsweoError} naming the argument.
 */
import { Stacktrace, formatTerm, type Term } from './term.js';

/**
 * Base class of the typed errors thrown for API misuse from outside a process.
 *
 * @example `try { self(); } catch (e) { e instanceof DfsweoError; } // true: test code is no process`
 */
export class DfsweoError extends Error {
  override name = 'DfsweoError';
}

/**
 * A bad argument given from outside a process: names the argument and the value. (Inside a
 * process the same misuse raises `error('badarg')`, an {@link ErlangError}.)
 *
 * @example
 * ```ts
 * try { sim.inspect(() => spawn((() => 1) as never)); } // not a function*
 * catch (e) { if (e instanceof BadArgumentError) e.argument; } // 'fn'
 * ```
 */
export class BadArgumentError extends DfsweoError {
  override name = 'BadArgumentError';
  constructor(
    readonly fn: string,
    readonly argument: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${fn}: argument '${argument}' must be ${expected}, got ${formatTerm(value, 3)}`);
  }
}

/**
 * A process-only operation (`self`, `receive`, …) called outside any process.
 *
 * @example `try { sim.inspect(() => self()); } catch (e) { if (e instanceof NotInProcessError) e.fn; } // 'self'`
 */
export class NotInProcessError extends DfsweoError {
  override name = 'NotInProcessError';
  constructor(readonly fn: string) {
    super(`${fn}: must be called inside a process (there is no current process)`);
  }
}

/** The three exception classes of Erlang. */
export type ExceptionClass = 'error' | 'exit' | 'throw';

/**
 * Base of the Erlang exceptions; `class` and `reason` are what `catch` sees. The message (the
 * reason printed) is made when first read: most are caught unread (a failed call's `timeout`),
 * and printing the reason was most of what building one cost.
 *
 * @example
 * ```ts
 * try { yield* GenServer.call('db', 'get', 100); }
 * catch (e) { if (e instanceof ErlangException) [e.class, e.reason]; } // ['exit', ['noproc', …]] if no 'db'
 * ```
 */
export abstract class ErlangException extends Error {
  abstract readonly class: ExceptionClass;
  constructor(readonly reason: Term) {
    super();
  }
}
Object.defineProperty(ErlangException.prototype, 'message', {
  get(this: ErlangException): string {
    return formatTerm(this.reason, 4);
  },
  configurable: true,
});

/**
 * `erlang:error(Reason)`: class error; uncaught, the process exits `[Reason, Stacktrace]`.
 * The kernel's own `badarg` inside a process is one.
 *
 * @example
 * ```ts
 * try { register('db', self()); } // 'db' is taken
 * catch (e) { if (e instanceof ErlangError && e.reason === 'badarg') { … } }
 * ```
 */
export class ErlangError extends ErlangException {
  readonly class = 'error' as const;
  override name = 'ErlangError';
}

/**
 * `exit(Reason)` (arity 1): class exit; uncaught, the process exits `Reason` (EXIT-6). A failed
 * `GenServer.call` raises one.
 *
 * @example `try { exitException('give_up'); } catch (e) { if (e instanceof ExitException) e.reason; } // 'give_up'`
 */
export class ExitException extends ErlangException {
  readonly class = 'exit' as const;
  override name = 'ExitException';
}

/**
 * `throw(Value)`: class throw; uncaught, the process exits `[['nocatch', Value], Stacktrace]`.
 *
 * @example `try { find(tree); } catch (e) { if (e instanceof ThrownValue) return e.reason; throw e; }`
 */
export class ThrownValue extends ErlangException {
  readonly class = 'throw' as const;
  override name = 'ThrownValue';
}

/**
 * Raised in a process that has received a fatal exit signal from itself (`exit(self(), R)`):
 * it is not an exception in Erlang, so catching it does not help — the process still dies at
 * its next `yield*` (EXIT-5).
 *
 * @example
 * ```ts
 * try { exit(self(), 'stop'); } catch (e) { e instanceof ProcessExiting; } // true, e.reason 'stop'
 * yield* yieldNow(); // never returns: the process exits 'stop'
 * ```
 */
export class ProcessExiting extends Error {
  override name = 'ProcessExiting';
  constructor(readonly reason: Term) {
    super('the process is exiting');
  }
}

/** Raises `error(reason)` inside a process. @example `if (!ok) error('badarg')` */
export function error(reason: Term): never {
  throw new ErlangError(reason);
}

/**
 * Raises `exit(reason)` (the arity-1 exception) inside a process.
 *
 * @example `if (m === TIMEOUT) exitException('timeout'); // uncaught, the process exits 'timeout'`
 */
export function exitException(reason: Term): never {
  throw new ExitException(reason);
}

/**
 * Raises `throw(value)` inside a process (named `throwTerm` since `throw` is reserved).
 *
 * @example
 * ```ts
 * try { for (const x of xs) if (x > 10) throwTerm(['found', x]); }
 * catch (e) { const { class: c, reason } = classify(e); if (c !== 'throw') throw e; return reason; }
 * ```
 */
export function throwTerm(value: Term): never {
  throw new ThrownValue(value);
}

/**
 * Builds an exception without capturing a JS stack. For exits that are control flow — a failed
 * call's `timeout`, `noproc`, the server's reason — whose exit reason carries no stacktrace in
 * OTP (unlike class error's): capturing a JS stack cost more than the rest of the failed call,
 * and the trace already says where the call was made and what it met.
 */
export function stackless<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The stack frames of a JS error, without the message line. */
export function stacktraceOf(e: unknown): Stacktrace {
  return new Stacktrace(() => {
    const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : '';
    return stack.split('\n').filter((l) => l.startsWith('    at ')).map((l) => l.trim());
  });
}

/**
 * The class and reason a `catch` sees for a thrown JS value.
 *
 * @example
 * ```ts
 * try { yield* GenServer.call('db', 'get', 100); }
 * catch (e) { classify(e); } // e.g. { class: 'exit', reason: ['timeout', ['gen_server', 'call', …]] }
 * classify(new TypeError('x')); // { class: 'error', reason: TypeError('x') }
 * ```
 */
export function classify(e: unknown): { class: ExceptionClass; reason: Term } {
  if (e instanceof ErlangException) return { class: e.class, reason: e.reason };
  return { class: 'error', reason: e };
}

/**
 * The exit reason of a process whose body threw `e` (PROC-2).
 *
 * @example
 * ```ts
 * try { error('badarith'); } catch (e) { exceptionToReason(e); } // ['badarith', <stacktrace>]
 * try { exitException('bye'); } catch (e) { exceptionToReason(e); } // 'bye'
 * ```
 */
export function exceptionToReason(e: unknown): Term {
  if (e instanceof ProcessExiting) return e.reason;
  if (e instanceof ExitException) return e.reason;
  if (e instanceof ThrownValue) return [['nocatch', e.reason], stacktraceOf(e)];
  if (e instanceof ErlangError) return [e.reason, stacktraceOf(e)];
  return [e, stacktraceOf(e)];
}

/**
 * True for the reasons that need no report: `normal`, `shutdown`, `['shutdown', _]`.
 *
 * @example `isCleanReason(['shutdown', 'tired']) // true; isCleanReason('killed') // false`
 */
export function isCleanReason(r: Term): boolean {
  return r === 'normal' || r === 'shutdown' || (Array.isArray(r) && r.length === 2 && r[0] === 'shutdown');
}
