/**
 * gen: what every behaviour shares — the `call` protocol, `reply`, and the register of
 * processes blocked in calls that the simulator reads to report call cycles.
 *
 * A call monitors the server with `{alias: 'demonitor'}`, sends `[label, [caller, mref], req]`
 * and waits for `[mref, reply]`, the monitor's DOWN, or the timeout. The reply is sent to the
 * alias, so once the caller gave up (demonitor on timeout deactivates it) a late reply is
 * dropped before it reaches the mailbox (GS-9). Failures exit with OTP's bare reason (`timeout`,
 * `noproc`, `calling_self`, `['nodedown', N]`, the server's reason) put into each behaviour's
 * shape (`[R, ['gen_server', 'call', args]]`, GS-6) by a {@link CallShape}; without one they
 * raise {@link GenCallExit} for the caller to handle.
 */
import { ctx } from '../core/context.js';
import { ReceiveEffect, TIMEOUT, timeoutMs, type Op } from '../core/effects.js';
import { ExitException } from '../core/errors.js';
import { currentProc, currentRuntime } from '../core/guard.js';
import { Pid, Ref } from '../core/pid.js';
import { Status, type Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import { addMonitor, sendFrom, type MonitorOptions } from '../core/api/signals.js';
import { displayName, formatRef, resolve, type ServerRef } from './names.js';
import { demonitorFlush } from './proc-lib.js';

/** Who is waiting for a reply: `[callerPid, tag]` (GS-5). */
export type From<Reply = unknown> = readonly [Pid, Ref | Term] & { readonly __reply?: Reply };

/** A failed call: `reason` is OTP's bare reason; behaviours rewrap it. */
export class GenCallExit extends ExitException {
  override name = 'GenCallExit';
}

/** What a caller blocked in a call waits for; the deadlock detector follows `waitsOn`. */
export class CallWait {
  constructor(
    readonly waitsOn: Pid,
    private readonly server: Proc,
    private readonly ref: ServerRef,
    private readonly verb: string,
  ) {}

  /** `calls 'b'`: the server's registered name when it has one, else how it was addressed. */
  get text(): string {
    return callText(this.verb, this.server, this.ref);
  }
}

function callText(verb: string, server: Proc, ref: ServerRef): string {
  return `${verb} ${server.name !== undefined ? displayName(server) : formatRef(ref)}`;
}

/** A call's receive, which is also what it waits for (one allocation instead of two). */
class CallReceive extends ReceiveEffect {
  readonly waitsOn: Pid;

  constructor(matcher: (m: unknown) => boolean, after: number, private readonly server: Proc, private readonly ref: ServerRef, private readonly verb: string) {
    super(matcher, after, undefined);
    this.waitsOn = server.pid;
    (this as { waitingFor: unknown }).waitingFor = this;
  }

  get text(): string {
    return callText(this.verb, this.server, this.ref);
  }
}

/** True when `w` (a process's `waitingFor`) is a blocked call. */
function isCallWait(w: unknown): w is { waitsOn: Pid } {
  return w instanceof CallReceive || w instanceof CallWait;
}

/** The processes of a node blocked in a call right now. */
interface CallRegister {
  callers: Set<Proc>;
}

let lastRt: Runtime | null = null;
let lastReg: CallRegister | null = null;

function callRegister(rt: Runtime): CallRegister {
  if (rt === lastRt) return lastReg!;
  let r = rt.ext.get('gen.calls') as CallRegister | undefined;
  if (r === undefined) {
    const reg: CallRegister = { callers: new Set() };
    r = reg;
    rt.ext.set('gen.calls', reg);
    rt.exitHooks.push((p) => {
      if (reg.callers.size !== 0) reg.callers.delete(p);
    });
  }
  lastRt = rt;
  lastReg = r;
  return r;
}

/**
 * The cycles of processes blocked in calls on each other (each waits on the next, the last on
 * the first), each starting at its smallest pid. Cheap when fewer than two calls wait: the
 * simulator asks whenever nothing is runnable.
 */
export function callCycles(rt: Runtime): Pid[][] {
  const reg = rt.ext.get('gen.calls') as CallRegister | undefined;
  if (reg === undefined || reg.callers.size < 2) return [];
  const cycles: Pid[][] = [];
  const done = new Set<Proc>();
  for (const start of reg.callers) {
    const path: Proc[] = [];
    let cur: Proc | undefined = start;
    while (cur !== undefined && !done.has(cur) && !path.includes(cur)) {
      if (cur.status !== Status.Waiting || !isCallWait(cur.waitingFor) || !reg.callers.has(cur)) { cur = undefined; break; }
      path.push(cur);
      cur = rt.lookup(cur.waitingFor.waitsOn);
    }
    if (cur !== undefined && path.includes(cur)) {
      const cycle = path.slice(path.indexOf(cur)).map((p) => p.pid);
      const min = cycle.reduce((a, b, i) => (b.serial < cycle[a]!.serial ? i : a), 0);
      cycles.push([...cycle.slice(min), ...cycle.slice(0, min)]);
    }
    for (const p of path) done.add(p);
  }
  return cycles;
}

const ALIAS: MonitorOptions = { alias: 'demonitor' };

/**
 * How a behaviour shapes a failed call's exit reason from OTP's bare one, e.g.
 * `[reason, ['gen_server', 'call', [ref, req]]]` (GS-6). Module-level functions, so a call
 * allocates no closure for it.
 */
export type CallShape = (reason: Term, ref: ServerRef, req: unknown, timeout: number | 'infinity') => Term;

function fail(reason: Term, shape: CallShape | null, ref: ServerRef, req: unknown, timeout: number | 'infinity'): never {
  if (shape === null) throw new GenCallExit(reason);
  throw new ExitException(shape(reason, ref, req, timeout));
}

/**
 * Calls a gen_* process: sends `[label, from, req]` and waits for its reply (GS-5..9).
 * `timeout` is ms or `'infinity'`. Raises {@link GenCallExit} on failure.
 * @internal
 */
export function* call(
  api: string, ref: ServerRef, label: string, req: unknown, timeout: number | 'infinity', shape: CallShape | null = null, verb = 'calls',
): Op<unknown> {
  const p = currentProc(api);
  const rt = ctx.rt!;
  const after = timeout === 5000 ? 5000 : timeoutMs(timeout);
  const q = resolve(rt, ref, api);
  if (q === undefined) return fail('noproc', shape, ref, req, timeout);
  if (Array.isArray(q)) return fail(q, shape, ref, req, timeout);
  const server = q as Proc;
  if (server === p) return fail('calling_self', shape, ref, req, timeout); // GS-7: nothing is sent.
  const mref = addMonitor(rt, p, server, server.pid, ALIAS);
  sendFrom(rt, p, server.pid, [label, [p.pid, mref], req]);
  const reg = callRegister(rt);
  reg.callers.add(p);
  const m = (yield new CallReceive(
    (x) => Array.isArray(x) && (x[0] === mref || (x[1] === mref && x[0] === 'DOWN')),
    after,
    server,
    ref,
    verb,
  )) as unknown[] | typeof TIMEOUT;
  reg.callers.delete(p);
  if (m === TIMEOUT) {
    demonitorFlush(rt, p, mref);
    // The reply may have landed just as the timeout fired (RCV-4): take it, then it is no late reply.
    const i = p.mailbox.find((x) => Array.isArray(x) && x.length === 2 && x[0] === mref);
    if (i >= 0) return (p.mailbox.removeAt(i) as unknown[])[1];
    return fail('timeout', shape, ref, req, timeout);
  }
  if (m[0] === mref) {
    demonitorFlush(rt, p, mref);
    return m[1];
  }
  const reason = m[4];
  return fail(reason === 'noconnection' ? ['nodedown', server.pid.node] : reason, shape, ref, req, timeout);
}

/**
 * Sends `reply` to the caller `from` (GS-10): from any process, at most once useful; a reply
 * to a caller that gave up is dropped (its alias is inactive, GS-9). Returns `'ok'`.
 *
 * @example `GenServer.reply(from, ['ok', 42])`
 */
export function reply(from: From, msg: unknown): 'ok' {
  const rt = currentRuntime('reply');
  const tag = from[1];
  sendFrom(rt, ctx.proc ?? undefined, tag instanceof Ref ? tag : from[0], [tag, msg]);
  return 'ok';
}

/** Sends `msg` to a server ref, dropping it when the ref does not resolve (GS-13). @internal */
export function sendTo(rt: Runtime, ref: ServerRef, msg: unknown, api: string): void {
  if (ref instanceof Pid) return sendFrom(rt, ctx.proc ?? undefined, ref, msg); // a dead or remote pid: dropped
  const q = resolve(rt, ref, api);
  if (q !== undefined && !Array.isArray(q)) sendFrom(rt, ctx.proc ?? undefined, (q as Proc).pid, msg);
}

/** @internal Raises `exit(shape(reason))` for a failed call, passing other exceptions through. */
export function rewrap(e: unknown, shape: (reason: Term) => Term): never {
  if (e instanceof GenCallExit) throw new ExitException(shape(e.reason));
  throw e;
}
