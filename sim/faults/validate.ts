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

class Checker {
  constructor(readonly fn: string) {}
  need(cond: boolean, arg: string, value: unknown, expected: string): void {
    if (!cond) throw new BadArgumentError(this.fn, arg, value, expected);
  }
}

function checkSelector(c: Checker, s: unknown, at: string): asserts s is Selector {
  c.need(isObj(s), at, s, "a selector ({ by: 'name' | 'path' | 'any' })");
  const sel = s as Rec;
  if (sel.by === 'name') c.need(isName(sel.name), `${at}.name`, sel.name, 'a non-empty string');
  else if (sel.by === 'path') c.need(isNames(sel.path), `${at}.path`, sel.path, 'a non-empty list of names (registered supervisor first)');
  else c.need(sel.by === 'any', `${at}.by`, sel.by, "'name', 'path' or 'any'");
}

const optional = (x: unknown, ok: (v: unknown) => boolean): boolean => x === undefined || ok(x);

function checkProcessFault(c: Checker, f: Rec, at: string): void {
  checkSelector(c, f.target, `${at}.target`);
  switch (f.kind) {
    case 'exit':
      c.need(f.reason !== undefined, `${at}.reason`, f.reason, 'an exit reason (a term)');
      break;
    case 'hang':
      c.need(optional(f.forMs, isPos), `${at}.forMs`, f.forMs, 'a positive integer (ms) or absent (until healed)');
      break;
    case 'slow':
      c.need(isPos(f.extraMs), `${at}.extraMs`, f.extraMs, 'a positive integer (ms)');
      c.need(optional(f.forMs, isPos), `${at}.forMs`, f.forMs, 'a positive integer (ms) or absent (until healed)');
      break;
    case 'lateTimer':
      c.need(isPos(f.delayMs), `${at}.delayMs`, f.delayMs, 'a positive integer (ms)');
      break;
  }
}

function checkNetworkFault(c: Checker, f: Rec, at: string): void {
  switch (f.kind) {
    case 'partition':
    case 'heal':
      c.need(isNames(f.from), `${at}.from`, f.from, 'a non-empty list of node names');
      c.need(isNames(f.to), `${at}.to`, f.to, 'a non-empty list of node names');
      c.need(optional(f.origin, (o) => o === 'explicit' || o === 'random'), `${at}.origin`, f.origin, "'explicit' or 'random'");
      c.need(optional(f.oneWay, (o) => typeof o === 'boolean'), `${at}.oneWay`, f.oneWay, 'a boolean');
      break;
    case 'nodeCrash':
    case 'nodeRestart':
      c.need(isName(f.node), `${at}.node`, f.node, 'a node name');
      break;
    case 'linkDelay':
    case 'linkLoss':
      c.need(isName(f.from), `${at}.from`, f.from, 'a node name');
      c.need(isName(f.to), `${at}.to`, f.to, 'a node name');
      if (f.kind === 'linkDelay') c.need(isPos(f.delayMs), `${at}.delayMs`, f.delayMs, 'a positive integer (ms)');
      else c.need(typeof f.probability === 'number' && f.probability >= 0 && f.probability <= 1, `${at}.probability`, f.probability, 'a number in [0, 1]');
      break;
    case 'clockSkew':
      c.need(isName(f.node), `${at}.node`, f.node, 'a node name');
      c.need(Number.isInteger(f.skewMs), `${at}.skewMs`, f.skewMs, 'an integer (ms, may be negative)');
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
  (plan as unknown[]).forEach((f, i) => {
    const at = `faults[${i}]`; // built per fault: cheap next to a run, and it names the field
    c.need(isObj(f), at, f, 'a fault object');
    const r = f as Rec;
    c.need(ALL_KINDS.includes(r.kind), `${at}.kind`, r.kind, `one of ${ALL_KINDS.join(', ')}`);
    const hasMs = r.atMs !== undefined;
    const hasStep = r.atStep !== undefined;
    c.need(hasMs !== hasStep, at, f, 'a fault with exactly one of atMs or atStep');
    if (hasMs) c.need(isNat(r.atMs), `${at}.atMs`, r.atMs, 'an integer ≥ 0 (virtual ms)');
    else c.need(isPos(r.atStep), `${at}.atStep`, r.atStep, 'a step number ≥ 1');
    if ((PROCESS_FAULT_KINDS as readonly unknown[]).includes(r.kind)) checkProcessFault(c, r, at);
    else checkNetworkFault(c, r, at);
  });
}
