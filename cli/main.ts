#!/usr/bin/env node
/**
 * The `dfsweo` command.
 *
 *   dfsweo replay <token> [--module file] [--scenario name] [--format text|json|html] [--out file]
 *   dfsweo check <module…> [--runs N] [--seed S] [--strategy random|pct|fifo|portfolio] [--workers N] [--shard i/n]
 *   dfsweo diff <tokenA> <tokenB> [--module file] [--context N]
 *
 * A module is a file that exports scenarios (`defineScenario` from `dfsweo/properties`). A
 * token made by `dfsweo check` (or by `simProperty` given `module`) names its module and
 * scenario in its header, so `dfsweo replay <token>` needs nothing else; otherwise pass
 * `--module`. Exit codes: 0 fine, 1 a property failed / a replay diverged / runs differ,
 * 2 bad usage.
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
// Only what parsing the command needs is loaded with it; each command loads the library (the
// simulator, fast-check) itself, so `check` can start its worker processes first.
import { CliError } from './errors.js';
import type { ReplayFormat } from './replay.js';
import { parseShard, planTasks, sweep } from './sweep.js';
import { SweepPool, WORKER_V8_FLAGS } from './sweep-pool.js';
import type { RunFailure, SweepStrategy } from './sweep-task.js';

function int(name: string, min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

function output(text: string, out: string | undefined): void {
  if (out === undefined) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  else {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${out}\n`);
  }
}

async function replayAction(token: string, o: { module?: string; scenario?: string; format: ReplayFormat; out?: string; last?: number }): Promise<number> {
  const { render, replayToken } = await import('./replay.js');
  const { result, header, scenario } = await replayToken(token, o);
  output(render(result, header, scenario, o.format, o.last), o.out);
  if (result.outcome === 'nonDeterminism') {
    process.stderr.write(`replay diverged: ${result.detail}\n`);
    return 1;
  }
  return 0;
}

/** The scenarios to run of each module: all, or those of `only` it has (each of `only` must be in some module). */
async function chooseScenarios(modules: readonly string[], only: readonly string[] | undefined): Promise<string[][]> {
  const { loadScenarios } = await import('./load.js');
  const all = await Promise.all(modules.map(async (m) => [...(await loadScenarios(m)).keys()]));
  if (!only?.length) return all;
  for (const n of only) {
    if (all.some((names) => names.includes(n))) continue;
    if (modules.length === 1) throw new CliError(`${modules[0]} has no scenario '${n}' (it has: ${all[0]!.join(', ')})`);
    throw new CliError(`no module has a scenario '${n}' (${modules.map((m, i) => `${m}: ${all[i]!.join(', ')}`).join('; ')})`);
  }
  return all.map((names) => names.filter((n) => only.includes(n)));
}

async function checkAction(modules: string[], o: { runs: number; seed: number; strategy: SweepStrategy; workers: number; shard?: string; scenario?: string[] }): Promise<number> {
  const shard = o.shard === undefined ? undefined : parseShard(o.shard);
  // One pool of workers for every module: they start once, while this process loads the modules.
  const pool = o.workers > 1 ? SweepPool.open(o.workers) : undefined;
  const failures: { module: string; failure: RunFailure }[] = [];
  try {
    const chosen = await chooseScenarios(modules, o.scenario);
    const base = { runs: o.runs, seed: o.seed, strategy: o.strategy, workers: o.workers, ...(shard ? { shard } : {}) };
    const total = modules.reduce((a, m, i) => a + planTasks(chosen[i]!, { ...base, module: m }).reduce((b, t) => b + t.runs.length, 0), 0);
    const bar = new cliProgress.SingleBar({ format: 'checking [{bar}] {value}/{total} runs', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
    const showBar = total >= 200;
    let before = 0;
    for (const [i, module] of modules.entries()) {
      if (chosen[i]!.length === 0) continue;
      if (showBar) bar.start(total, before);
      const res = await sweep({
        ...base, module, scenarios: chosen[i]!, ...(pool ? { pool } : {}),
        onProgress: (done) => {
          if (showBar) bar.update(before + done);
        },
      });
      if (showBar) bar.stop();
      before += res.total;
      for (const [name, n] of Object.entries(res.runs)) {
        const f = res.failures.filter((x) => x.scenario === name).length;
        const label = modules.length > 1 ? `${name} (${module})` : name;
        process.stdout.write(`${f === 0 ? 'ok  ' : 'FAIL'} ${label}: ${n} run(s)${f ? `, ${f} failed` : ''}\n`);
      }
      failures.push(...res.failures.map((failure) => ({ module, failure })));
    }
  } finally {
    await pool?.close();
  }
  if (failures.length === 0) return 0;
  const { module, failure: first } = failures[0]!;
  const where = modules.length > 1 ? ` of ${module}` : '';
  process.stdout.write(`\nfirst failure: scenario '${first.scenario}'${where}, run ${first.run} (seed ${o.seed + first.run})\n${first.report}\n`);
  return 1;
}

async function diffAction(a: string, b: string, o: { module?: string; scenario?: string; context: number }): Promise<number> {
  const { diffTokens } = await import('./diff.js');
  const r = await diffTokens(a, b, o);
  process.stdout.write(r.text + '\n');
  return r.same ? 0 : 1;
}

/** Builds the command (exported for tests). */
export function program(exit: (code: number) => void): Command {
  const p = new Command('dfsweo').description('replay, check and compare dfsweo simulation runs').exitOverride();
  const run = <A extends unknown[]>(fn: (...a: A) => Promise<number>) => async (...a: A): Promise<void> => {
    try {
      exit(await fn(...a));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      process.stderr.write(`dfsweo: ${e.message}\n`);
      exit(2);
    }
  };
  p.command('replay').argument('<token>', 'a replay token (dfs1.…)')
    .description('re-run and verify the run a token describes')
    .option('--module <file>', 'the module that exports the scenario (default: the one the token names)')
    .option('--scenario <name>', 'the scenario (default: the one the token names)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']).default('text'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--last <n>', 'text and html: only the last n events', int('--last', 1))
    .action(run(replayAction));
  p.command('check').argument('<module...>', 'modules exporting scenarios')
    .description('run the scenarios of modules over a sweep of seeds (one pool of workers for all); exit 1 on a failure')
    .option('--runs <n>', 'runs per scenario', int('--runs', 1), 100)
    .option('--seed <s>', 'first seed', int('--seed', 0), 0)
    .addOption(new Option('--strategy <name>', 'scheduling strategy').choices(['random', 'pct', 'fifo', 'portfolio']).default('random'))
    .option('--workers <n>', 'workers: this process and n - 1 child processes', int('--workers', 1), 1)
    .option('--shard <i/n>', 'run only shard i of n (for CI machines)')
    .option('--scenario <name...>', 'only these scenarios (of whichever modules have them)')
    .action(run(checkAction));
  p.command('diff').argument('<tokenA>').argument('<tokenB>')
    .description('the first point where two runs differ')
    .option('--module <file>', 'replay both with this module to compare their events')
    .option('--scenario <name>', 'the scenario (default: the one the tokens name)')
    .option('--context <n>', 'events of context', int('--context', 0), 5)
    .action(run(diffAction));
  return p;
}

function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

const isMain = invokedDirectly();
if (isMain) {
  // An in-process sweep (one worker) runs as the pool's workers do: see WORKER_V8_FLAGS.
  for (const flag of WORKER_V8_FLAGS) setFlagsFromString(flag);
  program((code) => {
    process.exitCode = code;
  }).parseAsync(process.argv).catch((e: unknown) => {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
      return;
    }
    process.stderr.write(`dfsweo: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  });
}
