/**
 * Loading a scenario module: a file (TypeScript or JavaScript) whose exports include
 * scenarios (`defineScenario({...})`), directly or in an exported array or object. TypeScript
 * files load through tsx's loader when the command itself is not already running under it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isScenario, type Scenario } from '../properties/index.js';
import { CliError } from './errors.js';

export { CliError };

let tsxRegistered = false;

async function ensureTs(path: string): Promise<void> {
  if (!/\.(c|m)?tsx?$/.test(path) || tsxRegistered || import.meta.url.endsWith('.ts')) return;
  try {
    const api = (await import('tsx/esm/api' as string)) as { register: () => void };
    api.register();
    tsxRegistered = true;
  } catch {
    throw new CliError(`${path} is TypeScript: install tsx, or build it to JavaScript first`);
  }
}

/**
 * The scenarios a module exports, by name, in the order of the export names (a module
 * namespace's order in Node.js; other loaders, such as vitest's, keep source order, so the
 * names are sorted here for every loader to agree), and in their own order inside an exported
 * array or object.
 */
export async function loadScenarios(path: string): Promise<Map<string, Scenario>> {
  const file = resolve(path);
  if (!existsSync(file)) throw new CliError(`no such module: ${path}`);
  await ensureTs(file);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const out = new Map<string, Scenario>();
  const add = (x: unknown): void => {
    if (isScenario(x)) {
      if (out.has(x.name) && out.get(x.name) !== x) throw new CliError(`${path} exports two scenarios named '${x.name}'`);
      out.set(x.name, x);
    } else if (Array.isArray(x)) x.forEach(add);
  };
  for (const key of Object.keys(mod).sort()) {
    const v = mod[key];
    if (isScenario(v) || Array.isArray(v)) add(v);
    else if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(add);
  }
  if (out.size === 0) throw new CliError(`${path} exports no scenarios (export values made with defineScenario)`);
  return out;
}

/** One scenario of a module, by name. */
export async function loadScenario(path: string, name: string): Promise<Scenario> {
  const all = await loadScenarios(path);
  const s = all.get(name);
  if (s === undefined) throw new CliError(`${path} has no scenario '${name}' (it has: ${[...all.keys()].join(', ')})`);
  return s;
}
