/**
 * The mutex of *Designing for Scalability with Erlang/OTP* (ch. 10, special processes): a
 * process written by hand, without gen_server, that still speaks the system protocol — so
 * `sys.getState`, `sys.suspend`, `sys.trace`, `sys.log` and `sys.terminate` work on it.
 *
 * - `wait(name)` blocks until the caller holds the mutex; `signal(name)` releases it.
 * - The mutex is a two-state machine: `free` takes a `wait`, `busy` takes only the holder's
 *   `signal`; other messages stay queued (selective receive), so waiters are served in order.
 * - Like the book's, it does not watch its holder: a holder that dies without signalling
 *   leaves the mutex busy for ever (the property suite shows the simulator finding that).
 * - On a parent's exit (it traps exits) or `stop`, it exits every queued waiter and itself.
 *
 * @example
 * ```ts
 * yield* Mutex.startLink('m');
 * yield* Mutex.wait('m');
 * // … the critical section …
 * Mutex.signal('m');
 * ```
 */
import {
  exit, exitException, procLib, processFlag, receive, register, self, send, sys, TIMEOUT, unregister, whereis,
  type Op, type Pid, type Term,
} from '../../src/index.js';

type Debug = sys.SysDebug;
/** The loop's state between messages (OTP's `Misc`): which state, the name, the holder. */
export type MutexState = readonly ['free', string] | readonly ['busy', string, Pid];

type Msg = readonly ['wait', Pid] | readonly ['signal', Pid] | 'stop' | readonly ['EXIT', Pid, Term] | readonly ['system', unknown, unknown];

/** The system callbacks `sys.handleSystemMsg` calls. */
const Mutex: sys.SpecialModule<MutexState> = {
  name: 'mutex',
  *systemTerminate(reason, _parent, _debug, state) {
    if (state[0] === 'busy') exit(state[2], reason);
    return yield* terminate(reason, state[1]);
  },
  systemGetState: (state) => ['ok', state],
  systemReplaceState(fn, state) {
    const next = fn(state) as MutexState;
    return ['ok', next, next];
  },
};

/** Starts the mutex registered as `name`, linked to the caller; `debug` are sys debug options. */
export function* startLink(name: string, debug: Parameters<typeof sys.debugOptions>[0] = []): Op<unknown> {
  return yield* procLib.startLink(init, [self(), name, debug]);
}

/** Blocks until the caller holds the mutex `name`. */
export function* wait(name: string): Op<'ok'> {
  send(name, ['wait', self()]);
  const mutex = whereis(name);
  yield* receive((m) => Array.isArray(m) && m[0] === mutex && m[1] === 'ok');
  return 'ok';
}

/** Releases the mutex `name` (only its holder's signal is taken). */
export function signal(name: string): 'ok' {
  send(name, ['signal', self()]);
  return 'ok';
}

/** Stops the mutex: it exits every queued waiter, then itself, with `shutdown`. */
export function stop(name: string): void {
  send(name, 'stop');
}

function* init(parent: Pid, name: string, options: Parameters<typeof sys.debugOptions>[0]): Op<never> {
  register(name, self());
  processFlag('trap_exit', true);
  const debug = sys.debugOptions(options);
  procLib.initAck(['ok', self()]);
  return yield* loop(parent, debug, ['free', name]);
}

const isWait = (m: unknown): boolean => Array.isArray(m) && m[0] === 'wait' && m.length === 2;
const isControl = (m: unknown): boolean => m === 'stop' || (Array.isArray(m) && (m[0] === 'system' || m[0] === 'EXIT'));

/** The two states as one loop over `state` (JavaScript has no tail calls to switch functions with). */
function* loop(parent: Pid, debug: Debug, state: MutexState): Op<never> {
  for (;;) {
    const holder = state[0] === 'busy' ? state[2] : undefined;
    const accepts = holder === undefined
      ? (m: unknown) => isWait(m) || isControl(m)
      : (m: unknown) => (Array.isArray(m) && m[0] === 'signal' && m[1] === holder) || isControl(m);
    const m = (yield* receive(accepts)) as Msg;
    const name = state[1];
    if (m === 'stop') return yield* terminate('shutdown', name);
    if (m[0] === 'system') {
      [debug, state] = yield* sys.handleSystemMsg(m[2], m[1] as never, parent, Mutex, debug, state);
    } else if (m[0] === 'EXIT') {
      if (m[1] !== parent) continue;
      if (holder !== undefined) exit(holder, m[2]);
      return yield* terminate(m[2], name);
    } else if (m[0] === 'wait') {
      debug = sys.handleDebug(debug, format, name, m);
      send(m[1], [self(), 'ok']);
      state = ['busy', name, m[1]];
    } else {
      debug = sys.handleDebug(debug, format, name, m);
      state = ['free', name];
    }
  }
}

function format(event: unknown, name: unknown): string {
  const [what, pid] = event as [string, Pid];
  return `mutex ${String(name)}: ${what} ${String(pid)}`;
}

/** Exits every waiter still queued with `reason`, then the mutex itself (the book's terminate/2). */
function* terminate(reason: Term, name: string): Op<never> {
  unregister(name);
  for (;;) {
    const m = yield* receive(isWait, { after: 0 });
    if (m === TIMEOUT) return exitException(reason);
    exit((m as ['wait', Pid])[1], reason);
  }
}
