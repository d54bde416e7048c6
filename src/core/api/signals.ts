/**
 * Sending, links, monitors, aliases and exit signals: MSG, LINK, EXIT and MON rules.
 *
 * Every function here is a plain (non-blocking) call made from inside a process.
 */
import { ErlangError, ProcessExiting } from '../errors.js';
import { ctx } from '../context.js';
import { badarg, callerProc, currentProc, currentRuntime } from '../guard.js';
import { isWhole, WHOLE } from '../mailbox.js';
import { addAlias, linkMonitor, Monitor, removeAlias, unlinkMonitor } from '../monitor-records.js';
import { Pid, Ref } from '../pid.js';
import { Status, type AliasMode, type Proc } from '../process.js';
import type { Runtime } from '../runtime.js';
import { copyTerm, type Term } from '../term.js';

/** Where a message can go: a pid, a registered name, `[name, node]`, or an alias. */
export type Dest = Pid | string | readonly [string, string] | Ref;

/**
 * @internal Delivers `msg` to `dest` on behalf of `from` (undefined for the runtime itself).
 * With `second`, the message is the two-tuple `[msg, second]`, built only when read
 * (mailbox.ts): what `GenServer.cast` sends.
 *
 * A local pid, untraced and not copied, is the common case and is kept small enough for V8 to
 * inline into the sender (a call here cost pingpong a sixth of its time); everything else is
 * {@link sendAny}.
 */
export function sendFrom(rt: Runtime, from: Proc | undefined, dest: Dest, msg: unknown, second: unknown = WHOLE): void {
  if (dest instanceof Pid && rt.plainSends) sendToPid(rt, dest, msg, second);
  else sendAny(rt, from, dest, msg, second);
}

/** {@link sendFrom} to a pid, untraced and not copied. */
function sendToPid(rt: Runtime, dest: Pid, msg: unknown, second: unknown): void {
  rt.stats.messages++;
  const q = rt.lookup(dest);
  if (q !== undefined && q.alive) rt.deliver(q, msg, second);
}

/** {@link sendFrom} for any destination, traced or copied. */
function sendAny(rt: Runtime, from: Proc | undefined, dest: Dest, msg: unknown, second: unknown): void {
  let q: Proc | undefined;
  let dropped: string | undefined;
  if (dest instanceof Pid) {
    q = rt.lookup(dest);
    if (q === undefined || !q.alive) dropped = 'noproc';
  } else if (typeof dest === 'string') {
    q = rt.names.get(dest);
    if (q === undefined) return badarg('send', 'dest', dest, 'a registered name (MSG-4)');
  } else if (dest instanceof Ref) {
    const a = rt.aliasOf(dest);
    if (a === undefined) dropped = 'inactive_alias';
    else {
      q = a.owner;
      if (a.mode === 'reply_demonitor') {
        removeAlias(dest);
        if (a.monitor) removeMonitor(rt, q, dest);
      }
    }
  } else if (Array.isArray(dest) && dest.length === 2 && typeof dest[0] === 'string' && typeof dest[1] === 'string') {
    q = dest[1] === rt.node ? rt.names.get(dest[0]) : undefined;
    if (q === undefined) dropped = dest[1] === rt.node ? 'unregistered' : 'nodedown';
  } else {
    return badarg('send', 'dest', dest, 'a pid, a registered name, [name, node] or an alias');
  }
  rt.stats.messages++;
  if (rt.copyMessages) { // MSG-5 in strict mode
    msg = copyTerm(msg);
    if (!isWhole(second)) second = copyTerm(second);
  }
  const tr = rt.host.tracer;
  if (tr.enabled) {
    const m = isWhole(second) ? msg : [msg, second];
    if (dropped === undefined) tr.send(rt.node, from?.pid, dest, m);
    else tr.emit({ kind: 'send', node: rt.node, pid: from?.pid, to: dest, msg: m, dropped });
  }
  if (q !== undefined && dropped === undefined) rt.deliver(q, msg, second);
}

/**
 * Sends `msg` to `dest` and returns `msg` (MSG-1). Sending to a dead pid or to `[name, node]`
 * that is not registered drops the message silently; an unregistered local name is `badarg`
 * (MSG-4).
 *
 * @example `send(pid, ['ping', self()])`
 */
