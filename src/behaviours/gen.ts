/**
 * gen: what every behaviour shares — the `call` protocol and `reply` (the register of blocked
 * calls that the simulator reads to report call cycles is in call-wait.ts).
 *
 * A call monitors the server with `{alias: 'demonitor'}`, sends `[label, [caller, mref], req]`
 * and waits for `[mref, reply]`, the monitor's DOWN, or the timeout. The reply is sent to the
 * alias, so once the caller gave up (demonitor on timeout deactivates it) a late reply is
 * dropped before it reaches the mailbox (GS-9). Such a tag is marked ({@link isCallTag}): OTP's is
 * `[alias|Ref]`, and `reply` sends to the alias only then; any other tag (a hand-made
 * `[pid, makeRef()]`) is answered `pid ! {Tag, Reply}` (GS-10). Failures exit with OTP's bare reason (`timeout`,
 * `noproc`, `calling_self`, `['nodedown', N]`, the server's reason) put into each behaviour's
 * shape (`[R, ['gen_server', 'call', args]]`, GS-6) by a {@link CallShape}; without one they
 * raise {@link GenCallExit} for the caller to handle.
 */
import { ctx } from '../core/context.js';
import { MAX_TIMEOUT_MS, TIMEOUT, type Op } from '../core/effects.js';
import { ErlangError, exceptionToReason, ExitException, stackless } from '../core/errors.js';
import { currentProc, currentRuntime } from '../core/guard.js';
import { Pid, Ref } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import type { Term } from '../core/term.js';
import { isWhole, WHOLE } from '../core/mailbox.js';
import { addMonitor, sendFrom, type MonitorOptions } from '../core/api/signals.js';
import { CallReceive, callEnded, callStarted } from './call-wait.js';
import { resolve, viaOfRef, type ServerRef } from './names.js';
import { demonitorFlush } from './proc-lib.js';

/** Who is waiting for a reply: `[callerPid, tag]` (GS-5). */
export type From<Reply = unknown> = readonly [Pid, Ref | Term] & { readonly __reply?: Reply };

/**
 * A failed call: `reason` is OTP's bare reason; behaviours rewrap it.
 * @internal Raised only by the internal {@link call} without a shape, and always caught or
 * rewrapped ({@link rewrap}) before a user's code sees it: public calls exit with OTP's shapes.
 */
export class GenCallExit extends ExitException {
  override name = 'GenCallExit';
}

const ALIAS: MonitorOptions = { alias: 'demonitor' };

/**
 * @internal Marks `ref` as a tag gen made for its own call or request: OTP's `[alias|Ref]`,
 * which `reply` answers through the alias. A mark on the ref itself, so it holds after the alias
 * is gone (a late reply to a caller that gave up is then dropped, GS-9), and a hand-made ref is
 * never one. Returns `ref`.
 */
export function callTag(ref: Ref): Ref {
  Ref.markCallTag(ref);
  return ref;
}

/** @internal True when `tag` is a tag gen made for a call or request. */
export function isCallTag(tag: unknown): boolean {
  return tag instanceof Ref && Ref.isCallTag(tag);
}

/**
 * How a behaviour shapes a failed call's exit reason from OTP's bare one, e.g.
 * `[reason, ['gen_server', 'call', [ref, req]]]` (GS-6). Module-level functions, so a call
 * allocates no closure for it.
 */
export type CallShape = (reason: Term, ref: ServerRef, req: unknown, timeout: number | 'infinity') => Term;

/** A failed call exits without a JS stack: see {@link stackless}. */
function fail(reason: Term, shape: CallShape | null, ref: ServerRef, req: unknown, timeout: number | 'infinity'): never {
  throw stackless(() => (shape === null ? new GenCallExit(reason) : new ExitException(shape(reason, ref, req, timeout))));
}

/**
 * Calls a gen_* process: sends `[label, from, req]` and waits for its reply (GS-5..9).
 * `timeout` is ms or `'infinity'`. A failure exits `shape(reason, …)`, or raises
 * {@link GenCallExit} without a shape.
 *
 * Not a generator: the returned object is its own iterator (as the kernel's receive is), so a
 * call costs no generator object. The first `next()` checks, monitors and sends, then yields
 * itself as the receive effect; the second takes what the runtime resumed it with.
 * @internal
 */
export function call(
  api: string, ref: ServerRef, label: string, req: unknown, timeout: number | 'infinity', shape: CallShape | null = null, verb = 'calls',
): Op<unknown> {
  return new CallOp(api, ref, label, req, timeout, shape, verb) as unknown as Op<unknown>;
}

class CallOp extends CallReceive {
  // Declared and set in the constructor, not class fields: see ReceiveEffect.
  declare private started: boolean;
  declare private caller: Proc | undefined;
  declare private mref: Ref | undefined;
  declare private readonly api: string;
  declare private readonly label: string;
  declare private readonly req: unknown;
  declare private readonly timeout: number | 'infinity';
  declare private readonly shape: CallShape | null;

  constructor(api: string, ref: ServerRef, label: string, req: unknown, timeout: number | 'infinity', shape: CallShape | null, verb: string) {
    super(ref, verb);
    this.started = false;
    this.caller = undefined;
    this.mref = undefined;
    this.api = api;
    this.label = label;
    this.req = req;
    this.timeout = timeout;
    this.shape = shape;
  }

