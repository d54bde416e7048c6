/**
 * Paired A/B of one benchmark function between two checkouts, for a machine shared with other
 * work (wall-clock figures swing 30–50% there): both versions are loaded into one process and
 * run alternately, and what is compared is CPU time (`process.cpuUsage`), pair by pair.
 *
 *   git worktree add /tmp/base HEAD~3 && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   node --expose-gc --import tsx scripts/ab-compare.ts /tmp/base . bench/ring.bench.ts ringOnce 11 false
 *
 * Arguments after the number of pairs are JSON values passed to the function (`false`: ring
 * without a trace; with no arguments `ringOnce()` would record a full trace).
 *
 * Prints the median CPU ms of each side and the median of the per-pair ratios B/A (below 1: B
 * is faster), and each side's minimum (the least disturbed run). The return value is ignored.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dirA, dirB, file, fnName, repsArg, ...argsJson] = process.argv.slice(2);
const args = argsJson.map((a) => JSON.parse(a) as unknown);
if (!dirA || !dirB || !file || !fnName) {
  process.stderr.write('usage: ab-compare.ts <dirA> <dirB> <file> <exported function> [pairs] [JSON arguments…]\n');
  process.exit(2);
}
const load = async (dir: string): Promise<() => unknown> => {
  const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as Record<string, unknown>;
  const fn = mod[fnName];
  if (typeof fn !== 'function') throw new Error(`${file} in ${dir} exports no function ${fnName}`);
  return () => (fn as (...a: unknown[]) => unknown)(...args);
};
const a = await load(dirA);
const b = await load(dirB);
const gc = (globalThis as { gc?: () => void }).gc;
const cpu = (f: () => unknown): number => {
  gc?.();
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (v: number[]): number => [...v].sort((x, y) => x - y)[v.length >> 1]!;

cpu(a);
cpu(b);
const ta: number[] = [];
const tb: number[] = [];
const ratios: number[] = [];
for (let i = 0; i < Number(repsArg ?? 9); i++) {
  // Alternate which side goes first, so a drift in the machine's load hits both alike.
  const [x, y] = i % 2 === 0 ? [cpu(a), cpu(b)] : [cpu(b), cpu(a)].reverse();
  ta.push(x!);
  tb.push(y!);
  ratios.push(y! / x!);
}
// The minimum is the run least disturbed by other load: on a busy machine it moves less than the median.
const min = (v: number[]): number => Math.min(...v);
process.stdout.write(`${fnName}: A ${median(ta).toFixed(1)} ms  B ${median(tb).toFixed(1)} ms  B/A median ${median(ratios).toFixed(3)}  min A ${min(ta).toFixed(1)} B ${min(tb).toFixed(1)} (B/A ${(min(tb) / min(ta)).toFixed(3)})  (${ratios.map((r) => r.toFixed(2)).join(' ')})\n`);
