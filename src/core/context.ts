/**
 * The ambient context: which runtime node and which process are executing right now.
 *
 * Processes run one at a time, and code between two `yield*` runs to completion, so one
 * mutable slot is enough. The runtime sets it around each process step (and around host
 * callbacks such as a timer firing); plain API calls (`self`, `send`, `spawn`, ETS) read it.
 */
import type { Proc } from './process.js';
import type { Runtime } from './runtime.js';

export interface Context {
  /** The node whose code is running, if any. */
  rt: Runtime | null;
  /** The process whose step is running, if any. */
  proc: Proc | null;
}

/**
 * The one ambient context. Only the runtime writes it.
 *
 * @internal Exported for sim/ (`Simulation.inspect` sets the current node) and tests; user
 * code reaches the current process through `self()` and the API calls.
 */
export const ctx: Context = { rt: null, proc: null };
