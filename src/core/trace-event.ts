/**
 * The typed events the runtime reports to the host's tracer.
 *
 * The runtime fills in what happened; the host stamps `step`, `time` (and may add more).
 * Every field is a term or a primitive, so events print and hash stably.
 */
import type { Pid, Ref } from './pid.js';
import type { Term } from './term.js';

interface Base {
  /** Set by the host's recorder: the step during which it happened. */
  step?: number;
  /** Set by the host's recorder: virtual time in ms. */
  time?: number;
  /** The node on which it happened. */
  node: string;
}

export type TraceEvent =
  | (Base & { kind: 'spawn'; pid: Pid; parent: Pid | undefined; fn: string; link: boolean; monitor: boolean })
  | (Base & { kind: 'send'; pid: Pid | undefined; to: Term; msg: Term; dropped?: string })
  | (Base & { kind: 'deliver'; pid: Pid; from: Pid | undefined; msg: Term })
  | (Base & { kind: 'receive'; pid: Pid; msg: Term })
  | (Base & { kind: 'receiveTimeout'; pid: Pid })
  | (Base & { kind: 'link'; pid: Pid; other: Pid })
  | (Base & { kind: 'unlink'; pid: Pid; other: Pid })
  | (Base & { kind: 'monitor'; pid: Pid; target: Term; ref: Ref })
  | (Base & { kind: 'demonitor'; pid: Pid; ref: Ref })
  | (Base & { kind: 'down'; pid: Pid; ref: Ref; object: Term; reason: Term })
  | (Base & {
      kind: 'exitSignal';
      pid: Pid;
      from: Pid;
      reason: Term;
      link: boolean;
      effect: 'exit' | 'message' | 'ignored';
    })
  | (Base & { kind: 'exit'; pid: Pid; reason: Term })
  | (Base & { kind: 'timerSet'; pid: Pid | undefined; ref: Ref | undefined; at: number; what: string })
  | (Base & { kind: 'timerFire'; pid: Pid | undefined; ref: Ref | undefined; what: string })
  | (Base & { kind: 'timerCancel'; pid: Pid | undefined; ref: Ref })
  | (Base & { kind: 'register'; pid: Pid; name: string })
  | (Base & { kind: 'unregister'; pid: Pid; name: string })
  | (Base & { kind: 'crashReport'; pid: Pid; reason: Term; class: string })
  | (Base & { kind: 'report'; pid: Pid | undefined; category: string; report: Term })
  | (Base & { kind: 'fault'; pid: Pid | undefined; fault: Term })
  | (Base & { kind: 'log'; pid: Pid | undefined; text: string });

export type TraceEventKind = TraceEvent['kind'];
