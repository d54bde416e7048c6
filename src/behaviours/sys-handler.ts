/**
 * The server side of the sys protocol (SYS): what every behaviour loop does with a system
 * message `['system', from, req]`, and the debug hooks (trace, log, statistics, installed
 * functions) threaded through the loop. A loop plugs in by implementing {@link SystemServer};
 * with no debug option set, `srv.debug` is `null` and the loop pays one comparison per message.
 */
import type { Op } from '../core/effects.js';
import { classify, ErlangError, exceptionToReason } from '../core/errors.js';
import { Pid } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import { isGeneratorFunction, type Runtime } from '../core/runtime.js';
import { formatTerm, termEquals, type Term } from '../core/term.js';
import { reply, type From } from './gen.js';
import { formattedState, Stop } from './gen-server-results.js';
import type { DebugOpt } from './gen-server-types.js';
import type { ServerName } from './names.js';

/** A loop that speaks the system protocol. */
export interface SystemServer {
  state: unknown;
  suspended: boolean;
  debug: Debug | null;
  readonly proc: Proc;
  readonly rt: Runtime;
  readonly parent: Pid;
  /** The name the server was started with (OTP's `Name`: what installed functions get, and status and trace show); none: its pid. */
  readonly name?: ServerName | undefined;
  /** What installed debug functions get as their third argument in place of the name (a special process's `Extra`). */
  debugExtra?(): unknown;
  /** The user's callback module name. */
  readonly moduleName: string;
  /** The behaviour: `'gen_server'`, `'gen_statem'`, … (in status and errors). */
  readonly genModule: string;
  mod: object;
  formatState(extra: object): unknown;
  /** Sections a behaviour adds after the state in `getStatus`, e.g. a supervisor's `['supervisor', [['Callback', Mod]]]`. */
  statusSections?(): Term[];
  /** What `getStatus` shows as its last element, in place of the behaviours' sections (a special process's misc). */
  statusMisc?(pdict: Term[], dbg: Term[]): Term;
  /** How a debug event prints, in place of the behaviours' format (a special process's format function). */
  formatEvent?(ev: unknown): string | undefined;
  terminate(stop: Stop): Op<never>;
}

/**
 * An installed debug function (SYS-10), kept as OTP keeps it in its Debug list: `[fn, st]` is
 * `{Func, FuncState}` (`key` the function, `data` its state), `[id, fn, st]` is
 * `{FuncId, {Func, FuncState}}` (`data` the pair).
 */
interface DebugFn {
  key: Term;
  data: unknown;
}

/**
 * The debug record of one process (`sys:debug_options`): made by `sys.debugOptions`, threaded
 * through a special process's loop as `sys.SysDebug` (`null` when nothing is on).
 *
 * @example `const debug: gen.Debug | null = sys.debugOptions(['trace', ['log', 20]]); // debug?.trace === true`
 */
export class Debug {
  trace = false;
  log: { max: number; events: unknown[] } | null = null;
  stats: { startTime: number; reductions0: number; in: number; out: number } | null = null;
  funcs: DebugFn[] = [];
  file: string | null = null;

  get empty(): boolean {
    return !this.trace && this.log === null && this.stats === null && this.funcs.length === 0 && this.file === null;
  }
}

/** The virtual log files of `sys.logToFile`, per node: path → lines. @internal */
export function logFiles(rt: Runtime): Map<string, string[]> {
  let m = rt.ext.get('sys.files') as Map<string, string[]> | undefined;
  if (m === undefined) rt.ext.set('sys.files', (m = new Map()));
  return m;
}

/** Builds a debug record from start options. @internal */
export function debugFromOptions(srv: SystemServer, opts: readonly DebugOpt[] | undefined): Debug | null {
  if (opts === undefined || opts.length === 0) return null;
  const d = new Debug();
  for (const o of opts) {
    if (o === 'trace') d.trace = true;
    else if (o === 'log') d.log = { max: 10, events: [] };
    else if (o === 'statistics') d.stats = newStats(srv);
    else if (!Array.isArray(o)) continue; // OTP's sys:debug_options skips what it does not know
    else if (o[0] === 'log') {
      // sys:debug_options: {log, N} when is_integer(N), N > 0; anything else is skipped.
      if (typeof o[1] === 'number' && Number.isInteger(o[1]) && o[1] > 0) d.log = { max: o[1], events: [] };
    }
    else if (o[0] === 'log_to_file' && typeof o[1] === 'string') {
      logFiles(srv.rt).set(o[1], []);
      d.file = o[1];
    } else if (o[0] === 'install') install(d, o[1]);
  }
  return d.empty ? null : d;
}

