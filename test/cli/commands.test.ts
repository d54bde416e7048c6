import { spawnSync } from 'node:child_process';
import { program } from '../../cli/main.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScenario, runCase } from '../../properties/index.js';
import { diffTokens } from '../../cli/diff.js';
import { CliError, loadScenarios } from '../../cli/load.js';
import { render, replayToken } from '../../cli/replay.js';
import { SweepPool } from '../../cli/sweep-pool.js';
import { parseShard, planTasks, sweep } from '../../cli/sweep.js';
import { brittle, flaky, steady } from './scenarios.js';

const MODULE = 'test/cli/scenarios.ts';

describe('dfsweo replay', () => {
  it('a token from a check names its module and scenario: replay verifies it and prints a timeline', async () => {
    const info = checkScenario(brittle, { numRuns: 20, seed: 1, module: MODULE })!;
    const token = info.outcome.result.token;
    const { result, scenario } = await replayToken(token, {});
    expect(scenario).toBe('brittle');
    expect(result.outcome).toBe('crashed');
    expect(result.traceHash).toBe(info.outcome.result.traceHash);
    const text = render(result, (await import('../../sim/index.js')).decodeToken(token).header, scenario, 'text');
    expect(text).toMatch(/fault plan:\n {2}1\. kill /);
    expect(text).toMatch(/step +time +<0\.1\.0>/);
  });

  it('json output is the typed events, pids printed', async () => {
    const token = runCase(steady, { seed: 3, strategy: 'random', faults: [], perturb: [] }, MODULE).result.token;
    const { result, header, scenario } = await replayToken(token, {});
    const j = JSON.parse(render(result, header, scenario, 'json'));
    expect(j.outcome).toBe('ok');
    expect(j.events[0]).toMatchObject({ kind: 'spawn', pid: '<0.1.0>', text: 'spawn <0.1.0> main' });
  });

  it('a token without a module says to pass --module', async () => {
    const token = runCase(steady, { seed: 3, strategy: 'random', faults: [], perturb: [] }).result.token;
    await expect(replayToken(token, {})).rejects.toThrow(/pass --module <file>/);
    await expect(replayToken(token, { module: MODULE })).resolves.toMatchObject({ scenario: 'steady' });
    await expect(replayToken('dfs9.x.y', {})).rejects.toThrow(CliError);
  });

  it('a replay against changed code reports the divergence', async () => {
    const token = runCase(steady, { seed: 3, strategy: 'random', faults: [], perturb: [] }, MODULE).result.token;
    const r = await replayToken(token, { scenario: 'brittle' });
    expect(r.result.outcome).toBe('nonDeterminism');
    expect(render(r.result, r.header, r.scenario, 'text')).toContain('REPLAY DIVERGED');
  });
});

