/**
 * The leak guard: real clocks, randomness and timers are trapped while simulated code runs.
 */
import { describe, expect, it } from 'vitest';
import { LeakGuard, NonDeterministicCall } from '../../../../sim/detect/leak-guard.js';

describe('LeakGuard', () => {
  it('traps each call, names it, and forwards to the originals once disarmed', () => {
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
    expect(Date.now()).toBeGreaterThan(0);
    expect(Math.random()).toBeLessThan(1);
    expect(new Date().getTime()).toBeGreaterThan(0);
    expect(typeof process.hrtime.bigint()).toBe('bigint');
    LeakGuard.restoreGlobals();
    expect(Date.now).toBe(realNow);
    expect(Math.random).toBe(realRandom);
  });

  it('a guard armed inside another is disarmed back to the outer one', () => {
    const outer = new LeakGuard();
    const inner = new LeakGuard();
    outer.install();
    inner.install();
    expect(() => Math.random()).toThrow(NonDeterministicCall);
    inner.uninstall();
    expect(() => Date.now()).toThrow(NonDeterministicCall);
    outer.uninstall();
    expect(inner.violation).toBe('Math.random()');
    expect(outer.violation).toBe('Date.now()');
    LeakGuard.restoreGlobals();
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
