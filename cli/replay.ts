/**
 * `dfsweo replay <token>`: re-runs the run a token describes and verifies it step by step.
 *
 * The token's header names the scenario (`extra.scenario`) and, when it was made by
 * `dfsweo check`, the module that exports it (`extra.module`); `--module` and `--scenario`
 * supply or override them. The token carries the seed, strategy, limits, fault plan and every
 * decision; the module supplies the code and the liveness predicate.
 */
import { decodeToken, formatPlan, formatTimeline, type Fault, type SimResult, type TokenHeader } from '../sim/index.js';
import { replayScenario } from '../properties/index.js';
import { renderHtml } from './html.js';
import { eventToJson } from './json.js';
import { CliError, loadScenario } from './load.js';

export type ReplayFormat = 'text' | 'json' | 'html';

export interface ReplayOptions {
  module?: string;
  scenario?: string;
  format?: ReplayFormat;
  /** Only the last N events in text output. */
  last?: number;
}

interface Extra {
  scenario?: string;
  module?: string;
  faults?: Fault[];
}

export function headerExtra(h: TokenHeader): Extra {
  return typeof h.extra === 'object' && h.extra !== null ? (h.extra as Extra) : {};
}

/** Decodes a token, naming the problem on failure. */
export function readToken(token: string): TokenHeader {
  try {
    return decodeToken(token).header;
  } catch (e) {
    throw new CliError(`not a dfsweo token: ${(e as Error).message}`);
  }
}

/** Replays a token through the scenario it names; the result and the scenario's name. */
export async function replayToken(token: string, opts: ReplayOptions): Promise<{ result: SimResult; header: TokenHeader; scenario: string }> {
  const header = readToken(token);
  const extra = headerExtra(header);
  const name = opts.scenario ?? extra.scenario;
  const module = opts.module ?? extra.module;
  if (module === undefined) {
    throw new CliError(`the token does not say which module has its system${name ? ` (scenario '${name}')` : ''}: pass --module <file>`);
  }
  if (name === undefined) throw new CliError('the token names no scenario: pass --scenario <name>');
  const s = await loadScenario(module, name);
  return { result: replayScenario(s, token), header, scenario: name };
}

/** The run's summary lines (scenario, seed, strategy, outcome, plan). */
export function summary(r: SimResult, header: TokenHeader, scenario: string): string[] {
  const extra = headerExtra(header);
  const lines = [
    `scenario: ${scenario}`,
    `seed: ${header.seed}  strategy: ${header.strategy.name}  steps: ${r.stats.steps}  virtual time: ${r.stats.virtualTimeMs}ms`,
    `recorded outcome: ${header.outcome ?? '?'}  replayed outcome: ${r.outcome} (${r.detail})`,
  ];
  if (extra.faults?.length) lines.push('fault plan:', ...formatPlan(extra.faults).split('\n').map((l) => `  ${l}`));
  if (r.divergence) lines.push(`REPLAY DIVERGED: ${r.divergence.message}`);
  return lines;
}

/** Renders a replayed run in a format. */
export function render(r: SimResult, header: TokenHeader, scenario: string, format: ReplayFormat, last?: number): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ scenario, header, outcome: r.outcome, detail: r.detail, stats: r.stats, events: r.trace.map(eventToJson) }, null, 1);
    case 'html':
      return renderHtml(last !== undefined ? r.trace.slice(-last) : r.trace, { title: `dfsweo ${scenario} seed ${header.seed}`, summary: summary(r, header, scenario) });
    case 'text': {
      const events = last !== undefined ? r.trace.slice(-last) : r.trace;
      return [...summary(r, header, scenario), '', events.length ? formatTimeline(events) : '(no trace recorded)'].join('\n');
    }
  }
}
