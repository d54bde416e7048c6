/**
 * TMR-9: the timer module's exit_after and kill_after.
 */
import { describe, expect, it } from 'vitest';
import {
  error, exit, monitor, monotonicTime, processFlag, receive, Ref, register, self, spawn, spawnMonitor, timer,
} from '../../../../src/index.js';
import { runOk, simulate, idle } from '../../../helpers.js';

describe('TMR-9: exit_after and kill_after', () => {
  it('TMR-9: exitAfter sends the exit signal after T', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const ref = monitor('process', p);
      timer.exitAfter(30, p, 'timeout_reason');
      const m = (yield* receive((x) => Array.isArray(x) && x[1] === ref)) as unknown[];
      return [m[4], monotonicTime()];
    });
    expect(v).toEqual(['timeout_reason', 30]);
  });

  it('TMR-9: a trapping target gets the EXIT message', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      timer.exitAfter(10, self(), 'wake');
      const m = (yield* receive()) as unknown[];
      return [m[0], m[2]];
    });
    expect(v).toEqual(['EXIT', 'wake']);
  });

  it('TMR-9: killAfter kills (killed), even a trapping target, by pid or name', () => {
    const v = runOk(function* () {
      const p = spawn(function* () { processFlag('trap_exit', true); yield* idle(); });
      const q = spawn(idle);
      register('q', q);
      const rp = monitor('process', p);
      const rq = monitor('process', q);
      timer.killAfter(10, p);
      timer.killAfter(10, 'q');
      const a = (yield* receive((m) => Array.isArray(m) && m[1] === rp)) as unknown[];
      const b = (yield* receive((m) => Array.isArray(m) && m[1] === rq)) as unknown[];
      return [a[4], b[4]];
    });
    expect(v).toEqual(['killed', 'killed']);
  });

  it('TMR-9: exit_after/2 and kill_after/1 aim at the caller', () => {
    const v = runOk(function* () {
      const a = spawnMonitor(function* () { timer.exitAfter(10, 'bye'); yield* idle(); });
      const b = spawnMonitor(function* () { timer.killAfter(20); yield* idle(); });
      const got: unknown[] = [];
      for (const [, ref] of [a, b]) got.push(((yield* receive((m) => Array.isArray(m) && m[1] === ref)) as unknown[])[4], monotonicTime());
      return got;
    });
    expect(v).toEqual(['bye', 10, 'killed', 20]);
  });

  it("TMR-9: an unknown target name or a bad target is ignored at fire time (OTP 25 checks only the time); a bad time is ['error', 'badarg']", () => {
    const res = simulate(function* () {
      const r = timer.killAfter(10, 'nobody');
      const bad = timer.exitAfter(10, 42 as never, 'x');
      yield* receive(null, { after: 20 });
      return [r[0], bad[0], timer.exitAfter(-1, self(), 'x')];
    });
    expect(res.outcome).toBe('ok');
    expect(res.value).toEqual(['ok', 'ok', ['error', 'badarg']]);
  });

  it('TMR-9: a cancelled exitAfter does nothing', () => {
    const v = runOk(function* () {
      const [, ref] = timer.exitAfter(10, self(), 'x') as ['ok', Ref];
      timer.cancel(ref);
      yield* receive(null, { after: 50 });
      return 'alive';
    });
    expect(v).toBe('alive');
  });
});
