/**
 * Registered names (REG): one name per process, one process per name, per node.
 */
import { badarg, currentRuntime } from '../guard.js';
import { Pid } from '../pid.js';

/**
 * Registers `name` for the live local `pid` and returns true; `badarg` otherwise (REG-1).
 *
 * @example `register('db', spawn(dbLoop)); send('db', ['get', self()]);`
 */
export function register(name: string, pid: Pid): true {
  const rt = currentRuntime('register');
  if (typeof name !== 'string' || name === 'undefined') return badarg('register', 'name', name, 'an atom other than undefined');
  if (!(pid instanceof Pid)) return badarg('register', 'pid', pid, 'a pid');
  const p = rt.lookup(pid);
  if (p === undefined || !p.alive) return badarg('register', 'pid', pid, 'a live local process');
  if (rt.names.has(name)) return badarg('register', 'name', name, 'a name not already registered');
  if (p.name !== undefined) return badarg('register', 'pid', pid, 'a process without a registered name');
  rt.names.set(name, p);
  p.name = name;
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'register', node: rt.node, pid, name });
  return true;
}

/**
 * Removes a registered name; `badarg` when it is not registered (REG-2).
 *
 * @example `unregister('db'); whereis('db') // 'undefined'`
 */
export function unregister(name: string): true {
  const rt = currentRuntime('unregister');
  const p = typeof name === 'string' ? rt.names.get(name) : undefined;
  if (p === undefined) return badarg('unregister', 'name', name, 'a registered name');
  rt.names.delete(name);
  p.name = undefined;
  const tr = rt.host.tracer;
  if (tr.enabled) tr.emit({ kind: 'unregister', node: rt.node, pid: p.pid, name });
  return true;
}

/**
 * The pid registered as `name`, or `'undefined'` (REG-2).
 *
 * @example `const pid = whereis('db'); if (pid !== 'undefined') monitor('process', pid);`
 */
export function whereis(name: string): Pid | 'undefined' {
  const rt = currentRuntime('whereis');
  if (typeof name !== 'string') return badarg('whereis', 'name', name, 'an atom');
  return rt.names.get(name)?.pid ?? 'undefined';
}

/**
 * All registered names on this node, sorted (a documented, deterministic order).
 *
 * @example `registered() // ['db', 'logger']`
 */
export function registered(): string[] {
  return [...currentRuntime('registered').names.keys()].sort();
}
