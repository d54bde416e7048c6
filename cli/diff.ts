/**
 * `dfsweo diff <tokenA> <tokenB>`: where two runs part. First the headers (seed, strategy,
 * limits, plan, outcome), then the first differing decision, then — when the module that
 * runs them is known — the first differing trace event with the events before it as context.
 * This is the explanation of nondeterminism: two tokens that should be equal, and the first
 * event where they are not.
 */
import { decodeToken, formatLine, type Decision, type SimResult, type TokenHeader } from '../sim/index.js';
import { headerExtra, replayToken } from './replay.js';
import { CliError } from './load.js';

export interface DiffOptions {
  module?: string;
  scenario?: string;
  /** Events of context before the first difference (default 5). */
  context?: number;
}

const KINDS = ['process', 'timer', 'other'];

function decisions(token: string): Decision[] {
  const d = decodeToken(token).decisions;
  const out: Decision[] = [];
  for (let i = 0; i < d.length; i += 4) out.push({ step: d[i]!, kind: (KINDS[d[i + 1]!] ?? '?') as Decision['kind'], options: d[i + 2]!, choice: d[i + 3]! });
  return out;
}

function headerDiff(a: TokenHeader, b: TokenHeader): string[] {
  const out: string[] = [];
  const fields: Array<[string, unknown, unknown]> = [
    ['seed', a.seed, b.seed], ['strategy', a.strategy, b.strategy], ['stepCostMs', a.stepCostMs, b.stepCostMs],
    ['stepsMax', a.stepsMax, b.stepsMax], ['timeMaxMs', a.timeMaxMs, b.timeMaxMs], ['outcome', a.outcome, b.outcome],
    ['traceHash', a.traceHash, b.traceHash], ['extra', a.extra, b.extra],
  ];
  for (const [k, x, y] of fields) if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`  ${k}: A ${JSON.stringify(x)}  B ${JSON.stringify(y)}`);
  return out;
}

const fmtDecision = (d: Decision | undefined): string => (d === undefined ? '(none: the run had ended)' : `step ${d.step}: ${d.kind} choice ${d.choice} of ${d.options}`);

function decisionDiff(a: Decision[], b: Decision[]): string | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x && y && x.step === y.step && x.kind === y.kind && x.options === y.options && x.choice === y.choice) continue;
    return `first differing decision, #${i}:\n  A ${fmtDecision(x)}\n  B ${fmtDecision(y)}`;
  }
  return undefined;
}

/** The first differing event of two traces, with `context` events before it. */
export function traceDiff(a: SimResult, b: SimResult, context = 5): string | undefined {
  const la = a.trace.map(formatLine);
  const lb = b.trace.map(formatLine);
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] === lb[i]) continue;
    const lines = [`first differing event, #${i}:`];
    for (let k = Math.max(0, i - context); k < i; k++) lines.push(`    ${la[k]}`);
    lines.push(`  A ${la[i] ?? '(end of trace)'}`, `  B ${lb[i] ?? '(end of trace)'}`);
    return lines.join('\n');
  }
  return undefined;
}

/** Compares two tokens; `same` when headers, decisions and (if replayed) traces agree. */
export async function diffTokens(tokenA: string, tokenB: string, o: DiffOptions = {}): Promise<{ same: boolean; text: string }> {
  let ha: TokenHeader;
  let hb: TokenHeader;
  try {
    ha = decodeToken(tokenA).header;
    hb = decodeToken(tokenB).header;
  } catch (e) {
    throw new CliError(`not a dfsweo token: ${(e as Error).message}`);
  }
  const out: string[] = [];
  const hd = headerDiff(ha, hb);
  if (hd.length) out.push('headers differ:', ...hd);
  const dd = decisionDiff(decisions(tokenA), decisions(tokenB));
  if (dd) out.push(dd);
  const module = o.module ?? headerExtra(ha).module ?? headerExtra(hb).module;
  if (module !== undefined) {
    const opts = { module, ...(o.scenario !== undefined ? { scenario: o.scenario } : {}) };
    const [ra, rb] = [await replayToken(tokenA, opts), await replayToken(tokenB, opts)];
    const td = traceDiff(ra.result, rb.result, o.context ?? 5);
    if (td) out.push(td);
  } else if (out.length) {
    out.push('(pass --module <file> to replay both and show the first differing event)');
  }
  return out.length === 0 ? { same: true, text: 'the two runs are the same' } : { same: false, text: out.join('\n') };
}
