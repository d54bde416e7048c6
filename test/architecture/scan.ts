/**
 * Source scanning for the architecture tests: imports of each file, and banned globals in
 * code with comments and string literals removed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Every .ts file under `dir` (relative to the repo root). */
export function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) out.push(relative(ROOT, p));
    }
  };
  try {
    walk(join(ROOT, dir));
  } catch {
    return [];
  }
  return out.sort();
}

/** The module specifiers a file imports or re-exports (static and dynamic). */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  // A static import or re-export starts its line; a dynamic import() may stand anywhere (but
  // not as a method, `x.import(`). Line-anchored, so code such as `a === '--import' || …` is not
  // read as an import of the string that follows.
  const re = /^[ \t]*(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^.\w])import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of source.matchAll(re)) specs.push((m[1] ?? m[2])!);
  return specs;
}

/** The code with comments and string/template literals blanked out (line numbers kept). */
export function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const d = source[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && d === '*') {
      i += 2;
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) out += source[i++] === '\n' ? '\n' : '';
      i += 2;
    } else if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < n && source[i] !== c) {
        if (source[i] === '\\') i++;
        else if (source[i] === '\n') out += '\n';
        i++;
      }
      i++;
      out += '""';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Identifiers that reach real time, randomness or timers. */
export const BANNED = [
  /\bDate\b/, /\bMath\s*\.\s*random\b/, /\bsetTimeout\b/, /\bsetInterval\b/, /\bsetImmediate\b/,
  /\bqueueMicrotask\b/, /\bperformance\s*\.\s*now\b/, /\bprocess\s*\.\s*hrtime\b/, /\bWeakRef\b/, /\bFinalizationRegistry\b/,
];

/** `file:line: text` for each banned identifier in the code of `source`. */
export function bannedUses(file: string, source: string): string[] {
  const hits: string[] = [];
  codeOnly(source).split('\n').forEach((line, k) => {
    for (const b of BANNED) if (b.test(line)) hits.push(`${file}:${k + 1}: ${line.trim()}`);
  });
  return hits;
}

export function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}
