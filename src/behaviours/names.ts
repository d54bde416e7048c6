/**
 * Server names: registration and resolution of `{local}`, `{global}` and `{via}` names
 * (REG-4, GS-8, GLOB-7).
 *
 * - `{ local: 'name' }`: the node's registry (`register`/`whereis`).
 * - `{ global: name }`: a name table kept per node for now ({@link globalRegistry}); the
 *   Distribution issue makes it cluster-wide.
 * - `{ via: module, name }`: a registry the user implements ({@link ViaModule}).
 *
 * A {@link ServerRef} (what `call`/`cast` accept) is also a pid, a local name or `[name, node]`.
 *
 * @example
 * ```ts
 * yield* GenServer.start(Counter, 0, { name: { global: ['counter', 1] } });
 * yield* GenServer.call({ global: ['counter', 1] }, 'get');
 * yield* GenServer.start(Counter, 0, { name: { via: myRegistry, name: 'c' } });
 * ```
 */
import { ctx } from '../core/context.js';
import { ErlangError, ExitException } from '../core/errors.js';
import { badarg, currentRuntime } from '../core/guard.js';
import { Pid } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import type { Runtime } from '../core/runtime.js';
import { formatTerm, type Term } from '../core/term.js';
import { termKey } from '../core/term-key.js';
import { sendFrom } from '../core/api/signals.js';
import { delLock, setLock, sync, trans } from './global-locks.js';

/** A registry module for `{ via: module, name }` names (GLOB-7). */
export interface ViaModule {
  /** Registers `pid` under `name`: `'yes'`, or `'no'` if taken. */
  registerName(name: Term, pid: Pid): 'yes' | 'no';
  unregisterName(name: Term): unknown;
  /** The pid, or `'undefined'`. */
  whereisName(name: Term): Pid | 'undefined';
  /** Sends `msg` to the pid registered as `name` and returns it; exits `['badarg', [name, msg]]` if none. */
  send(name: Term, msg: unknown): Pid;
}

/** How a server is named when it starts. */
export type ServerName = { local: string } | { global: Term } | { via: ViaModule; name: Term };

/** How a server is addressed: a pid, a local name, `[name, node]`, or a global or via name. */
export type ServerRef = Pid | string | readonly [string, string] | { global: Term } | { via: ViaModule; name: Term };

interface GlobalTable {
  byName: Map<unknown, { name: Term; proc: Proc }>;
}

function globalTable(rt: Runtime): GlobalTable {
  let t = rt.ext.get('global.names') as GlobalTable | undefined;
  if (t === undefined) {
    const table: GlobalTable = { byName: new Map() };
    t = table;
    rt.ext.set('global.names', t);
    // GLOB-3: a name disappears when its process dies.
    rt.exitHooks.push((p) => {
      const held = p.ext?.globalNames as Set<unknown> | undefined;
      if (held !== undefined) for (const k of held) table.byName.delete(k);
    });
  }
  return t;
}

/** The keys of the global names `p` holds (more than one only through `reRegisterName`). */
function namesOf(p: Proc): Set<unknown> {
  const ext = (p.ext ??= {});
  return (ext.globalNames ??= new Set<unknown>()) as Set<unknown>;
}

function unregisterKey(t: GlobalTable, k: unknown): void {
  const e = t.byName.get(k);
  if (e === undefined) return;
  t.byName.delete(k);
  namesOf(e.proc).delete(k);
}

/**
 * The `{ global: name }` registry of one node (the Distribution issue extends it to a
 * cluster), with `global`'s locks (GLOB-5) and `sync` (GLOB-6). It is a {@link ViaModule}, so
 * `{ via: globalRegistry, name }` equals `{ global: name }`.
 *
 * @example
 * ```ts
 * globalRegistry.registerName('leader', self()); // 'yes'
 * const pid = globalRegistry.whereisName('leader'); // self(), or 'undefined' once it has died
 * ```
 */
