/**
 * dfsweo: Erlang/OTP for TypeScript. The runtime's public API.
 *
 * Processes are generator functions; blocking operations are `yield* op(...)`, everything
 * else is a plain call. See README.md for a first example.
 *
 * @packageDocumentation
 */
export { Pid, Ref, isPid, isRef } from './core/pid.js';
export { Stacktrace, termEquals, termCompare, formatTerm, copyTerm, type Term } from './core/term.js';
export { hashString, termKey } from './core/term-key.js';
export {
  DfsweoError, BadArgumentError, NotInProcessError, ErlangException, ErlangError, ExitException, ThrownValue,
  ProcessExiting, error, exitException, throwTerm, classify, exceptionToReason, isCleanReason, type ExceptionClass,
} from './core/errors.js';
export { receive, yieldNow, TIMEOUT, MAX_TIMEOUT_MS, type Timeout, type Op, type ReceiveOptions } from './core/effects.js';
export type { SpawnOptions, AliasMode } from './core/process.js';
export {
  spawn, spawnLink, spawnMonitor, spawnOpt, self, makeRef, node, processFlag, isProcessAlive, processInfo,
  put, get, erase, getKeys, type ProcessBody, type InfoItem,
} from './core/api/processes.js';
export { send, link, unlink, monitor, demonitor, alias, unalias, exit, type Dest, type MonitorOptions } from './core/api/signals.js';
export { register, unregister, whereis, registered } from './core/api/registry.js';
export { sendAfter, startTimer, cancelTimer, readTimer, monotonicTime, systemTime, type TimerOptions, type TimerResultOptions } from './core/api/timers.js';
export * as timer from './core/api/timer-module.js';
export type { TraceEvent, TraceEventKind } from './core/trace-event.js';
export type { Host, Clock, Scheduler, Tracer, Entropy, TimerHandle, Schedulable } from './host.js';
export { Runtime, isGeneratorFunction } from './core/runtime.js';
export { Proc, Status } from './core/process.js';
export { ctx } from './core/context.js';
export { ets, type EtsOption, type Tab, type TableType, type Protection, type MatchSpec, type MatchClause, type Continuation, type SelectChunk, type CounterOp, type ElementChange } from './ets/index.js';
export * as Supervisor from './behaviours/supervisor.js';
export * as GenServer from './behaviours/gen-server.js';
export type {
  GenServerModule, InitResult, CallResult, NoReplyResult, Action, StartOpts, StartResult, ServerPid, TypedRef, ServerStatus, DebugOpt,
} from './behaviours/gen-server-types.js';
export * as procLib from './behaviours/proc-lib.js';
export * as sys from './behaviours/sys.js';
export * as gen from './behaviours/gen-exports.js';
export { globalRegistry, type ServerName, type ServerRef, type ViaModule } from './behaviours/names.js';
export type { From } from './behaviours/gen.js';
