/**
 * Supervisor flags and child specifications: their shapes, OTP's defaults (SUP-3), and the
 * pure validation that turns a user's value into a checked record or OTP's error term
 * (SUP-2: `['invalid_strategy', X]`, `'missing_id'`, `['invalid_child_spec', X]`,
 * `['duplicate_child_name', Id]`, …). Nothing here blocks or touches a process.
 *
 * ## The `start` of a child: OTP's `{M, F, A}`
 * A child's `start` is written either
 * - `[M, 'f', args]`: an object (a module) `M`, the name of one of its functions, and the
 *   argument list: `apply(M, f, args)`, exactly OTP's MFA (`[GenServer, 'startLink', [worker, 1]]`);
 * - `[fn, args]`: a function and its argument list, `fn(...args)` (M and F in one).
 *
 * The function may be plain or a generator function (one that blocks, such as
 * `GenServer.startLink`); it must spawn and link the child and return `['ok', pid]`,
 * `['ok', pid, info]`, `'ignore'` or `['error', e]` (SUP-4). `simple_one_for_one` appends the
 * extra arguments of `startChild` to `args` (SUP-13). For temporary children added by
 * `startChild` the supervisor keeps no arguments: `getChildspec` then shows `args` as the
 * atom `'undefined'` (SUP-27), as OTP shows `{M, F, undefined}`.
 */
import { BadArgumentError, ErlangError } from '../core/errors.js';
import type { Pid } from '../core/pid.js';
import { formatTerm, type Term } from '../core/term.js';
import { termKey } from '../core/term-key.js';

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one' | 'simple_one_for_one';
export type RestartType = 'permanent' | 'transient' | 'temporary';
/** `brutal_kill`, a timeout in ms (then `kill`; any integer >= 0, as in OTP), or `'infinity'`. */
export type Shutdown = 'brutal_kill' | 'infinity' | number | bigint;
export type ChildType = 'worker' | 'supervisor';
export type AutoShutdown = 'never' | 'any_significant' | 'all_significant';

/** What a child's start function returns (SUP-4). */
export type StartResult = readonly ['ok', Pid] | readonly ['ok', Pid, unknown] | 'ignore' | readonly ['error', unknown];
/** A start function: plain, or a generator function that may block. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StartFunction = (...args: any[]) => unknown;
/** Argument list of a start; `'undefined'` only in specs the supervisor reports (SUP-27). */
export type StartArgs = readonly unknown[] | 'undefined';
/** OTP's `{M, F, A}`: `[module, 'fn', args]`, or `[fn, args]`. */
export type ChildStart = readonly [StartFunction, StartArgs] | readonly [object, string, StartArgs];

/** Supervisor flags (map form); every key is optional (SUP-3). */
export interface SupFlags {
  strategy?: Strategy;
  intensity?: number;
  period?: number;
  auto_shutdown?: AutoShutdown;
}

/** The flags after defaults and validation. */
export interface Flags {
  strategy: Strategy;
  intensity: number;
  period: number;
  auto_shutdown: AutoShutdown;
}

/** A child specification (map form); `id` and `start` are mandatory (SUP-3). */
export interface ChildSpec {
  id: Term;
  start: ChildStart;
  restart?: RestartType;
  shutdown?: Shutdown;
  type?: ChildType;
  significant?: boolean;
  modules?: readonly unknown[] | 'dynamic';
}

/** A checked child specification with every key filled in (what `getChildspec` returns). */
export interface FullChildSpec {
  id: Term;
  start: ChildStart;
  restart: RestartType;
  shutdown: Shutdown;
  type: ChildType;
  significant: boolean;
  modules: readonly unknown[] | 'dynamic';
}

/** `['ok', value]` or `['error', term]`. */
export type Checked<T> = readonly ['ok', T] | readonly ['error', Term];

/** Why a spec is invalid: OTP's error term, and the field and value it is about. */
class SpecFailure {
  constructor(readonly term: Term, readonly field: string, readonly value: unknown) {}
}

function fail(term: Term, field: string, value: unknown): never {
  throw new SpecFailure(term, field, value);
}

const STRATEGIES: readonly string[] = ['one_for_one', 'one_for_all', 'rest_for_one', 'simple_one_for_one'];
const AUTO_SHUTDOWNS: readonly string[] = ['never', 'any_significant', 'all_significant'];
const RESTARTS: readonly string[] = ['permanent', 'transient', 'temporary'];

