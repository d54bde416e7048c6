/**
 * The ports: the few interfaces through which the runtime (`src/`) talks to its host.
 *
 * `sim/` implements them virtually (a seeded strategy, a virtual clock, a trace recorder);
 * a real-time host on the Node event loop can implement the same ports later, so the code
 * under test is the code that runs in production. Nothing in `src/` reads time, randomness
 * or timers except through these.
 */
import type { Pid } from './core/pid.js';
import type { Term } from './core/term.js';
import type { TraceEvent } from './core/trace-event.js';

/** A scheduled timer; the host owns it, the runtime keeps it to cancel or read it. */
export interface TimerHandle {
  /** Absolute monotonic time (ms) at which it fires. */
  readonly time: number;
  /** True once fired or cancelled. */
  readonly done: boolean;
}

/** Time, per node: monotonic time, system time, and timers on the monotonic clock. */
export interface Clock {
  /** Monotonic time in ms. */
  now(): number;
  /** System (wall) time in ms since the epoch, possibly skewed per node. */
  systemTime(): number;
  /**
   * Runs `fire(arg)` once the monotonic clock reaches `time`; `target` names who it is for (a
   * pid or a label; stringified only when needed). `arg` spares a closure per timer.
   */
  schedule(time: number, fire: (arg: never) => void, target?: unknown, arg?: unknown): TimerHandle;
  /** Cancels a pending timer; no effect on a fired or cancelled one. */
  cancel(handle: TimerHandle): void;
}

/** The process-level view the scheduler needs. */
export interface Schedulable {
  /** 0 low, 1 normal, 2 high, 3 max. */
  readonly priority: number;
  /** Slot for the scheduler's own bookkeeping (index in a run queue). */
  runSlot: number;
}

/** Which runnable process steps next is the host's choice; the runtime only reports readiness. */
export interface Scheduler {
  /** `p` has something to do (a message it can take, a timeout, a pending exit). */
  ready(p: Schedulable): void;
}

/** Randomness for user-level calls (a `rand` module); the simulator records every draw. */
export interface Entropy {
  /** A float in [0, 1). */
  uniform(): number;
}

/**
 * Receives the typed trace events; `enabled` is read before building an event. It is fixed for
 * the life of the runtime (the runtime decides once whether a send takes its untraced fast path).
 */
export interface Tracer {
  readonly enabled: boolean;
  emit(event: TraceEvent): void;
  /** `emit({ kind: 'send', node, pid, to, msg })` of a delivered message, without the event object (the hot path). */
  send(node: string, pid: Pid | undefined, to: unknown, msg: unknown): void;
  /** `emit({ kind: 'receive', node, pid, msg })`, without the event object (the hot path). */
  receive(node: string, pid: Pid, msg: unknown): void;
}

/** Everything a runtime node needs from its host. */
export interface Host {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly tracer: Tracer;
  readonly entropy: Entropy;
}

export type { Term };