function newStats(srv: SystemServer): NonNullable<Debug['stats']> {
  return { startTime: srv.rt.host.clock.now(), reductions0: srv.proc.reductions, in: 0, out: 0 };
}

/**
 * OTP's `Name` in gen_server: `gen:name/1` of the name it was started with (local, global or
 * via), else its pid. A special process (no start name) shows its registered name or pid.
 */
function serverName(srv: SystemServer): Term {
  const n = srv.name;
  if (n === undefined) return !('name' in srv) && srv.proc.name !== undefined ? srv.proc.name : srv.proc.pid;
  return 'local' in n ? n.local : 'global' in n ? n.global : n.name;
}

/** The name as `~tp` prints it in `*DBG*` lines. */
function label(srv: SystemServer): string {
  const n = serverName(srv);
  return typeof n === 'string' || n instanceof Pid ? String(n) : formatTerm(n);
}

/** `gen:format_status_header/2`: a pid or atom is appended; any other name makes a `[TagLine, Name]` pair. */
function statusHeader(srv: SystemServer): Term {
  const tag = `Status for ${srv.genModule === 'gen_server' ? 'generic server' : srv.genModule}`;
  const n = serverName(srv);
  return typeof n === 'string' || n instanceof Pid ? `${tag} ${String(n)}` : [tag, n];
}

/** How an event prints (`sys:print_log`, SYS-9). */
export function formatDebugEvent(name: string, ev: unknown): string {
  if (Array.isArray(ev)) {
    if (ev[0] === 'in' && Array.isArray(ev[1]) && ev[1][0] === '$gen_call') return `*DBG* ${name} got call ${formatTerm(ev[1][2])} from ${String((ev[1][1] as From)[0])}`;
    if (ev[0] === 'in' && Array.isArray(ev[1]) && ev[1][0] === '$gen_cast') return `*DBG* ${name} got cast ${formatTerm(ev[1][1])}`;
    if (ev[0] === 'in') return `*DBG* ${name} got ${formatTerm(ev[1])}`;
    if (ev[0] === 'out') return `*DBG* ${name} sent ${formatTerm(ev[1])} to ${String(Array.isArray(ev[2]) ? ev[2][0] : ev[2])}, new state ${formatTerm(ev[3])}`;
    if (ev[0] === 'noreply') return `*DBG* ${name} new state ${formatTerm(ev[1])}`;
  }
  return `*DBG* ${name} dbg  ${formatTerm(ev)}`; // gen_server:print_event/3, last clause
}

/** Feeds one event to the debug hooks (`sys:handle_debug`). @internal */
export function debugEvent(srv: SystemServer, ev: unknown): void {
  const d = srv.debug!;
  if (d.stats !== null) {
    if (Array.isArray(ev) && ev[0] === 'in') d.stats.in++;
    else if (Array.isArray(ev) && ev[0] === 'out') d.stats.out++;
  }
  if (d.log !== null) {
    d.log.events.push(ev);
    if (d.log.events.length > d.log.max) d.log.events.shift();
  }
  if (d.trace || d.file !== null) {
    const text = srv.formatEvent?.(ev) ?? formatDebugEvent(label(srv), ev);
    if (d.file !== null) logFiles(srv.rt).get(d.file)?.push(text);
    const tr = srv.rt.host.tracer;
    if (d.trace && tr.enabled) tr.emit({ kind: 'log', node: srv.rt.node, pid: srv.proc.pid, text });
  }
  if (d.funcs.length !== 0) {
    const extra = srv.debugExtra !== undefined ? srv.debugExtra() : serverName(srv);
    d.funcs = d.funcs.filter((f) => runDebugFn(f, ev, extra));
  }
  if (d.empty) srv.debug = null;
}

/**
 * One installed function on one event, as `sys:handle_debug/4`: it gets its state, the event and
 * the server's name (SYS-10). A new state is kept; `done` or `throw done` removes it; `throw X`
 * keeps it with state X; an error or exit removes it. Its `data` is matched as OTP matches
 * `{FuncId, {Func, FuncState}}` first: `[fn, [a, b]]` calls `a(b, …)` (and so is dropped).
 */
function runDebugFn(f: DebugFn, ev: unknown, extra: unknown): boolean {
  const pair = Array.isArray(f.data) && f.data.length === 2;
  const [fn, st] = pair ? (f.data as unknown[]) : [f.key, f.data];
  let next: unknown;
  try {
    if (typeof fn !== 'function') throw new ErlangError(['badfun', fn as Term]);
    next = (fn as (s: unknown, e: unknown, x: unknown) => unknown)(st, ev, extra);
  } catch (e) {
    const c = classify(e);
    if (c.class !== 'throw') return false;
    next = c.reason;
  }
  if (next === 'done') return false;
  f.data = pair ? [fn, next] : next;
  return true;
}