export function send<T>(dest: Dest, msg: T): T {
  const p = ctx.proc;
  // The common case (a running process sends to a pid) is sendToPid written out: a call to it
  // here was not inlined into every process's code (V8's budget), and the whole send now is.
  if (p !== null && p.status === Status.Running && dest instanceof Pid) {
    const rt = ctx.rt!;
    if (rt.plainSends) {
      rt.stats.messages++;
      const q = rt.lookup(dest);
      if (q !== undefined && q.alive) rt.deliver(q, msg, WHOLE);
      return msg;
    }
  }
  sendFrom(currentRuntime('send'), callerProc() ?? undefined, dest, msg);
  return msg;
}

function linkEvent(rt: Runtime, kind: 'link' | 'unlink', p: Proc, other: Pid): void {
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind, node: rt.node, pid: p.pid, other });
}

/** @internal Links two live processes (LINK-1). */
export function addLink(rt: Runtime, p: Proc, q: Proc): void {
  if (p === q) return;
  (p.links ??= new Set()).add(q.pid);
  (q.links ??= new Set()).add(p.pid);
  linkEvent(rt, 'link', p, q.pid);
}

/**
 * Links the caller to `pid` (LINK-1). To a dead pid: a trapping caller finds
 * `['EXIT', pid, 'noproc']` in its mailbox, any other raises `noproc` (LINK-2); to an exiting
 * one, the exit signal `noproc` comes back through the link (a caller not trapping dies). To a pid on a
 * node not connected, `noconnection` comes through the link at once (LINK-6).
 *
 * @example `processFlag('trap_exit', true); link(pid); // when pid dies: ['EXIT', pid, reason]`
 */
export function link(pid: Pid): true {
  const rt = currentRuntime('link');
  const p = currentProc('link');
  if (!(pid instanceof Pid)) return badarg('link', 'pid', pid, 'a pid');
  if (pid.node !== rt.node) {
    // A node this one has no connection to (one node for now: the Distribution layer routes
    // these): the link is made and lost at once, and noconnection comes through it (LINK-6).
    linkEvent(rt, 'link', p, pid);
    rt.exitSignal(p, pid, 'noconnection', true);
    return true;
  }
  const q = rt.lookup(pid);
  if (q === undefined || q.status === Status.Dead) {
    if (p.trapExit) rt.deliver(p, ['EXIT', pid, 'noproc']);
    else throw new ErlangError('noproc');
    return true;
  }
  // LINK-2 as OTP 25: an exiting process (its fatal signal already taken) answers the link
  // signal with an exit signal noproc (erts_proc_sig_handle_exit), not its own reason: link
  // returns true, and a caller that does not trap exits dies with noproc.
  // (No link is made, so it goes as a plain signal: for the reason noproc the effect is the same.)
  if (!q.alive) {
    rt.exitSignal(p, pid, 'noproc', false);
    return true;
  }
  addLink(rt, p, q);
  return true;
}

/**
 * Removes the link to `pid`, if any (LINK-3); returns true.
 *
 * @example `unlink(pid); // true; pid's exit no longer reaches the caller`
 */
export function unlink(pid: Pid): true {
  const rt = currentRuntime('unlink');
  const p = currentProc('unlink');
  if (!(pid instanceof Pid)) return badarg('unlink', 'pid', pid, 'a pid');
  if (p.links?.delete(pid)) {
    rt.lookup(pid)?.links?.delete(p.pid);
    linkEvent(rt, 'unlink', p, pid);
  }
  return true;
}

/** Options of {@link monitor}. */
export interface MonitorOptions {
  /** Makes the monitor's ref an alias (MON-6). */
  alias?: AliasMode;
  /** Replaces `'DOWN'` in the message (MON-7). */
  tag?: Term;
}

