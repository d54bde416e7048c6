/**
 * Process identifiers and references: the two identity terms of the runtime.
 *
 * A `Pid` or `Ref` is created once by the runtime and passed around by identity; two
 * pids are the same process exactly when they are the same object (remote copies keep
 * the instance). Printing is stable: `<0.42.0>` and `#Ref<0.0.0.7>`, where the first
 * number is the node's index in the simulation (0 for the first node), so traces of two
 * runs compare line for line.
 */

/**
 * The identity of one process. Never reused (PROC-1).
 *
 * @example
 * ```ts
 * const pid: Pid = spawn(worker);
 * String(pid); // '<0.5.0>': node index, serial
 * if (from === pid) { … } // the same process is always the same object
 * ```
 */
export class Pid {
  /** The live process record on its own node (a lookup cache; not part of the term). */
  #proc: unknown = undefined;

  /** @internal The process record cached on `pid` by its node, if alive. */
  static procOf(pid: Pid): unknown {
    return pid.#proc;
  }

  /** @internal Caches (or, with undefined, forgets) the process record of `pid`. */
  static cacheProc(pid: Pid, proc: unknown): void {
    pid.#proc = proc;
  }

  /** @internal */
  constructor(
    /** The node the process lives on. */
    readonly node: string,
    /** The node's index, used for printing and ordering. */
    readonly nodeIndex: number,
    /** The per-node serial number. */
    readonly serial: number,
  ) {}

  /** `<N.S.0>`, as Erlang prints a pid. */
  toString(): string {
    return `<${this.nodeIndex}.${this.serial}.0>`;
  }
}

/**
 * A unique reference (`make_ref()`), also used for monitors, timers and aliases.
 *
 * @example
 * ```ts
 * const ref: Ref = makeRef();
 * send(server, ['req', ref, self()]);
 * const reply = yield* receive((m) => Array.isArray(m) && m[0] === ref);
 * ```
 */
export class Ref {
  /** The active alias on this ref (a lookup cache; not part of the term). */
  #alias: unknown = undefined;
  /** The active monitor of this ref (a lookup cache; not part of the term). */
  #monitor: unknown = undefined;
  /** Made by gen as a call's tag: OTP's `[alias|Ref]` (gen.ts `reply`; not part of the term). */
  #callTag = false;

  /** @internal Marks `ref` as a call tag of gen's. */
  static markCallTag(ref: Ref): void {
    ref.#callTag = true;
  }

  /** @internal True when gen made `ref` as a call's tag. */
  static isCallTag(ref: Ref): boolean {
    return ref.#callTag;
  }

  /** @internal The active alias record on `ref`, if any. */
  static aliasOf(ref: Ref): unknown {
    return ref.#alias;
  }

  /** @internal Records (or, with undefined, forgets) the alias on `ref`. */
  static cacheAlias(ref: Ref, alias: unknown): void {
    ref.#alias = alias;
  }

  /** @internal The active monitor record of `ref`, if any. */
  static monitorOf(ref: Ref): unknown {
    return ref.#monitor;
  }

  /** @internal Records (or, with undefined, forgets) the monitor of `ref`. */
  static cacheMonitor(ref: Ref, monitor: unknown): void {
    ref.#monitor = monitor;
  }

  /** @internal */
  constructor(
    readonly node: string,
    readonly nodeIndex: number,
    readonly serial: number,
  ) {}

  /** `#Ref<N.0.0.S>`, as Erlang prints a reference. */
  toString(): string {
    return `#Ref<${this.nodeIndex}.0.0.${this.serial}>`;
  }
}

/** True when `x` is a {@link Pid}. @example `isPid(self()) // true; isPid('main') // false` */
export function isPid(x: unknown): x is Pid {
  return x instanceof Pid;
}

/** True when `x` is a {@link Ref}. @example `isRef(makeRef()) // true; isRef('ref') // false` */
export function isRef(x: unknown): x is Ref {
  return x instanceof Ref;
}
