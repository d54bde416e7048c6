/**
 * The leak guard: real clocks, randomness and timers are trapped while simulated code runs.
 */
import { describe, expect, it } from 'vitest';
import { LeakGuard, NonDeterministicCall } from '../../../../sim/detect/leak-guard.js';

describe('LeakGuard', () => {
  it('traps each call, names it, and restores everything on uninstall', () => {
    const g = new LeakGuard();
    const realNow = Date.now;
    const realRandom = Math.random;
    g.install();
    try {
      expect(() => Date.now()).toThrow(NonDeterministicCall);
      expect(() => new Date()).toThrow(/new Date\(\)/);
      expect(() => (Date as unknown as () => string)()).toThrow(/new Date\(\)/);
      expect(new Date(0).getTime()).toBe(0); // an explicit date is deterministic
      expect(() => setInterval(() => {}, 1)).toThrow(/setInterval\(\)/);
      expect(() => queueMicrotask(() => {})).toThrow(/queueMicrotask\(\)/);
      expect(() => crypto.randomUUID()).toThrow(/crypto.randomUUID\(\)/);
    } finally {
      g.uninstall();
    }
    expect(g.violation).toBe('Date.now()');
    expect(Date.now).toBe(realNow);
    expect(Math.random).toBe(realRandom);
    expect(new Date().getTime()).toBeGreaterThan(0);
  });

  it('nested installs are counted: only the outermost uninstall restores', () => {
    const g = new LeakGuard();
    g.install();
    g.install();
    g.uninstall();
    expect(() => Math.random()).toThrow(NonDeterministicCall);
    g.uninstall();
    expect(Math.random()).toBeLessThan(1);
  });
});
