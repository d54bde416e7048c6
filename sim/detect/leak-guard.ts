/**
 * The leak guard: while simulated code runs, the host's real clocks, randomness and timers
 * are traps. Process code that calls one ends the run as `nonDeterminism`, naming the call.
 * The names live in a table (this file replaces them; it never calls them), which is why the
 * architecture test lets this one file mention them.
 *
 * The traps are put in place once, the first time a guard is armed, and then only armed and
 * disarmed: disarmed, each forwards to the original. Redefining globals on every run made
 * V8 throw away optimised code that reads them (about 100 µs a run); a flag costs nothing.
 * `restoreGlobals()` puts the originals back for whoever needs the identical functions.
 */

/** [owner path, property, how to name it in the report]. */
const TRAPS: ReadonlyArray<readonly [string, string, string]> = [
  ['Math', 'random', 'Math.random()'],
  ['performance', 'now', 'performance.now()'],
  ['process', 'hrtime', 'process.hrtime()'],
  ['crypto', 'randomUUID', 'crypto.randomUUID()'],
  ['crypto', 'getRandomValues', 'crypto.getRandomValues()'],
  ['', 'setTimeout', 'setTimeout()'],
  ['', 'setInterval', 'setInterval()'],
  ['', 'setImmediate', 'setImmediate()'],
  ['', 'queueMicrotask', 'queueMicrotask()'],
];

/**
 * Thrown into the offending code; the simulation also records it, in case the code catches it.
 *
 * @example `if (result.error instanceof NonDeterministicCall) result.error.call; // 'Date.now()'`
 */
export class NonDeterministicCall extends Error {
  override name = 'NonDeterministicCall';
  constructor(readonly call: string) {
    super(`${call} called inside the simulation: use the runtime's clock, timers or entropy instead`);
  }
}

type Saved = [object, string, PropertyDescriptor | undefined];

/** The guard that is armed now, if any. */
let armed: LeakGuard | null = null;
let saved: Saved[] | null = null;

function trip(call: string): void {
  if (armed === null) return;
  armed.violation ??= call;
  throw new NonDeterministicCall(call);
}

function replace(owner: object, prop: string, make: (original: unknown) => unknown): void {
  const desc = Object.getOwnPropertyDescriptor(owner, prop);
  if (desc !== undefined && !desc.configurable && !desc.writable) return;
  const original = desc === undefined ? (owner as Record<string, unknown>)[prop] : desc.get ? desc.get.call(owner) : desc.value;
  if (typeof original !== 'function') return;
  saved!.push([owner, prop, desc]);
  Object.defineProperty(owner, prop, { value: make(original), configurable: true, writable: true, enumerable: desc?.enumerable ?? false });
}

function installTraps(): void {
  saved = [];
  const g = globalThis as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const [ownerName, prop, call] of TRAPS) {
    const owner = ownerName === '' ? (g as object) : g[ownerName];
    if (owner === undefined || owner === null) continue;
    replace(owner, prop, (original) => {
      const fn = original as (...a: unknown[]) => unknown;
      const wrapped = function (this: unknown, ...args: unknown[]): unknown {
        trip(call);
        return fn.apply(this, args);
      };
      return Object.assign(wrapped, fn); // keeps e.g. process.hrtime.bigint
    });
  }
  replace(g, 'Date', (original) => new Proxy(original as DateConstructor, {
    construct(target, args, newTarget) {
      if (args.length === 0) trip('new Date()');
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, thisArg, args) {
      trip('new Date()');
      return Reflect.apply(target, thisArg, args);
    },
    get(target, p, receiver) {
      if (p !== 'now') return Reflect.get(target, p, receiver);
      return () => {
        trip('Date.now()');
        return target.now();
      };
    },
  }));
}

export class LeakGuard {
  /** The first forbidden call seen, if any. */
  violation: string | null = null;
  private depth = 0;
  private outer: LeakGuard | null = null;

  /** Arms the traps for this guard (nested calls are counted). */
  install(): void {
    if (this.depth++ !== 0) return;
    if (saved === null) installTraps();
    this.outer = armed;
    armed = this;
  }

  /** Disarms them when the outermost `install` is undone. */
  uninstall(): void {
    if (--this.depth !== 0) return;
    armed = this.outer;
    this.outer = null;
  }

  /** Puts the original globals back (the traps return at the next `install`). */
  static restoreGlobals(): void {
    if (saved === null || armed !== null) return;
    for (let i = saved.length - 1; i >= 0; i--) {
      const [owner, prop, desc] = saved[i]!;
      if (desc === undefined) delete (owner as Record<string, unknown>)[prop];
      else Object.defineProperty(owner, prop, desc);
    }
    saved = null;
  }
}
