/**
 * The leak guard: while simulated code runs, the host's real clocks, randomness and timers
 * are replaced by traps. Process code that calls one ends the run as `nonDeterminism`, naming
 * the call. The names live in a table (this file replaces them; it never calls them), which
 * is why the architecture test lets this one file mention them.
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

/** Thrown into the offending code; the simulation also records it, in case the code catches it. */
export class NonDeterministicCall extends Error {
  override name = 'NonDeterministicCall';
  constructor(readonly call: string) {
    super(`${call} called inside the simulation: use the runtime's clock, timers or entropy instead`);
  }
}

type Saved = [object, string, PropertyDescriptor | undefined];

export class LeakGuard {
  /** The first forbidden call seen, if any. */
  violation: string | null = null;
  private depth = 0;
  private saved: Saved[] = [];

  private trap(call: string): () => never {
    return () => {
      this.violation ??= call;
      throw new NonDeterministicCall(call);
    };
  }

  install(): void {
    if (this.depth++ !== 0) return;
    const g = globalThis as unknown as Record<string, Record<string, unknown> | undefined>;
    for (const [ownerName, prop, call] of TRAPS) {
      const owner = ownerName === '' ? (g as object) : g[ownerName];
      if (owner === undefined || owner === null) continue;
      this.replace(owner, prop, this.trap(call));
    }
    const RealDate = g['Date'] as unknown as DateConstructor;
    const onNow = this.trap('Date.now()');
    const onNew = this.trap('new Date()');
    const GuardedDate = new Proxy(RealDate, {
      construct(target, args, newTarget) {
        if (args.length === 0) onNew();
        return Reflect.construct(target, args, newTarget);
      },
      apply() {
        return onNew();
      },
      get(target, p, receiver) {
        return p === 'now' ? onNow : Reflect.get(target, p, receiver);
      },
    });
    this.replace(g, 'Date', GuardedDate);
  }

  uninstall(): void {
    if (--this.depth !== 0) return;
    for (let i = this.saved.length - 1; i >= 0; i--) {
      const [owner, prop, desc] = this.saved[i]!;
      if (desc === undefined) delete (owner as Record<string, unknown>)[prop];
      else Object.defineProperty(owner, prop, desc);
    }
    this.saved = [];
  }

  private replace(owner: object, prop: string, value: unknown): void {
    const desc = Object.getOwnPropertyDescriptor(owner, prop);
    if (desc !== undefined && !desc.configurable && !desc.writable) return;
    this.saved.push([owner, prop, desc]);
    Object.defineProperty(owner, prop, { value, configurable: true, writable: true, enumerable: desc?.enumerable ?? false });
  }
}