/** @internal Creates a monitor from `origin` on `target` (undefined: dead or unknown). */
export function addMonitor(rt: Runtime, origin: Proc, target: Proc | undefined, object: Term, opts?: MonitorOptions, goneReason: Term = 'noproc'): Ref {
  const ref = rt.makeRef();
  const tag = opts?.tag ?? 'DOWN';
  const mode = opts?.alias;
  // MON-2 as OTP 25: an exiting target (its fatal signal already taken) answers the monitor
  // with DOWN noproc, as a dead one does (erts_proc_sig_handle_exit), not with its own reason.
  const gone = target === undefined || !target.alive;
  // On a gone target the alias ends with the immediate DOWN, unless explicit_unalias (MON-6).
  if (mode !== undefined && (!gone || mode === 'explicit_unalias')) addAlias(origin, ref, mode, true);
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'monitor', node: rt.node, pid: origin.pid, target: object, ref });
  if (gone) {
    if (tr.enabled) tr.emit({ kind: 'down', node: rt.node, pid: origin.pid, ref, object, reason: goneReason });
    rt.deliver(origin, [tag, ref, 'process', object, goneReason]); // MON-2
    return ref;
  }
  linkMonitor(new Monitor(ref, origin, target, object, tag));
  return ref;
}

/** @internal Removes a monitor held by `origin`; true when it was active. */
export function removeMonitor(rt: Runtime, origin: Proc, ref: Ref): boolean {
  const a = rt.aliasOf(ref);
  // Only the owner's own demonitor ends its alias: another process's call does nothing (MON-3).
  if (a !== undefined && a.owner === origin && a.mode !== 'explicit_unalias') removeAlias(ref);
  const mon = Ref.monitorOf(ref) as Monitor | undefined;
  if (mon === undefined || mon.origin !== origin) return false;
  unlinkMonitor(mon);
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'demonitor', node: rt.node, pid: origin.pid, ref });
  return true;
}

/**
 * Monitors a process (MON-1): by pid, registered name or `[name, node]` (resolved now,
 * REG-3). The caller gets `[tag, ref, 'process', object, reason]` when it dies, or at once
 * with `noproc` if it is not alive, `noconnection` if it is on another node (MON-2).
 * Monitoring oneself returns a ref and does nothing else, as in OTP 25.
 *
 * @example `const ref = monitor('process', pid)`
 */
export function monitor(type: 'process', target: Pid | string | readonly [string, string], opts?: MonitorOptions): Ref {
  const rt = currentRuntime('monitor');
  const p = currentProc('monitor');
  if (type !== 'process') return badarg('monitor', 'type', type, "'process'");
  checkMonitorOptions(opts);
  let q: Proc | undefined;
  let object: Term;
  let goneReason = 'noproc';
  // MON-2: a target on another node is one this node has no connection to (one node for now:
  // the Distribution layer routes these), so its DOWN comes at once, noconnection.
  if (target instanceof Pid) {
    [q, object] = [rt.lookup(target), target];
    if (target.node !== rt.node) goneReason = 'noconnection';
  } else if (typeof target === 'string') {
    [q, object] = [rt.names.get(target), [target, rt.node]];
  } else if (Array.isArray(target) && target.length === 2 && typeof target[0] === 'string' && typeof target[1] === 'string') {
    const here = target[1] === rt.node;
    [q, object] = [here ? rt.names.get(target[0]) : undefined, [target[0], target[1]]];
    if (!here) goneReason = 'noconnection';
  } else {
    return badarg('monitor', 'target', target, 'a pid, a registered name or [name, node]');
  }
  // MON-5, as OTP 25: monitoring oneself (by pid or name) gives a ref and records nothing: no
  // monitor, no alias, no DOWN.
  if (q === p) return rt.makeRef();
  return addMonitor(rt, p, q, object, opts, goneReason);
}

/** @internal Validates monitor options (MON-4): `badarg`, or a typed error naming `arg` outside a process. */
export function checkMonitorOptions(opts: MonitorOptions | undefined, fn = 'monitor', arg = 'options'): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null) badarg(fn, arg, opts, 'an options object');
  for (const k of Object.keys(opts)) if (k !== 'alias' && k !== 'tag') badarg(fn, `${arg}.${k}`, opts, 'alias or tag');
  if (opts.alias !== undefined && !['explicit_unalias', 'demonitor', 'reply_demonitor'].includes(opts.alias)) {
    badarg(fn, `${arg}.alias`, opts.alias, 'explicit_unalias, demonitor or reply_demonitor');
  }
}