  override next(input?: unknown): this {
    if (!this.started) {
      this.started = true;
      this.start();
      this.done = false;
      this.value = this;
      return this;
    }
    this.value = this.finish(input as unknown[] | typeof TIMEOUT);
    this.done = true;
    return this;
  }

  private fail(reason: Term): never {
    return fail(reason, this.shape, this.ref, this.req, this.timeout);
  }

  private start(): void {
    const p = currentProc(this.api);
    const rt = ctx.rt!;
    const t = this.timeout;
    const after = t === 5000 ? 5000 : this.checkedTimeout(t);
    const q = resolve(rt, this.ref, this.api);
    if (q === undefined) this.fail('noproc');
    if (Array.isArray(q)) this.fail(q);
    const server = q as Proc;
    if (server === p) this.fail('calling_self'); // GS-7: nothing is sent.
    const mref = callTag(addMonitor(rt, p, server, server.pid, ALIAS));
    sendFrom(rt, p, server.pid, [this.label, [p.pid, mref], this.req]);
    callStarted(rt);
    this.caller = p;
    this.mref = mref;
    this.server = server;
    this.waitsOn = server.pid;
    const self = this as { matcher: unknown; after: number };
    self.matcher = (x: unknown) => Array.isArray(x) && (x[0] === mref || (x[1] === mref && x[0] === 'DOWN'));
    self.after = after;
  }

  /**
   * The timeout in ms. gen:call takes `'infinity'` or an integer ≥ 0, and no clause matches
   * anything else: the caller's `catch` makes that `{function_clause, Stack}` (OTP 25), put
   * into the call's exit shape. A larger integer than a receive takes fails in the receive
   * (`timeout_value`); here before anything is sent.
   */
  private checkedTimeout(t: unknown): number {
    if (t === 'infinity') return Infinity;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 0) return this.fail(exceptionToReason(new ErlangError('function_clause')));
    if (t > MAX_TIMEOUT_MS) return this.fail(exceptionToReason(new ErlangError('timeout_value')));
    return t;
  }

  private finish(m: unknown[] | typeof TIMEOUT): unknown {
    const p = this.caller!;
    const rt = ctx.rt!;
    const mref = this.mref!;
    callEnded(rt);
    if (m === TIMEOUT) {
      demonitorFlush(rt, p, mref);
      // The reply may have landed just as the timeout fired (RCV-4): take it, then it is no late reply.
      const i = p.mailbox.find((x) => Array.isArray(x) && x.length === 2 && x[0] === mref);
      if (i >= 0) return (p.mailbox.removeAt(i) as unknown[])[1];
      return this.fail('timeout');
    }
    demonitorFlush(rt, p, mref);
    if (m[0] === mref) return m[1];
    const reason = m[4];
    return this.fail(reason === 'noconnection' ? ['nodedown', this.server!.pid.node] : reason);
  }
}

/**
 * Sends `reply` to the caller `from` (GS-10): from any process, at most once useful; a reply
 * to a caller that gave up is dropped (its alias is inactive, GS-9). Returns `'ok'`.
 * As gen:reply: to the alias only when the tag is one of gen's call tags; any other
 * `[pid, tag]` (a hand-made one, e.g. `[self(), makeRef()]`) gets `[tag, reply]` sent to `pid`.
 *
 * @example `GenServer.reply(from, ['ok', 42])`
 */
export function reply(from: From, msg: unknown): 'ok' {
  const rt = currentRuntime('reply');
  const tag = from[1];
  if (isCallTag(tag)) {
    sendFrom(rt, ctx.proc ?? undefined, tag as Ref, [tag, msg]);
    return 'ok';
  }
  try {
    sendFrom(rt, ctx.proc ?? undefined, from[0], [tag, msg]);
  } catch (e) {
    if (!(e instanceof ErlangError)) throw e; // `try To ! {Tag, Reply}, ok catch _:_ -> ok end`
  }
  return 'ok';
}

/**
 * Sends `msg` (or the two-tuple `[msg, second]`, queued unbuilt) to a server ref, dropping it
 * when the ref does not resolve (GS-13). To `{via, M, name}` it is `M.send(name, msg)`, whatever
 * that does, and whatever it raises is ignored (gen_server:cast: `catch Mod:send(...)`). @internal
 */
export function sendTo(rt: Runtime, ref: ServerRef, msg: unknown, api: string, second: unknown = WHOLE): void {
  if (ref instanceof Pid) return sendFrom(rt, ctx.proc ?? undefined, ref, msg, second); // a dead or remote pid: dropped
  const via = viaOfRef(ref);
  if (via !== undefined) {
    try {
      via[0].send(via[1], isWhole(second) ? msg : [msg, second]);
    } catch {
      // GLOB-7: a cast to a via name returns ok regardless.
    }
    return;
  }
  const q = resolve(rt, ref, api);
  if (q !== undefined && !Array.isArray(q)) sendFrom(rt, ctx.proc ?? undefined, (q as Proc).pid, msg, second);
}

/** @internal Raises `exit(shape(reason))` for a failed call, passing other exceptions through. */
export function rewrap(e: unknown, shape: (reason: Term) => Term): never {
  if (e instanceof GenCallExit) throw stackless(() => new ExitException(shape(e.reason)));
  throw e;
}
