/**
 * The layout shows the architecture: imports go `test → cli → properties → sim → src`, never
 * back; inside `src`, `core ← {ets, dist} ← behaviours`; `src/` has no runtime dependency
 * (but `sorted-btree` for ETS ordered_set); and nothing in `src/` or `sim/` reaches real time,
 * real randomness or real timers.
 */
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bannedUses, codeOnly, importsOf, read, tsFiles } from './scan.js';

const LAYERS = ['src', 'sim', 'properties', 'cli'] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import, besides itself. */
const ALLOWED_LAYERS: Record<Layer, Layer[]> = { src: [], sim: ['src'], properties: ['src', 'sim'], cli: ['src', 'sim', 'properties'] };
const BARRELS = new Set(['src/index.ts', 'src/host.ts', 'sim/index.ts', 'properties/index.ts']);
const PACKAGES: Record<Layer, RegExp> = {
  src: /^$/,
  sim: /^seedrandom$/,
  properties: /^fast-check$/,
  cli: /^(commander|cli-progress|tinypool|playwright-core|node:.*)$/,
};
/** Inside src: which sub-layers each may import. */
const SRC_ALLOWED: Record<string, string[]> = {
  core: ['core'],
  ets: ['core', 'ets'],
  dist: ['core', 'dist'],
  behaviours: ['core', 'ets', 'dist', 'behaviours'],
};

function resolve(file: string, spec: string): string {
  return normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
}

function violations(): string[] {
  const out: string[] = [];
  for (const layer of LAYERS) {
    for (const file of tsFiles(layer)) {
      for (const spec of importsOf(read(file))) {
        if (!spec.startsWith('.')) {
          const ok = PACKAGES[layer].test(spec) || (spec === 'sorted-btree' && file.startsWith('src/ets/'));
          if (!ok) out.push(`${file}: imports package '${spec}', not allowed in ${layer}/`);
          continue;
        }
        const target = resolve(file, spec);
        const to = target.split('/')[0] as Layer;
        if (to === layer) {
          if (layer === 'src') {
            const from = file.split('/')[1]!;
            const sub = target.split('/')[1]!;
            const allowed = SRC_ALLOWED[from];
            if (allowed && target.split('/').length > 2 && !allowed.includes(sub)) out.push(`${file}: src/${from} may not import src/${sub} (${spec})`);
          }
          continue;
        }
        if (!ALLOWED_LAYERS[layer].includes(to)) out.push(`${file}: ${layer}/ may not import ${to}/ (${spec})`);
        else if (!BARRELS.has(target)) out.push(`${file}: imports ${target}; import the barrel of ${to}/ instead`);
      }
    }
  }
  return out;
}

describe('architecture', () => {
  it('imports follow test → cli → properties → sim → src, through the barrels', () => {
    expect(violations()).toEqual([]);
  });

  it('src/ and sim/ never reach real time, randomness or timers', () => {
    const exempt = new Set(['sim/detect/leak-guard.ts']); // replaces them from a table; never calls them
    const hits = [...tsFiles('src'), ...tsFiles('sim')].filter((f) => !exempt.has(f)).flatMap((f) => bannedUses(f, read(f)));
    expect(hits).toEqual([]);
  });

  it('the scanner itself finds banned calls and bad imports (it can fail)', () => {
    expect(bannedUses('x.ts', 'const t = Date.now();\n// Math.random()\nconst s = "setTimeout";')).toEqual(['x.ts:1: const t = Date.now();']);
    expect(bannedUses('x.ts', 'performance.now(); process.hrtime(); new WeakRef(o)')).toHaveLength(3);
    expect(codeOnly('a /* Date */ b')).toBe('a  b');
    expect(importsOf("import { a } from '../sim/simulation.js';\nexport * from './x.js';\nconst m = await import('fs');")).toEqual([
      '../sim/simulation.js', './x.js', 'fs',
    ]);
    expect(importsOf("if (a === '--import' || a === '--loader') ok();\nimport {\n  b,\n} from './y.js';")).toEqual(['./y.js']);
  });

  it('the leak guard mentions the banned names only as data', () => {
    const code = codeOnly(read('sim/detect/leak-guard.ts'));
    expect(code).not.toMatch(/\bMath\s*\.\s*random\s*\(/);
    expect(code).not.toMatch(/\bsetTimeout\s*\(/);
  });
});
