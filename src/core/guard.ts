/**
 * Access to the ambient context, and the one way misuse is reported: `badarg` (an Erlang
 * error) inside a process, a typed {@link BadArgumentError} naming the argument outside one.
 */
import { ctx } from './context.js';
import { BadArgumentError, ErlangError, NotInProcessError } from './errors.js';
import type { Proc } from './process.js';
import type { Runtime } from './runtime.js';

/** The running process; throws {@link NotInProcessError} outside one. */
export function currentProc(fn: string): Proc {
  const p = ctx.proc;
  if (p === null) throw new NotInProcessError(fn);
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

/** Raises `error(reason)` in a process (or a typed error naming `fn` outside one). */
export function raise(fn: string, reason: unknown, argument: string, value: unknown): never {
  if (ctx.proc !== null) throw new ErlangError(reason);
  throw new BadArgumentError(fn, argument, value, `valid (${String(reason)})`);
}