export const globalRegistry = {
  /**
   * `global:register_name/2`: `'yes'`, or `'no'` when the name is taken or the pid already has
   * a global name (GLOB-1). A dead pid gets `'yes'` and no name: OTP registers it, and its
   * monitor takes the name away at once.
   *
   * @example `if (globalRegistry.registerName(['worker', 1], self()) === 'no') { ... }`
   */
  registerName(name: Term, pid: Pid): 'yes' | 'no' {
    const rt = currentRuntime('global.registerName');
    if (!(pid instanceof Pid)) throw new ErlangError('function_clause');
    const t = globalTable(rt);
    const k = termKey(name);
    if (t.byName.has(k)) return 'no';
    const p = rt.lookup(pid);
    if (p === undefined || !p.alive) return 'yes';
    if (((p.ext?.globalNames as Set<unknown> | undefined)?.size ?? 0) !== 0) return 'no';
    t.byName.set(k, { name, proc: p });
    namesOf(p).add(k);
    return 'yes';
  },
  /**
   * `global:re_register_name/2`: `'yes'`; the name now names `pid`, whoever had it (GLOB-2).
   * A pid may get a second name this way (OTP does not check it here); a dead pid's name is
   * gone at once, as its monitor fires.
   *
   * @example `globalRegistry.reRegisterName('leader', self()); // 'yes', whoever had it`
   */
  reRegisterName(name: Term, pid: Pid): 'yes' {
    const rt = currentRuntime('global.reRegisterName');
    if (!(pid instanceof Pid)) throw new ErlangError('function_clause');
    const t = globalTable(rt);
    const k = termKey(name);
    unregisterKey(t, k);
    const p = rt.lookup(pid);
    if (p !== undefined && p.alive) {
      t.byName.set(k, { name, proc: p });
      namesOf(p).add(k);
    }
    return 'yes';
  },
  /**
   * `global:unregister_name/1`: `'ok'`, whether or not the name was registered.
   *
   * @example `globalRegistry.unregisterName('leader'); // 'ok'`
   */
  unregisterName(name: Term): 'ok' {
    unregisterKey(globalTable(currentRuntime('global.unregisterName')), termKey(name));
    return 'ok';
  },
  /**
   * `global:whereis_name/1`: the pid the name names, or `'undefined'`.
   *
   * @example `const leader = globalRegistry.whereisName('leader'); if (leader !== 'undefined') send(leader, 'ping');`
   */
  whereisName(name: Term): Pid | 'undefined' {
    const e = globalTable(currentRuntime('global.whereisName')).byName.get(termKey(name));
    return e !== undefined && e.proc.alive ? e.proc.pid : 'undefined';
  },
  /**
   * `global:send/2`: sends `msg` to the process the name names and returns its pid; exits with
   * `['badarg', [name, msg]]` when the name is not registered.
   *
   * @example `globalRegistry.send('leader', ['hello', self()]);`
   */
  send(name: Term, msg: unknown): Pid {
    const rt = currentRuntime('global.send');
    const e = globalTable(rt).byName.get(termKey(name));
    // As global:send/2: an exit (not an error, so no stack in the reason), when whereisName would say 'undefined'.
    if (e === undefined || !e.proc.alive) throw new ExitException(['badarg', [name, msg]]);
    sendFrom(rt, ctx.proc ?? undefined, e.proc.pid, msg);
    return e.proc.pid;
  },
  /**
   * `global:registered_names/0`: every registered global name.
   *
   * @example `globalRegistry.registeredNames(); // ['leader', ['worker', 1]]`
   */
  registeredNames(): Term[] {
    return [...globalTable(currentRuntime('global.registeredNames')).byName.values()].map((e) => e.name);
  },
  setLock,
  delLock,
  trans,
  sync,
} satisfies ViaModule & Record<string, unknown>;

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Pid);
}

/**
 * True for a well-formed {@link ServerName}.
 *
 * @example `gen.isServerName({ local: 'db' }) // true; gen.isServerName('db') is false (a ref, not a name)`
 */
export function isServerName(x: unknown): x is ServerName {
  if (!isObj(x)) return false;
  if ('local' in x) return typeof x.local === 'string' && x.local !== '' && x.local !== 'undefined';
  if ('global' in x) return true;
  if ('via' in x) return isObj(x.via) && typeof (x.via as unknown as ViaModule).registerName === 'function' && 'name' in x;
  return false;
}