/**
 * True for `['system', from, req]`.
 *
 * @example `const m = yield* receive(); if (gen.isSystemMsg(m)) { const [, from, req] = m; }`
 */
export function isSystemMsg(m: unknown): m is readonly ['system', From, unknown] {
  return Array.isArray(m) && m.length === 3 && m[0] === 'system';
}

function status(srv: SystemServer): Term {
  const p = srv.proc;
  const pdict = p.dict ? [...p.dict.values()].map(([k, v]) => [k, v]) : [];
  const dbg = srv.debug === null ? [] : debugList(srv.debug);
  let misc: Term;
  if (srv.statusMisc !== undefined) misc = srv.statusMisc(pdict, dbg);
  else {
    const [state, log] = formatted(srv);
    misc = [
      ['header', statusHeader(srv)],
      ['data', [['Status', srv.suspended ? 'suspended' : 'running'], ['Parent', srv.parent], ['Logged events', log]]],
      ['data', [['State', state]]],
      ...(srv.statusSections?.() ?? []),
    ];
  }
  return ['status', p.pid, ['module', srv.genModule], [pdict, srv.suspended ? 'suspended' : 'running', srv.parent, dbg, misc]];
}

/**
 * The State and Logged events of a status, as gen_server:format_status/2: format_status/1 gets
 * `#{state, log}` once and may change both; when it fails, the log is shown as it is.
 */
function formatted(srv: SystemServer): [unknown, Term] {
  const log = [...(srv.debug?.log?.events ?? [])] as Term;
  const fs = (srv.mod as { formatStatus?: unknown }).formatStatus;
  if (typeof fs !== 'function') return [srv.formatState({}), log];
  let out: unknown;
  const status = { state: srv.state, log };
  const state = formattedState(srv.moduleName, status, (st) => (out = fs.call(srv.mod, st)));
  // gen:format_status/4: a map with (at least) the keys it was given, else the status as it was.
  const ok = typeof out === 'object' && out !== null && !Array.isArray(out) && 'state' in out && 'log' in out;
  return [state, ok ? (out as { log: Term }).log : log];
}

function debugList(d: Debug): Term[] {
  const out: Term[] = [];
  if (d.trace) out.push(['trace', true]);
  if (d.log !== null) out.push(['log', [d.log.max, [...d.log.events]]]);
  if (d.stats !== null) out.push(['statistics', d.stats]);
  for (const f of d.funcs) out.push(['install', f.key]);
  return out;
}

/** Serves one system request (SYS-1..10); the server may end here (`terminate`). @internal */
export function* handleSystem(srv: SystemServer, from: From, req: unknown): Op<void> {
  if (req === 'suspend' || req === 'resume') {
    srv.suspended = req === 'suspend';
    reply(from, 'ok');
    return;
  }
  if (req === 'get_state') return void reply(from, srv.state);
  if (req === 'get_status') return void reply(from, status(srv));
  if (Array.isArray(req)) {
    switch (req[0]) {
      case 'replace_state': return void reply(from, replaceState(srv, req[1] as (s: unknown) => unknown));
      case 'change_code': return void reply(from, yield* changeCode(srv, req));
      case 'terminate':
        // sys:handle_system_msg: the reply goes first, then system_terminate (SYS-6).
        reply(from, 'ok');
        return yield* srv.terminate(new Stop(req[1]));
      case 'debug': return void reply(from, debugRequest(srv, req[1]));
    }
  }
  reply(from, ['error', ['unknown_system_msg', req]]);
}

function replaceState(srv: SystemServer, fn: (s: unknown) => unknown): unknown {
  try {
    srv.state = fn(srv.state);
    return srv.state;
  } catch (e) {
    const c = classify(e);
    return ['error', ['callback_failed', [srv.genModule, 'system_replace_state'], [c.class, c.reason]]];
  }
}

/** SYS-5 / UPG-2: only while suspended. `mod` may be a new callback module (an object) to switch to. */
function* changeCode(srv: SystemServer, req: unknown[]): Op<unknown> {
  if (!srv.suspended) return ['error', ['unknown_system_msg', req]];
  const [, mod, oldVsn, extra] = req;
  const next = typeof mod === 'object' && mod !== null ? mod : srv.mod;
  const cc = (next as { codeChange?: (o: unknown, s: unknown, e: unknown) => unknown }).codeChange;
  let r: unknown;
  try {
    // A module without codeChange: calling it raises undef, and the upgrade fails (gen_server_SUITE:undef_code_change).
    if (cc === undefined) throw new ErlangError('undef');
    const v = cc.call(next, oldVsn, srv.state, extra);
    r = isGeneratorFunction(cc) ? yield* (v as Op<unknown>) : v;
  } catch (e) {
    r = catchResult(e); // gen_server: case catch Mod:code_change(...) of {ok, NewState} -> ...; Else -> Else
  }
  if (Array.isArray(r) && r.length === 2 && r[0] === 'ok') {
    srv.state = r[1];
    srv.mod = next;
    return 'ok';
  }
  return ['error', r];
}