function isMap(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function present(o: Record<string, unknown>, k: string): boolean {
  return o[k] !== undefined;
}

function flagsOrFail(x: unknown): Flags {
  let m: Record<string, unknown>;
  if (isMap(x)) m = x;
  else if (Array.isArray(x) && x.length === 3) m = { strategy: x[0], intensity: x[1], period: x[2] };
  else return fail(['invalid_type', x], 'flags', x);
  const f = {
    strategy: m.strategy ?? 'one_for_one',
    intensity: m.intensity ?? 1,
    period: m.period ?? 5,
    auto_shutdown: m.auto_shutdown ?? 'never',
  };
  if (!STRATEGIES.includes(f.strategy as string)) fail(['invalid_strategy', f.strategy], 'strategy', f.strategy);
  if (!Number.isInteger(f.intensity) || (f.intensity as number) < 0) fail(['invalid_intensity', f.intensity], 'intensity', f.intensity);
  if (!Number.isInteger(f.period) || (f.period as number) <= 0) fail(['invalid_period', f.period], 'period', f.period);
  if (!AUTO_SHUTDOWNS.includes(f.auto_shutdown as string)) fail(['invalid_auto_shutdown', f.auto_shutdown], 'auto_shutdown', f.auto_shutdown);
  return f as Flags;
}

/** True when `start` is a valid `[M, 'f', args]` or `[fn, args]` (OTP's `validFunc`). */
export function isValidStart(s: unknown): s is ChildStart {
  if (!Array.isArray(s)) return false;
  if (s.length === 2) return typeof s[0] === 'function' && Array.isArray(s[1]);
  if (s.length !== 3) return false;
  const m = s[0] as Record<string, unknown> | null;
  return (typeof m === 'object' || typeof m === 'function') && m !== null && typeof s[1] === 'string' &&
    typeof m[s[1]] === 'function' && Array.isArray(s[2]);
}

/**
 * OTP's `validShutdown`: any integer >= 0, with no upper bound (a wait longer than a receive
 * timeout allows runs on a timer, supervisor-child.ts).
 */
function checkShutdown(s: unknown): void {
  const ok = s === 'infinity' || s === 'brutal_kill' || (Number.isInteger(s) && (s as number) >= 0) || (typeof s === 'bigint' && s >= 0n);
  if (!ok) fail(['invalid_shutdown', s], 'shutdown', s);
}

function checkModules(ms: unknown): void {
  if (ms === 'dynamic') return;
  if (!Array.isArray(ms)) fail(['invalid_modules', ms], 'modules', ms);
  for (const m of ms) {
    if (typeof m !== 'string' && typeof m !== 'function' && (typeof m !== 'object' || m === null)) fail(['invalid_module', m], 'modules', m);
  }
}

function checkSignificant(sig: unknown, restart: unknown, auto: AutoShutdown | undefined): void {
  if (sig === true && auto === 'never') fail(['bad_combination', [['auto_shutdown', 'never'], ['significant', true]]], 'significant', sig);
  if (sig === true && restart === 'permanent') fail(['bad_combination', [['restart', 'permanent'], ['significant', true]]], 'significant', sig);
  if (typeof sig !== 'boolean') fail(['invalid_significant', sig], 'significant', sig);
}

function childOrFail(x: unknown, auto: AutoShutdown | undefined): FullChildSpec {
  let m: Record<string, unknown>;
  if (isMap(x)) m = x;
  else if (Array.isArray(x) && x.length === 6) {
    m = { id: x[0], start: x[1], restart: x[2], significant: false, shutdown: x[3], type: x[4], modules: x[5] };
  } else return fail(['invalid_child_spec', x], 'childSpec', x);
  if (!present(m, 'id')) fail('missing_id', 'id', undefined);
  if (!present(m, 'start')) fail('missing_start', 'start', undefined);
  if (!isValidStart(m.start)) fail(['invalid_mfa', m.start], 'start', m.start);
  const restart = m.restart ?? 'permanent';
  if (!RESTARTS.includes(restart as string)) fail(['invalid_restart_type', restart], 'restart', restart);
  const significant = m.significant ?? false;
  checkSignificant(significant, restart, auto);
  const type = m.type ?? 'worker';
  if (type !== 'worker' && type !== 'supervisor') fail(['invalid_child_type', type], 'type', type);
  const shutdown = m.shutdown ?? (type === 'worker' ? 5000 : 'infinity');
  checkShutdown(shutdown);
  const start = m.start as ChildStart;
  const modules = m.modules ?? [start[0]];
  checkModules(modules);
  return {
    id: m.id, start, restart: restart as RestartType, shutdown: shutdown as Shutdown, type: type as ChildType,
    significant: significant as boolean, modules: modules as FullChildSpec['modules'],
  };
}

function capture<T>(fn: () => T): Checked<T> {
  try {
    return ['ok', fn()];
  } catch (e) {
    if (e instanceof SpecFailure) return ['error', e.term];
    throw e;
  }
}

/** Validates flags with defaults (SUP-3); the error term goes inside `['supervisor_data', E]`. */
export function checkFlags(flags: unknown): Checked<Flags> {
  return capture(() => flagsOrFail(flags));
}

/** Validates one child spec with defaults (SUP-3); `auto` undefined skips the auto_shutdown check. */
export function checkChildSpec(spec: unknown, auto: AutoShutdown | undefined): Checked<FullChildSpec> {
  return capture(() => childOrFail(spec, auto));
}

function startSpecOrFail(specs: unknown, auto: AutoShutdown | undefined): FullChildSpec[] {
  // OTP's check_startspec has clauses for lists only: anything else is a function_clause crash
  // (a supervisor's init then fails with {function_clause, Stack}, SUP-2).
  if (!Array.isArray(specs)) throw new ErlangError('function_clause');
  const out: FullChildSpec[] = [];
  const seen = new Set<unknown>();
  specs.forEach((s, i) => {
    let c: FullChildSpec;
    try {
      c = childOrFail(s, auto);
    } catch (e) {
      if (e instanceof SpecFailure && e.field !== 'childSpec') throw new SpecFailure(e.term, `childSpecs[${i}].${e.field}`, e.value);
      if (e instanceof SpecFailure) throw new SpecFailure(e.term, `childSpecs[${i}]`, e.value);
      throw e;
    }
    const key = idKey(c.id);
    if (seen.has(key)) fail(['duplicate_child_name', c.id], `childSpecs[${i}].id`, c.id);
    seen.add(key);
    out.push(c);
  });
  return out;
}

/** Validates a list of child specs (OTP's `check_startspec`): duplicates are `duplicate_child_name`. */
export function checkStartSpec(specs: unknown, auto: AutoShutdown | undefined): Checked<FullChildSpec[]> {
  return capture(() => startSpecOrFail(specs, auto));
}

/**
 * A typed error for an invalid child spec or flags given from outside a process; keeps OTP's term.
 *
 * @example
 * ```ts
 * try { Supervisor.checkChildspecs([{ id: 'a', start: [worker, []], restart: 'always' }]); }
 * catch (e) { if (e instanceof Supervisor.SupervisorSpecError) console.log(e.term); } // ['invalid_restart_type', 'always']
 * ```
 */
export class SupervisorSpecError extends BadArgumentError {
  override name = 'SupervisorSpecError';
  constructor(fn: string, field: string, value: unknown, readonly term: Term) {
    super(fn, field, value, `valid (${formatTerm(term, 4)})`);
  }
}

/** Like {@link checkStartSpec}, but throws a {@link SupervisorSpecError} naming the field. */
export function assertStartSpec(fn: string, specs: unknown, auto: AutoShutdown | undefined): FullChildSpec[] {
  try {
    return startSpecOrFail(specs, auto);
  } catch (e) {
    if (e instanceof SpecFailure) throw new SupervisorSpecError(fn, e.field, e.value, e.term);
    throw e;
  }
}

/** Like {@link checkFlags}, but throws a {@link SupervisorSpecError} naming the field. */
export function assertFlags(fn: string, flags: unknown): Flags {
  try {
    return flagsOrFail(flags);
  } catch (e) {
    if (e instanceof SpecFailure) throw new SupervisorSpecError(fn, `flags.${e.field}`, e.value, e.term);
    throw e;
  }
}

/** A Map key for a child id term (ids are compared with `=:=`). */
export function idKey(id: Term): unknown {
  return termKey(id);
}

/** The spec with its arguments dropped (temporary children added later keep none, SUP-27). */
export function withoutArgs(spec: FullChildSpec): FullChildSpec {
  const s = spec.start;
  const start = (s.length === 2 ? [s[0], 'undefined'] : [s[0], s[1], 'undefined']) as unknown as ChildStart;
  return { ...spec, start };
}

/** The function, receiver and argument list of a start, with `extra` appended (SUP-13). */
export function startCall(start: ChildStart, extra: readonly unknown[] = []): [StartFunction, unknown, unknown[]] {
  if (start.length === 2) {
    const args = start[1] === 'undefined' ? [] : start[1];
    return [start[0], undefined, [...args, ...extra]];
  }
  const m = start[0] as Record<string, StartFunction>;
  const args = start[2] === 'undefined' ? [] : start[2];
  return [m[start[1]]!, m, [...args, ...extra]];
}

/** The argument list of a start (`'undefined'` when not kept). */
export function startArgs(start: ChildStart): StartArgs {
  return start.length === 2 ? start[1] : start[2];
}

/** The start with another argument list. */
export function withArgs(start: ChildStart, args: StartArgs): ChildStart {
  return (start.length === 2 ? [start[0], args] : [start[0], start[1], args]) as unknown as ChildStart;
}