/**
 * Removes a monitor (MON-3): always true without options; `flush` also drops a DOWN already
 * queued; `info` returns false when the monitor had already fired.
 *
 * @example `demonitor(ref, { flush: true }); // also drops a queued ['DOWN', ref, 'process', pid, reason]`
 */
export function demonitor(ref: Ref, opts?: { flush?: boolean; info?: boolean }): boolean {
  const rt = currentRuntime('demonitor');
  const p = currentProc('demonitor');
  if (!(ref instanceof Ref) || ref.node !== rt.node) return badarg('demonitor', 'ref', ref, 'a local reference');
  if (opts !== undefined) {
    for (const k of Object.keys(opts)) if (k !== 'flush' && k !== 'info') badarg('demonitor', 'options', opts, 'flush or info');
  }
  const was = removeMonitor(rt, p, ref);
  if (opts?.flush) {
    const i = p.mailbox.find((m) => Array.isArray(m) && m.length === 5 && m[1] === ref && m[2] === 'process');
    if (i >= 0) p.mailbox.removeAt(i);
  }
  return opts?.info ? was : true;
}

/**
 * Creates an alias for the caller (MON-6): messages sent to the ref reach it while active.
 * Mode `'explicit_unalias'` (the default) lasts until `unalias`; `'reply'` ends after the first
 * message through it (OTP's `alias([reply])`).
 * @example `const a = alias({ mode: 'reply' }); send(server, [a, req]);`
 */
export function alias(opts?: { mode?: 'explicit_unalias' | 'reply' }): Ref {
  const rt = currentRuntime('alias');
  const p = currentProc('alias');
  // OTP: alias(foo) and alias([bogus]) are badarg.
  if (opts !== undefined && (typeof opts !== 'object' || opts === null || Object.keys(opts).some((k) => k !== 'mode'))) {
    return badarg('alias', 'options', opts, 'an options object { mode? }');
  }
  const mode = opts?.mode ?? 'explicit_unalias';
  if (mode !== 'explicit_unalias' && mode !== 'reply') return badarg('alias', 'mode', mode, 'explicit_unalias or reply');
  const ref = rt.makeRef();
  // A reply alias ends with its first message, as a monitor's reply_demonitor alias does.
  addAlias(p, ref, mode === 'reply' ? 'reply_demonitor' : mode, false);
  return ref;
}

/**
 * Deactivates an alias of the caller; true when it was active.
 *
 * @example `const a = alias(); send(server, [a, req]); … unalias(a); // true; later sends to a are dropped`
 */
export function unalias(ref: Ref): boolean {
  const rt = currentRuntime('unalias');
  const p = currentProc('unalias');
  if (!(ref instanceof Ref)) return badarg('unalias', 'ref', ref, 'a reference');
  const a = rt.aliasOf(ref);
  if (a === undefined || a.owner !== p) return false;
  removeAlias(ref);
  return true;
}

/**
 * @internal The sender of signals that come from no process (test code, the host): `<N.0.0>`,
 * a pid that is never alive, so such a signal is "from another process" (EXIT-2: `normal` is
 * dropped by a non-trapping receiver).
 */
export function hostPid(rt: Runtime): Pid {
  let p = rt.ext.get('hostPid') as Pid | undefined;
  if (p === undefined) rt.ext.set('hostPid', (p = new Pid(rt.node, rt.nodeIndex, 0)));
  return p;
}

/**
 * `exit(Pid, Reason)`: sends an exit signal and returns true, even to a dead pid (EXIT-1..5).
 * Sent to oneself with a fatal reason, the caller stops at once (it is a signal, EXIT-5).
 *
 * @example
 * ```ts
 * exit(pid, 'shutdown'); // pid exits 'shutdown'; if it traps exits, it gets ['EXIT', self(), 'shutdown']
 * exit(pid, 'kill');     // cannot be trapped: pid exits 'killed'
 * ```
 */
export function exit(pid: Pid, reason: Term): true {
  const rt = currentRuntime('exit');
  if (!(pid instanceof Pid)) return badarg('exit', 'pid', pid, 'a pid');
  const p = callerProc();
  const q = rt.lookup(pid);
  if (q !== undefined) {
    rt.exitSignal(q, p?.pid ?? hostPid(rt), reason, false);
    if (q === p && !p.alive) throw new ProcessExiting(p.exitReason);
  }
  return true;
}
