/**
 * How a sweep's worker processes get TypeScript: through the loader they inherit with the
 * parent's flags when it has one (no second registration), else through an entry module.
 */
import { describe, expect, it } from 'vitest';
import { tsxInFlags } from '../../cli/sweep-pool.js';

describe('sweep workers inherit tsx from the flags when they can', () => {
  it('the flags `tsx file.ts` and `node --import tsx` put in process.execArgv carry the loader', () => {
    expect(tsxInFlags(['--require', '/p/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///p/node_modules/tsx/dist/loader.mjs', '--expose-gc'])).toBe(true);
    expect(tsxInFlags(['--import', 'tsx'])).toBe(true);
    expect(tsxInFlags(['--import=tsx/esm'])).toBe(true);
    expect(tsxInFlags(['--loader', 'C:\\p\\node_modules\\tsx\\dist\\loader.mjs'])).toBe(true);
  });

  it('other flags do not', () => {
    expect(tsxInFlags([])).toBe(false);
    expect(tsxInFlags(['--expose-gc', '--import', 'other-loader'])).toBe(false);
    expect(tsxInFlags(['--require', '/p/node_modules/tsx/dist/preflight.cjs'])).toBe(false);
    expect(tsxInFlags(['--import'])).toBe(false);
  });
});
