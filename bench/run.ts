/**
 * `npm run -s bench -- [NAME…]`: runs the named benchmarks (all when none is named). Each
 * benchmark is a file `bench/<name>.bench.ts` whose default export runs it and prints JSON
 * lines through `emit` (bench/lib.ts).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
/** `.js` when run built (`npm run bench` builds first: what users import is tsc's output), `.ts` under tsx. */
const ext = import.meta.url.endsWith('.ts') ? '.bench.ts' : '.bench.js';
const available = readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length)).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}\navailable: ${available.join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : available) {
  const mod = (await import(pathToFileURL(join(dir, `${name}${ext}`)).href)) as { default: () => void | Promise<void> };
  await mod.default();
}
