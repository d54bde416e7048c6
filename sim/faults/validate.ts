/**
 * Checking a fault plan: every fault is validated field by field before a run starts, and a
 * bad one throws a typed error naming the field (`faults[2].target.name`).
 */
import { BadArgumentError } from '../../src/index.js';
import { NETWORK_FAULT_KINDS, PROCESS_FAULT_KINDS, type Fault, type Selector } from './plan.js';

type Rec = Record<string, unknown>;

const isObj = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isPos = (x: unknown): x is number => isNat(x) && x > 0;
const isName = (x: unknown): x is string => typeof x === 'string' && x.length > 0;
const isNames = (x: unknown): x is string[] => Array.isArray(x) && x.length > 0 && x.every(isName);

const ALL_KINDS: readonly unknown[] = [...PROCESS_FAULT_KINDS, ...NETWORK_FAULT_KINDS];

const KINDS_TEXT = `one of ${ALL_KINDS.join(', ')}`;

/**
 * Checks the fields of fault number `index` (-1: the plan itself); a failed check throws,
 * naming the field (`faults[2].target.name`). A run validates its plan before it starts, so
 * the passing path builds no strings: the field's name is put together only on failure.
 */
class Checker {
  index = -1;
  constructor(readonly fn: string) {}
  need(cond: boolean, field: string, value: unknown, expected: string): void {
    if (!cond) throw new BadArgumentError(this.fn, this.index < 0 ? field : `faults[${this.index}]${field}`, value, expected);
  }
}

function checkSelector(c: Checker, s: unknown): asserts s is Selector {
  c.need(isObj(s), '.target', s, "a selector ({ by: 'name' | 'path' | 'any' })");
  const sel = s as Rec;
  if (sel.by === 'name') c.need(isName(sel.name), '.target.name', sel.name, 'a non-empty string');
  else if (sel.by === 'path') c.need(isNames(sel.path), '.target.path', sel.path, 'a non-empty list of names (registered supervisor first)');
  else c.need(sel.by === 'any', '.target.by', sel.by, "'name', 'path' or 'any'");
}

const optional = (x: unknown, ok: (v: unknown) => boolean): boolean => x === undefined || ok(x);

function checkProcessFault(c: Checker, f: Rec): void {
  checkSelector(c, f.target);
  switch (f.kind) {
    case 'exit':
      c.need(f.reason !== undefined, '.reason', f.reason, 'an exit reason (a term)');
      break;
    case 'hang':
      c.need(optional(f.forMs, isPos), '.forMs', f.forMs, 'a positive integer (ms) or absent (until healed)');
      break;
    case 'slow':
      c.need(isPos(f.extraMs), '.extraMs', f.extraMs, 'a positive integer (ms)');
      c.need(optional(f.forMs, isPos), '.forMs', f.forMs, 'a positive integer (ms) or absent (until healed)');
      break;
    case 'lateTimer':
      c.need(isPos(f.delayMs), '.delayMs', f.delayMs, 'a positive integer (ms)');
      break;
  }
}

function checkNetworkFault(c: Checker, f: Rec): void {
  switch (f.kind) {
    case 'partition':
    case 'heal':
      c.need(isNames(f.from), '.from', f.from, 'a non-empty list of node names');
      c.need(isNames(f.to), '.to', f.to, 'a non-empty list of node names');
      c.need(optional(f.origin, (o) => o === 'explicit' || o === 'random'), '.origin', f.origin, "'explicit' or 'random'");
      c.need(optional(f.oneWay, (o) => typeof o === 'boolean'), '.oneWay', f.oneWay, 'a boolean');
      break;
    case 'nodeCrash':
    case 'nodeRestart':
      c.need(isName(f.node), '.node', f.node, 'a node name');
      break;
    case 'linkDelay':
    case 'linkLoss':
      c.need(isName(f.from), '.from', f.from, 'a node name');
      c.need(isName(f.to), '.to', f.to, 'a node name');
      if (f.kind === 'linkDelay') c.need(isPos(f.delayMs), '.delayMs', f.delayMs, 'a positive integer (ms)');
      else c.need(typeof f.probability === 'number' && f.probability >= 0 && f.probability <= 1, '.probability', f.probability, 'a number in [0, 1]');
      break;
    case 'clockSkew':
      c.need(isName(f.node), '.node', f.node, 'a node name');
      c.need(Number.isInteger(f.skewMs), '.skewMs', f.skewMs, 'an integer (ms, may be negative)');
      break;
  }
}

/**
 * Checks a fault plan; throws a {@link BadArgumentError} naming the first bad field.
 *
 * @example `validatePlan([{ kind: 'kill', target: { by: 'name', name: 'db' }, atMs: 100 }])`
 */
export function validatePlan(plan: unknown, fn = 'Simulation.create'): asserts plan is Fault[] {
  const c = new Checker(fn);
  c.need(Array.isArray(plan), 'faults', plan, 'a list of faults');
  const faults = plan as unknown[];
  for (let i = 0; i < faults.length; i++) {
    const f = faults[i];
    c.index = i;
    c.need(isObj(f), '', f, 'a fault object');
    const r = f as Rec;
    c.need(ALL_KINDS.includes(r.kind), '.kind', r.kind, KINDS_TEXT);
    const hasMs = r.atMs !== undefined;
    const hasStep = r.atStep !== undefined;
    c.need(hasMs !== hasStep, '', f, 'a fault with exactly one of atMs or atStep');
    if (hasMs) c.need(isNat(r.atMs), '.atMs', r.atMs, 'an integer ≥ 0 (virtual ms)');
    else c.need(isPos(r.atStep), '.atStep', r.atStep, 'a step number ≥ 1');
    if ((PROCESS_FAULT_KINDS as readonly unknown[]).includes(r.kind)) checkProcessFault(c, r);
    else checkNetworkFault(c, r);
  }
}