/** The module and name of a well-formed `{via, name}` ref (not `{global}`), else undefined. @internal */
export function viaOfRef(ref: ServerRef): [ViaModule, Term] | undefined {
  if (!isObj(ref) || !('via' in ref) || !isObj(ref.via) || typeof (ref.via as Partial<ViaModule>).send !== 'function') return undefined;
  return [ref.via as ViaModule, (ref as { name: Term }).name];
}

function viaOf(n: { global: Term } | { via: ViaModule; name: Term }): [ViaModule, Term] {
  return 'global' in n ? [globalRegistry, n.global] : [n.via, n.name];
}

/**
 * Registers the running process under `name` (REG-4): `true`, or the pid that holds it. For a
 * global or via name that is what `whereisName` answers after `registerName` said `'no'`, as
 * OTP's gen:register_name (`{false, where(Name)}`): `'undefined'` when nobody holds it.
 * @internal
 */
export function registerName(rt: Runtime, p: Proc, name: ServerName): true | Pid | 'undefined' {
  if ('local' in name) {
    const holder = rt.names.get(name.local);
    if (holder !== undefined) return holder.pid;
    if (p.name !== undefined) return badarg('register', 'pid', p.pid, 'a process without a registered name');
    rt.names.set(name.local, p);
    p.name = name.local;
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'register', node: rt.node, pid: p.pid, name: name.local });
    return true;
  }
  const [mod, n] = viaOf(name);
  if (mod.registerName(n, p.pid) === 'yes') return true;
  return mod.whereisName(n);
}

/** Removes a name registered by {@link registerName} (before a failed start acks). @internal */
export function unregisterName(rt: Runtime, name: ServerName | undefined): void {
  if (name === undefined) return;
  if ('local' in name) {
    const holder = rt.names.get(name.local);
    if (holder === undefined) return;
    rt.names.delete(name.local);
    holder.name = undefined;
    const tr = rt.host.tracer;
    if (tr.enabled) tr.emit({ kind: 'unregister', node: rt.node, pid: holder.pid, name: name.local });
    return;
  }
  const [mod, n] = viaOf(name);
  mod.unregisterName(n);
}

/** True when the running process owns `name` (GS-25). @internal */
export function ownsName(rt: Runtime, p: Proc, name: ServerName): boolean {
  if ('local' in name) return rt.names.get(name.local) === p;
  const [mod, n] = viaOf(name);
  return mod.whereisName(n) === p.pid;
}

/** What a {@link ServerRef} resolves to: the process, `undefined` (noproc) or `['nodedown', node]`. @internal */
export type Resolved = Proc | undefined | readonly ['nodedown', string];

/** Resolves a server ref on `rt` (GS-8); badarg for a malformed one. @internal */
export function resolve(rt: Runtime, ref: ServerRef, api: string): Resolved {
  if (ref instanceof Pid) {
    if (ref.node !== rt.node) return ['nodedown', ref.node];
    const q = rt.lookup(ref);
    return q !== undefined && q.alive ? q : undefined;
  }
  if (typeof ref === 'string') return rt.names.get(ref);
  if (Array.isArray(ref) && ref.length === 2 && typeof ref[0] === 'string' && typeof ref[1] === 'string') {
    return ref[1] === rt.node ? rt.names.get(ref[0]) : ['nodedown', ref[1]];
  }
  if (isObj(ref) && ('global' in ref || ('via' in ref && isObj(ref.via)))) {
    const [mod, n] = viaOf(ref as { global: Term });
    const pid = mod.whereisName(n);
    return pid instanceof Pid ? resolve(rt, pid, api) : undefined;
  }
  return badarg(api, 'serverRef', ref, 'a pid, a name, [name, node], { global } or { via, name }');
}

/** How a server ref reads in reports: `'b'`, `<0.6.0>`, `{global,x}`. @internal */
export function formatRef(ref: ServerRef): string {
  if (typeof ref === 'string') return `'${ref}'`;
  if (ref instanceof Pid) return String(ref);
  if (isObj(ref) && 'global' in ref) return `{global,${formatTerm(ref.global, 3)}}`;
  if (isObj(ref) && 'via' in ref) return `{via,${formatTerm((ref as { name: Term }).name, 3)}}`;
  return formatTerm(ref, 3);
}

/** The name a process is known by, for reports: its local name, else its pid. @internal */
export function displayName(p: Proc): string {
  return p.name !== undefined ? `'${p.name}'` : String(p.pid);
}