describe('dfsweo diff', () => {
  it('equal tokens are the same; different runs show the first differing decision and event with context', async () => {
    const a = runCase(steady, { seed: 1, strategy: 'random', faults: [], perturb: [] }, MODULE).result.token;
    const b = runCase(steady, { seed: 1, strategy: 'random', faults: [{ kind: 'slow', target: { by: 'name', name: 'srv' }, extraMs: 7, atMs: 30 }], perturb: [] }, MODULE).result.token;
    expect((await diffTokens(a, a)).same).toBe(true);
    const d = await diffTokens(a, b, { context: 2 });
    expect(d.same).toBe(false);
    expect(d.text).toContain('headers differ:');
    expect(d.text).toMatch(/first differing event, #\d+:\n( {4}.*\n){2} {2}A .*\n {2}B .*FAULT slow 'srv'/);
  });
});

describe('dfsweo diff explains nondeterminism', () => {
  it('one token replayed twice by nondeterministic code: the first event where the runs part', async () => {
    const token = runCase(flaky, { seed: 1, strategy: 'random', faults: [], perturb: [] }, MODULE).result.token;
    const d = await diffTokens(token, token, { context: 1 });
    expect(d.same).toBe(false);
    expect(d.text).not.toContain('headers differ');
    expect(d.text).toMatch(/first differing event, #\d+:\n {4}.*\n {2}A .*\n {2}B .*send <0\.1\.0> → <0\.2\.0>: 'even'|first differing event, #\d+:\n {4}.*\n {2}A .*send <0\.1\.0> → <0\.2\.0>: 'even'\n {2}B /);
  });
});

describe('dfsweo check', () => {
  it('loads every scenario a module exports', async () => {
    expect([...(await loadScenarios(MODULE)).keys()]).toEqual(['brittle', 'flaky', 'hostile', 'steady']); // by export name, under any loader
    await expect(loadScenarios('test/cli/nope.ts')).rejects.toThrow(/no such module/);
  });

  it('shards split the runs: together they cover each run once', () => {
    const o = { module: MODULE, runs: 10, seed: 0, strategy: 'random' as const, workers: 1 };
    const runs = [1, 2, 3].flatMap((i) => planTasks(['s'], { ...o, shard: [i, 3] }).flatMap((t) => t.runs));
    expect(runs.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(parseShard('2/4')).toEqual([2, 4]);
    expect(() => parseShard('5/4')).toThrow(/--shard/);
  });

  it('the same seeds give the same failures on 1 and 2 workers', async () => {
    const o = { module: MODULE, runs: 8, seed: 5, strategy: 'portfolio' as const, scenarios: ['brittle'] };
    const one = await sweep({ ...o, workers: 1 });
    const two = await sweep({ ...o, workers: 2 });
    expect(one.failures.length).toBeGreaterThan(0);
    expect(two.failures.map((f) => [f.run, f.token])).toEqual(one.failures.map((f) => [f.run, f.token]));
  });

  it('a pool the caller opens serves several sweeps, with the results of a sweep in this thread', async () => {
    const o = { module: MODULE, runs: 6, seed: 3, strategy: 'random' as const };
    const here = await sweep({ ...o, workers: 1 });
    const pool = SweepPool.open(2);
    try {
      const first = await sweep({ ...o, pool });
      const again = await sweep({ ...o, pool, scenarios: ['brittle'] });
      expect(first.runs).toEqual(here.runs);
      expect(first.failures.map((f) => [f.scenario, f.run, f.token])).toEqual(here.failures.map((f) => [f.scenario, f.run, f.token]));
      expect(again.failures.map((f) => f.token)).toEqual(here.failures.filter((f) => f.scenario === 'brittle').map((f) => f.token));
      expect(again.failures.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
    expect(() => SweepPool.open(0)).toThrow(RangeError);
    expect(() => SweepPool.open(1.5)).toThrow(/workers must be an integer/);
  }, 60_000);

  it('a pool runs each task once; the first failing task rejects the whole run', async () => {
    const task = (scenario: string, run: number) => ({ module: MODULE, scenario, runs: [run], seed: 0, strategy: 'random' as const });
    for (const n of [1, 2]) {
      const pool = SweepPool.open(n);
      try {
        const seen: number[] = [];
        await pool.runAll([0, 1, 2, 3, 4, 5].map((r) => task('steady', r)), (i, r) => seen.push(i * 10 + r.done));
        expect(seen.sort((a, b) => a - b)).toEqual([1, 11, 21, 31, 41, 51]);
        await expect(pool.runAll([task('steady', 0), task('nope', 1), task('steady', 2)], () => {})).rejects.toThrow(/no scenario 'nope'/);
      } finally {
        await pool.close();
      }
    }
  }, 60_000);

  it('a shard with no run of a scenario reports it with 0 runs', async () => {
    const r = await sweep({ module: 'test/cli/second.ts', runs: 1, seed: 0, strategy: 'random', shard: [2, 2] });
    expect(r).toEqual({ runs: { calm: 0 }, failures: [], total: 0 });
  });

  it('runAll hands out every task exactly once, whatever the number of tasks, on this thread and a child (property)', async () => {
    const pool = SweepPool.open(2);
    try {
      await fc.assert(fc.asyncProperty(fc.nat({ max: 24 }), async (n) => {
        const tasks = Array.from({ length: n }, (_, i) => ({ module: 'test/cli/second.ts', scenario: 'calm', runs: [i], seed: 0, strategy: 'random' as const }));
        const seen: number[] = [];
        await pool.runAll(tasks, (i, r) => {
          expect(r).toEqual({ done: 1, failures: [] });
          seen.push(i);
        });
        expect(seen.sort((a, b) => a - b)).toEqual(tasks.map((_, i) => i));
      }), { numRuns: 8 });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('tasks are small enough to keep every worker busy to the end', () => {
    const tasks = planTasks(['s'], { module: MODULE, runs: 10_000, seed: 0, strategy: 'random', workers: 2 });
    expect(tasks.length).toBe(100);
    expect(tasks.every((t) => t.runs.length === 100)).toBe(true);
    expect(planTasks(['s'], { module: MODULE, runs: 40, seed: 0, strategy: 'random', workers: 2 }).map((t) => t.runs.length)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1]);
  });

  it('the command (a real process) exits 1 on a failure and prints the replay line', () => {
    const fail = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'check', MODULE, '--runs', '5', '--scenario', 'brittle', 'steady'], { encoding: 'utf8' });
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/FAIL brittle: 5 run\(s\), 5 failed\nok {3}steady: 5 run\(s\)/);
    expect(fail.stdout).toMatch(/replay: npx dfsweo replay dfs1\.\S+\n/);
  }, 60_000);

  it('several modules in one command share one pool; --scenario picks from whichever module has it', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'check', MODULE, 'test/cli/second.ts', '--runs', '4', '--workers', '2', '--scenario', 'brittle', 'calm'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL brittle \(test\/cli\/scenarios\.ts\): 4 run\(s\), 4 failed\nok {3}calm \(test\/cli\/second\.ts\): 4 run\(s\)\n/);
    expect(r.stdout).toMatch(/first failure: scenario 'brittle' of test\/cli\/scenarios\.ts, run 0/);
    const none = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'check', MODULE, 'test/cli/second.ts', '--scenario', 'nope'], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no module has a scenario 'nope' \(test\/cli\/scenarios\.ts: [a-z, ]*steady[a-z, ]*; test\/cli\/second\.ts: calm\)/);
  }, 60_000);

  it('exit codes: 0 when all pass, 2 on bad usage or a bad token', async () => {
    const codes: number[] = [];
    const quiet = { writeErr: () => {}, writeOut: () => {} };
    const run = async (...args: string[]) => {
      const p = program((c) => codes.push(c)).configureOutput(quiet);
      p.commands.forEach((c) => c.configureOutput(quiet).exitOverride());
      try {
        await p.parseAsync(['node', 'dfsweo', ...args]);
      } catch {
        codes.push(2);
      }
      return codes.pop();
    };
    const out = process.stdout.write;
    const err = process.stderr.write;
    process.stdout.write = (() => true) as never;
    process.stderr.write = (() => true) as never;
    try {
      expect(await run('check', MODULE, '--runs', '3', '--scenario', 'steady')).toBe(0);
      expect(await run('check', MODULE, '--runs', 'lots')).toBe(2);
      expect(await run('check', MODULE, '--scenario', 'nope')).toBe(2);
      expect(await run('replay', 'not-a-token')).toBe(2);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
  });
});
