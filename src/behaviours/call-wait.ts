/**
 * What a process blocked in a call (or a start, or a response wait) waits on, and the register
 * of such processes per node, which the simulator reads when nothing is runnable to report a
 * cycle of processes waiting on each other as a deadlock before any call timeout fires.
 */
import { ReceiveEffect } from '../core/effects.js';
import type { Pid } from '../core/pid.js';
import { Status, type Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import { displayName, formatRef, type ServerRef } from './names.js';

/**
 * What a caller blocked in a call waits for; the deadlock detector follows `waitsOn`.
 * @internal The `waitingFor` of proc_lib's start and of response waits, built on the runtime's
 * receive effect, which the package does not export.
 */
export class CallWait {
  constructor(
    readonly waitsOn: Pid,
    private readonly server: Proc,
    private readonly ref: ServerRef | undefined,
    private readonly verb: string,
  ) {}

  /** `calls 'b'`: the server's registered name when it has one, else how it was addressed. */
  get text(): string {
    return callText(this.verb, this.server, this.ref);
  }
}

function callText(verb: string, server: Proc, ref: ServerRef | undefined): string {
  return `${verb} ${server.name !== undefined || ref === undefined ? displayName(server) : formatRef(ref)}`;
}

/**
 * Runs `op` (a blocking wait on `server`) as a call, so a cycle through it is found; `waitingFor`
 * of its receive should be a {@link CallWait}.
 * @internal Needs a receive effect carrying a {@link CallWait}, which only dfsweo's own
 * behaviours can build (gen-requests.ts).
 */
export function* registered<T>(rt: Runtime, op: Generator<unknown, T, unknown>): Generator<unknown, T, unknown> {
  callStarted(rt);
  try {
    return yield* op;
  } finally {
    callEnded(rt);
  }
}

/**
 * A call's receive, which is also what it waits for (one allocation instead of two). The call
 * fills in `waitsOn`, the server and the matcher when it starts (see gen.ts).
 */
export class CallReceive extends ReceiveEffect {
  // Declared and set in the constructor, not class fields: see ReceiveEffect.
  declare waitsOn: Pid | undefined;
  declare protected server: Proc | undefined;
  declare protected readonly ref: ServerRef;
  declare protected readonly verb: string;

  constructor(ref: ServerRef, verb: string) {
    super(null, Infinity, undefined);
    (this as { waitingFor: unknown }).waitingFor = this;
    this.waitsOn = undefined;
    this.server = undefined;
    this.ref = ref;
    this.verb = verb;
  }

  get text(): string {
    return callText(this.verb, this.server!, this.ref);
  }
}

/** True when `w` (a process's `waitingFor`) is a blocked call. */
function isCallWait(w: unknown): w is { waitsOn: Pid } {
  return (w instanceof CallReceive && w.waitsOn !== undefined) || w instanceof CallWait;
}

/**
 * How many calls a node has seen start and end, and the start count when a check last found no
 * cycle. Who is blocked in a call is not kept: it is a process `Waiting` on a receive whose
 * `waitingFor` is a call wait, which the check reads from the process table — only when nothing
 * is runnable, a call started since the last check, and two or more calls are under way (a
 * cycle needs two). A caller killed mid-call never counts as ended, which only makes checks
 * run where they could be skipped. A call costs two increments.
 */
interface CallRegister {
  adds: number;
  ends: number;
  checked: number;
}

let lastRt: Runtime | null = null;
let lastReg: CallRegister | null = null;

function callRegister(rt: Runtime): CallRegister {
  if (rt === lastRt) return lastReg!;
  let r = rt.ext.get('gen.calls') as CallRegister | undefined;
  if (r === undefined) {
    r = { adds: 0, ends: 0, checked: 0 };
    rt.ext.set('gen.calls', r);
  }
  lastRt = rt;
  lastReg = r;
  return r;
}

/** A process of `rt` is about to block in a call (a new cycle can only close then). */
export function callStarted(rt: Runtime): void {
  callRegister(rt).adds++;
}

/** A call begun with {@link callStarted} is over (answered, failed or timed out). */
export function callEnded(rt: Runtime): void {
  callRegister(rt).ends++;
}

/** True when `p` is blocked in a call right now. */
function inCall(p: Proc): p is Proc & { waitingFor: { waitsOn: Pid } } {
  return p.status === Status.Waiting && isCallWait(p.waitingFor);
}

/**
 * The cycles of processes blocked in calls on each other (each waits on the next, the last on
 * the first), each starting at its smallest pid. The simulator asks whenever nothing is
 * runnable; it costs nothing unless a caller blocked since the last check.
 *
 * @example `const cycles = gen.callCycles(sim.runtime); // [[a, b]] when a calls b while b calls a`
 */
export function callCycles(rt: Runtime): Pid[][] {
  const reg = rt.ext.get('gen.calls') as CallRegister | undefined;
  if (reg === undefined || reg.adds === reg.checked) return [];
  if (reg.adds - reg.ends < 2) {
    reg.checked = reg.adds;
    return [];
  }
  // A cycle needs two callers; most idle moments have one at most, found by one walk of the table.
  let callers: Proc[] | null = null;
  let first: Proc | null = null;
  for (let p = rt.procs.head; p !== null; p = p.nextLive) {
    if (!inCall(p)) continue;
    if (first === null) first = p;
    else (callers ??= [first]).push(p);
  }
  const cycles: Pid[][] = [];
  if (callers !== null) findCycles(rt, callers, cycles);
  // Waiting callers keep their edges, so until another caller blocks no new cycle can form.
  if (cycles.length === 0) reg.checked = reg.adds;
  return cycles;
}

function findCycles(rt: Runtime, callers: readonly Proc[], cycles: Pid[][]): void {
  const done = new Set<Proc>();
  for (const start of callers) {
    const path: Proc[] = [];
    const onPath = new Set<Proc>();
    let cur: Proc | undefined = start;
    while (cur !== undefined && !done.has(cur) && !onPath.has(cur)) {
      if (!inCall(cur)) { cur = undefined; break; }
      path.push(cur);
      onPath.add(cur);
      cur = rt.lookup(cur.waitingFor.waitsOn);
    }
    if (cur !== undefined && onPath.has(cur)) {
      const cycle = path.slice(path.indexOf(cur)).map((p) => p.pid);
      const min = cycle.reduce((a, b, i) => (b.serial < cycle[a]!.serial ? i : a), 0);
      cycles.push([...cycle.slice(min), ...cycle.slice(0, min)]);
    }
    for (const p of path) done.add(p);
  }
}
