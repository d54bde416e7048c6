/**
 * A/B of one benchmark function between two checkouts, for a machine whose speed swings
 * (here the same loop varies by a third from minute to minute, so runs taken one after the
 * other compare the machine, not the code). Each checkout is built as `npm run bench` builds it
 * (tsc, tsconfig.bench.json: what users import is tsc's output, and tsx's output differs in
 * speed); then A and B run *at the same time*, one per core, and swap cores each round, so a
 * slow spell falls on both. Each process warms up once, then times the function `reps` times;
 * results are paired by position.
 *
 *   git worktree add /tmp/base HEAD~3 && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   npx tsx scripts/ab-compare.ts /tmp/base . pingpong pingpongOnce 3 1 300000
 *
 * Arguments: the two checkouts, the benchmark (bench/<name>.bench.ts), an exported function
 * that returns the seconds its measured part took, the number of rounds (each is two pairs of
 * processes), then JSON values passed to the function. Prints each side's median and best
 * rate (1/seconds), and the median and quartiles of the per-pair ratios B/A (above 1: B is
 * faster). Two identical checkouts gave medians from 0.92 to 1.09 here (32 pairs): read a
 * difference of less than a tenth as none, or run more rounds.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dirA, dirB, bench, fnName, roundsArg, ...argsJson] = process.argv.slice(2);
if (!dirA || !dirB || !bench || !fnName) {
  process.stderr.write('usage: ab-compare.ts <dirA> <dirB> <bench> <exported function> [rounds] [JSON arguments…]\n');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 3);
const REPS = 8;

function build(dir: string): string {
  execFileSync(process.execPath, [resolve(dir, 'node_modules/typescript/bin/tsc'), '-p', resolve(dir, 'tsconfig.bench.json')], { stdio: 'inherit' });
  const file = resolve(dir, '.bench-build/bench', `${bench}.bench.js`);
  if (!existsSync(file)) throw new Error(`${file} was not built`);
  return pathToFileURL(file).href;
}

/** The child: warm up, then print `REPS` rates, one line. */
const child = `
const m = await import(process.argv[1]);
const f = m[process.argv[2]];
const args = JSON.parse(process.argv[3]);
f(...args);
const out = [];
for (let i = 0; i < ${REPS}; i++) out.push(1 / f(...args));
console.log(out.join(' '));
`;

const pinned = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

function run(url: string, cpu: number): Promise<number[]> {
  const argv = ['--expose-gc', '--input-type=module', '-e', child, url, fnName!, JSON.stringify(argsJson.map((a) => JSON.parse(a) as unknown))];
  const p = pinned ? spawn('taskset', ['-c', String(cpu), process.execPath, ...argv]) : spawn(process.execPath, argv);
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr.pipe(process.stderr);
  return new Promise((ok, fail) => p.on('close', (code) => (code === 0 ? ok(out.trim().split(/\s+/).map(Number)) : fail(new Error(`exit ${code}`)))));
}

const a = build(dirA);
const b = build(dirB);
const ra: number[] = [];
const rb: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const [ca, cb] of [[0, 1], [1, 0]] as const) {
    const [xa, xb] = await Promise.all([run(a, ca), run(b, cb)]);
    ra.push(...xa);
    rb.push(...xb);
  }
}
const sorted = (v: number[]): number[] => [...v].sort((x, y) => x - y);
const median = (v: number[]): number => sorted(v)[v.length >> 1]!;
const ratios = sorted(ra.map((x, i) => rb[i]! / x));
const f = (x: number): string => x.toPrecision(4);
console.log(`${bench}.${fnName}: A median ${f(median(ra))}/s best ${f(Math.max(...ra))}/s | B median ${f(median(rb))}/s best ${f(Math.max(...rb))}/s`);
console.log(`B/A per pair: median ${median(ratios).toFixed(3)}, quartiles ${ratios[ratios.length >> 2]!.toFixed(3)}–${ratios[(3 * ratios.length) >> 2]!.toFixed(3)} (${ratios.length} pairs${pinned ? '' : ', unpinned'})`);
