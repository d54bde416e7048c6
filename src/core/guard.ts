/**
 * Access to the ambient context, and the one way misuse is reported: `badarg` (an Erlang
 * error) inside a process, a typed {@link BadArgumentError} naming the argument outside one.
 */
import { ctx } from './context.js';
import { BadArgumentError, ErlangError, NotInProcessError, ProcessExiting } from './errors.js';
import { Status, type Proc } from './process.js';
import type { Runtime } from './runtime.js';

/**
 * The running process; throws {@link NotInProcessError} outside one. A process that sent itself
 * a fatal exit signal and caught the {@link ProcessExiting} can do nothing more (EXIT-5: the
 * signal is not an exception one can stop): every kernel call raises it again.
 */
export function currentProc(fn: string): Proc {
  const p = ctx.proc;
  if (p === null) throw new NotInProcessError(fn);
  if (p.status === Status.Exiting) throw new ProcessExiting(p.exitReason);
  return p;
}

/** The running process, or null for test code; checked as {@link currentProc} checks it. */
export function callerProc(): Proc | null {
  const p = ctx.proc;
  if (p !== null && p.status === Status.Exiting) throw new ProcessExiting(p.exitReason);
  return p;
}

/** The running node; throws {@link NotInProcessError} outside any. */
export function currentRuntime(fn: string): Runtime {
  const rt = ctx.rt;
  if (rt === null) throw new NotInProcessError(fn);
  return rt;
}

/** Reports a bad argument: `error(badarg)` in a process, a typed error outside. */
export function badarg(fn: string, argument: string, value: unknown, expected: string): never {
  if (ctx.proc !== null) throw new ErlangError('badarg');
  throw new BadArgumentError(fn, argument, value, expected);
}
