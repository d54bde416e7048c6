/**
 * errors.ts: the three exception classes, PROC-2's mapping to exit reasons, and the typed
 * errors for misuse from outside a process.
 */
import { describe, expect, it } from 'vitest';
import {
  BadArgumentError, classify, DfsweoError, ErlangError, error, exceptionToReason, ExitException, exitException, isCleanReason,
  NotInProcessError, ProcessExiting, Stacktrace, ThrownValue, throwTerm,
} from '../../../src/index.js';

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing thrown');
}

describe('the three classes', () => {
  it('error, exitException and throwTerm raise the three classes with their reason', () => {
    const e = caught(() => error(['badarg', 1]));
    const x = caught(() => exitException('shutdown'));
    const t = caught(() => throwTerm({ v: 2 }));
    expect(e).toBeInstanceOf(ErlangError);
    expect(x).toBeInstanceOf(ExitException);
    expect(t).toBeInstanceOf(ThrownValue);
    expect([classify(e), classify(x), classify(t)]).toEqual([
      { class: 'error', reason: ['badarg', 1] }, { class: 'exit', reason: 'shutdown' }, { class: 'throw', reason: { v: 2 } },
    ]);
    expect((e as Error).message).toBe("['badarg', 1]");
  });

  it('classify treats any other thrown value as class error with itself as reason', () => {
    const te = new TypeError('x');
    expect(classify(te)).toEqual({ class: 'error', reason: te });
    expect(classify('str')).toEqual({ class: 'error', reason: 'str' });
  });
});

describe('PROC-2: exceptionToReason', () => {
  it('PROC-2: exit → R; error → [R, Stacktrace]; throw → [[nocatch, V], Stacktrace]; JS error → [e, Stacktrace]', () => {
    expect(exceptionToReason(caught(() => exitException('r')))).toBe('r');
    const e = exceptionToReason(caught(() => error('badarith'))) as unknown[];
    expect(e[0]).toBe('badarith');
    expect(e[1]).toBeInstanceOf(Stacktrace);
    expect((e[1] as Stacktrace).frames.every((f) => f.startsWith('at '))).toBe(true);
    const t = exceptionToReason(caught(() => throwTerm('v'))) as unknown[];
    expect(t[0]).toEqual(['nocatch', 'v']);
    const err = new RangeError('r');
    const j = exceptionToReason(err) as unknown[];
    expect(j[0]).toBe(err);
    expect((j[1] as Stacktrace).frames.length).toBeGreaterThan(0);
    const s = exceptionToReason('plain') as unknown[];
    expect(s[0]).toBe('plain');
    expect((s[1] as Stacktrace).frames).toEqual([]);
    expect(exceptionToReason(new ProcessExiting('kill'))).toBe('kill');
  });

  it('isCleanReason: normal, shutdown and [shutdown, _] need no report', () => {
    expect(['normal', 'shutdown', ['shutdown', 'x']].every(isCleanReason)).toBe(true);
    expect([['shutdown'], 'killed', ['normal', 1], 'noproc'].some(isCleanReason)).toBe(false);
  });
});

describe('typed errors for misuse from outside a process', () => {
  it('BadArgumentError names the function, the argument and the value', () => {
    const e = new BadArgumentError('spawnOpt', 'options.priority', 'urgent', 'low, normal, high or max');
    expect(e).toBeInstanceOf(DfsweoError);
    expect(e.name).toBe('BadArgumentError');
    expect(e.message).toBe("spawnOpt: argument 'options.priority' must be low, normal, high or max, got 'urgent'");
    expect([e.fn, e.argument, e.value]).toEqual(['spawnOpt', 'options.priority', 'urgent']);
  });

  it('NotInProcessError names the function', () => {
    const e = new NotInProcessError('self');
    expect(e).toBeInstanceOf(DfsweoError);
    expect(e.message).toMatch(/^self: must be called inside a process/);
  });
});
