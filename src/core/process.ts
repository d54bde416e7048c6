/**
 * The process record: everything the runtime knows about one process.
 *
 * Kept lean (the idle-process budget is under 1,000 bytes): link, monitor, dictionary
 * and timer collections are allocated on first use.
 */
import type { Schedulable, TimerHandle } from '../host.js';
import { Mailbox } from './mailbox.js';
import type { ReceiveEffect } from './effects.js';
import type { Alias, Monitor } from './monitor-records.js';
import type { Pid } from './pid.js';
import type { Term } from './term.js';

/**
 * The life of a process. `Exiting` means a fatal signal is pending; it counts as dead.
 *
 * @internal The states of the internal {@link Proc} record, exported for sim/ (the fault
 * injector and selector) and tests; users read liveness with `isProcessAlive` and
 * `processInfo(pid, 'status')`.
 */
export const enum Status {
  /** Has something to do; the scheduler holds it. */
  Runnable = 0,
  /** Blocked in `receive` with nothing it can take. */
  Waiting = 1,
  /** Its step is executing now. */
  Running = 2,
  /** A fatal exit signal is pending; it dies the next time it is scheduled. */
  Exiting = 3,
  /** Gone. */
  Dead = 4,
}

/** A message predicate given to `receive`. */
export type Matcher = (msg: unknown) => boolean;

export type { Monitor } from './monitor-records.js';

/** A timer aimed at a process, in that process's list: its death cancels it (TMR-2). */
export interface OwnedTimer {
  /** Cancels the timer as its owner dies; returns the next one in the list. */
  ownerDied(): OwnedTimer | null;
}

/** Spawn options as validated and recorded (PROC-4). */
export interface SpawnOptions {
  link?: boolean;
  monitor?: boolean | { tag?: Term; alias?: AliasMode };
  priority?: 'low' | 'normal' | 'high' | 'max';
  min_heap_size?: number;
  min_bin_vheap_size?: number;
  fullsweep_after?: number;
  max_heap_size?: number | { size: number; kill?: boolean; error_logger?: boolean };
  message_queue_data?: 'off_heap' | 'on_heap';
}

export type AliasMode = 'explicit_unalias' | 'demonitor' | 'reply_demonitor';

/** Priority names in the order of their numbers. */
export const PRIORITIES = ['low', 'normal', 'high', 'max'] as const;

/** What the runtime resumes each step: the body's generator, or a behaviour's own loop. */
export interface Resumable {
  next(input: unknown): IteratorResult<unknown, unknown>;
}

/** @internal The runtime's record of one process. */
export class Proc implements Schedulable {
  // Field order is memory order: what every step and every delivery touches comes first, so a
  // message passed along a ring of a thousand processes touches three cache lines of each.
  readonly pid: Pid;
  gen: Resumable | null;
  /**
   * True while `gen` is a generator object: the runtime then resumes it through the one
   * generator `next` (runtime.ts), not through a property of the object, whose map differs for
   * every generator function (a megamorphic load on every step). False for a behaviour's loop.
   */
  native = true;
  priority: number;
  status: Status = Status.Runnable;
  /** Index in the scheduler's run queue, -1 when not queued. */
  runSlot = -1;
  readonly mailbox = new Mailbox();
  /** The value the generator is resumed with on its next step. */
  resume: unknown = undefined;
  /** While waiting: what `receive` accepts. `null` accepts anything. */
  matcher: Matcher | null = null;
  /** Index in the mailbox of the message a waiting receive matched, or -1. */
  matchIndex = -1;
  /** The pending `after` timer of the current receive. */
  recvTimer: TimerHandle | null = null;
  /** Set when the `after` timer fired before the process ran again (RCV-4). */
  timedOut = false;
  /** What a blocked receive waits for, for deadlock reports. */
  waitingFor: unknown = undefined;
  reductions = 0;
  /** The process's `receive()` (any message, no timeout), made on first use and reused (effects.ts). */
  anyReceive: ReceiveEffect | null = null;
  /** The reason of a pending fatal exit signal (valid when status is Exiting). */
  exitReason: Term = undefined;
  trapExit = false;
  name: string | undefined = undefined;
  links: Set<Pid> | null = null;
  /** First and last of the monitors this process holds, in creation order (monitor-records.ts). */
  monitors: Monitor | null = null;
  monitorsTail: Monitor | null = null;
  /** First and last of the monitors held on this process, in creation order. */
  monitoredBy: Monitor | null = null;
  monitoredByTail: Monitor | null = null;
  /** Active aliases owned by this process (a list, newest first). */
  aliases: Alias | null = null;
  /** Timers whose destination is this pid: cancelled when it dies (TMR-2). */
  timers: Set<TimerHandle> | null = null;
  /** Neighbours in the node's process table (see proc-table.ts). */
  prevLive: Proc | null = null;
  nextLive: Proc | null = null;
  /** Head of the list of erlang timers (`sendAfter`, `startTimer`) aimed at this process. */
  ownedTimers: OwnedTimer | null = null;
  dict: Map<unknown, [unknown, unknown]> | null = null;
  options: SpawnOptions | null = null;
  /** Run-time state that behaviours attach (sys debug, proc_lib data). */
  ext: Record<string, unknown> | null = null;
  /** The process's body (its name is read only when asked for: `fn.name` is a slow getter). */
  readonly fn: (...a: never[]) => unknown;
  readonly parent: Pid | undefined;
  /** What to call the process instead of its body's function: a behaviour's `'mod:init/1'`. */
  label: string | undefined = undefined;

  constructor(pid: Pid, gen: Resumable | null, fn: (...a: never[]) => unknown, parent: Pid | undefined, priority: number) {
    this.pid = pid;
    this.gen = gen;
    this.priority = priority;
    this.fn = fn;
    this.parent = parent;
  }

  /** The label, or the name of the body's function (`current_function`, traces, deadlock reports). */
  get fnName(): string {
    return this.label ?? (this.fn.name || 'anonymous');
  }

  get alive(): boolean {
    return this.status < Status.Exiting;
  }
}