/** What Erlang's `catch Expr` gives for exception `e`: a thrown value itself, `['EXIT', Reason]` for an exit, `['EXIT', [Reason, Stacktrace]]` for an error. */
export function catchResult(e: unknown): unknown {
  const c = classify(e);
  return c.class === 'throw' ? c.reason : ['EXIT', c.class === 'error' ? exceptionToReason(e) : c.reason];
}

function debugRequest(srv: SystemServer, op: unknown): unknown {
  const d = (srv.debug ??= new Debug());
  const [what, arg] = Array.isArray(op) ? op : [op, undefined];
  let result: unknown = 'ok';
  switch (what) {
    case 'trace':
      if (typeof arg === 'boolean') d.trace = arg;
      else result = 'unknown_debug';
      break;
    case 'log': {
      // On (`true` or `[true, N]`) when already on changes nothing, as OTP's install_debug.
      const max = arg === true ? 10 : logSize(arg);
      if (max > 0) d.log ??= { max, events: [] };
      else if (arg === false) d.log = null;
      else if (arg === 'get') result = ['ok', d.log ? [...d.log.events] : []];
      else if (arg === 'print') for (const ev of d.log?.events ?? []) logLine(srv, formatDebugEvent(label(srv), ev));
      else result = 'unknown_debug';
      break;
    }
    case 'log_to_file':
      if (typeof arg === 'string') {
        logFiles(srv.rt).set(arg, []);
        d.file = arg;
      } else d.file = null;
      break;
    case 'statistics':
      if (arg === true) d.stats ??= newStats(srv);
      else if (arg === false) d.stats = null;
      else if (arg === 'get') result = statistics(srv, d);
      else result = 'unknown_debug';
      break;
    case 'install':
      if (!install(d, arg)) result = 'unknown_debug';
      break;
    case 'remove': remove(d, arg); break;
    case 'no_debug': srv.debug = null; return 'ok';
    default: result = 'unknown_debug';
  }
  if (srv.debug !== null && srv.debug.empty) srv.debug = null;
  return result;
}

/**
 * Installs a debug function given as `[fn, state]` (its id is the function) or `[id, fn, state]`,
 * unless one with that id is installed (SYS-10); false when `f` is neither form. As in OTP 25,
 * what is in the function's place is not checked here: one that is not a function fails when
 * first called, and is removed then, as a debug function that raises is.
 */
function install(d: Debug, f: unknown): boolean {
  if (!Array.isArray(f) || (f.length !== 2 && f.length !== 3)) return false;
  const fn: DebugFn = f.length === 3 ? { key: f[0], data: [f[1], f[2]] } : { key: f[0], data: f[1] };
  if (!d.funcs.some((x) => termEquals(x.key, fn.key))) d.funcs.unshift(fn); // install_debug prepends
  return true;
}

/** `sys:remove` is OTP's `lists:keydelete(Item, 1, Debug)`: a built-in option's key (`log`, …) drops that option. */
function remove(d: Debug, key: unknown): void {
  if (key === 'trace' && d.trace) d.trace = false;
  else if (key === 'log' && d.log !== null) d.log = null;
  else if (key === 'statistics' && d.stats !== null) d.stats = null;
  else if (key === 'log_to_file' && d.file !== null) d.file = null;
  else {
    const i = d.funcs.findIndex((f) => termEquals(f.key, key as Term));
    if (i >= 0) d.funcs.splice(i, 1);
  }
}

/** The size of a log flag `[true, N]` (OTP's `{true, N}`), N an integer ≥ 1; else 0. */
function logSize(arg: unknown): number {
  const n: unknown = Array.isArray(arg) && arg.length === 2 && arg[0] === true ? arg[1] : 0;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 0;
}

function logLine(srv: SystemServer, text: string): void {
  const tr = srv.rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'log', node: srv.rt.node, pid: srv.proc.pid, text });
}

function statistics(srv: SystemServer, d: Debug): unknown {
  if (d.stats === null) return ['ok', 'no_statistics'];
  const s = d.stats;
  return ['ok', [
    ['start_time', s.startTime], ['current_time', srv.rt.host.clock.now()],
    ['reductions', srv.proc.reductions - s.reductions0], ['messages_in', s.in], ['messages_out', s.out],
  ]];
}
