/**
 * Special processes (a hand-written loop that serves system messages through
 * `sys.handleSystemMsg`): the defaults and the optional `system_*` callbacks (SYS-3..6).
 * The book's mutex in examples/mutex is the full example.
 */
import { describe, expect, it } from 'vitest';
import { classify, procLib, receive, self, sys, NotInProcessError, type Op, type Pid } from '../../src/index.js';
import { runOk } from '../helpers.js';

/** A counter loop: `'inc'` counts; `state` is its misc, a number. */
function* counter(parent: Pid, mod: sys.SpecialModule<number>): Op<never> {
  let debug = sys.debugOptions([]);
  let n = 0;
  procLib.initAck(['ok', self()]);
  for (;;) {
    const m = yield* receive();
    if (Array.isArray(m) && m[0] === 'system') [debug, n] = yield* sys.handleSystemMsg(m[2], m[1], parent, mod, debug, n);
    else if (m === 'inc') n++;
  }
}

const plain: sys.SpecialModule<number> = { name: 'plain', systemTerminate: () => undefined };

function* start(mod: sys.SpecialModule<number>): Op<Pid> {
  return ((yield* procLib.startLink(counter, [self(), mod])) as [string, Pid])[1];
}

describe('sys.handleSystemMsg: special processes', () => {
  it('SYS-3/SYS-4: without callbacks the state is the misc; getStatus is [pdict, running, parent, dbg, misc] with the module\'s name', () => {
    const v = runOk(function* () {
      const p = yield* start(plain);
      const s0 = yield* sys.getState(p);
      const s1 = yield* sys.replaceState<number>(p, (n) => n + 41);
      const status = (yield* sys.getStatus(p)) as unknown[];
      return [s0, s1, status[2], (status[3] as unknown[]).slice(1)];
    }) as unknown[];
    expect(v[0]).toBe(0);
    expect(v[1]).toBe(41);
    expect(v[2]).toEqual(['module', 'plain']);
    expect(v[3]).toEqual(['running', expect.anything(), [], 41]);
  });

  it("SYS-4 [special_process]: a crashing replace fun leaves the state and answers callback_failed with the module's system_replace_state", () => {
    const v = runOk(function* () {
      const p = yield* start({ ...plain, name: 'fragile', systemReplaceState: (fn, n) => ['ok', fn(n), n] });
      let raised: unknown;
      try {
        yield* sys.replaceState(p, () => { throw new Error('no'); });
      } catch (e) {
        raised = [classify(e).class, classify(e).reason];
      }
      return [raised, yield* sys.getState(p)];
    }) as unknown[];
    // sys:replace_state raises error(Reason) on {error, Reason}
    expect((v[0] as unknown[])[0]).toBe('error');
    expect(((v[0] as unknown[])[1] as unknown[]).slice(0, 2)).toEqual(['callback_failed', ['fragile', 'system_replace_state']]);
    expect(v[1]).toBe(0);
  });

  it('SYS-5: change_code only while suspended, through systemCodeChange; formatStatus shapes getStatus', () => {
    const v = runOk(function* () {
      const p = yield* start({
        ...plain,
        systemCodeChange: (n, _mod, oldVsn, extra) => ['ok', n + (extra as number)],
        formatStatus: (_opt, [, sysState, , , n]) => [['count', n], ['sys', sysState]],
      });
      const running = yield* sys.changeCode(p, 'counter', '1.0', 100);
      yield* sys.suspend(p);
      const suspended = yield* sys.changeCode(p, 'counter', '1.0', 100);
      const status = (yield* sys.getStatus(p)) as unknown[];
      yield* sys.resume(p);
      return [running, suspended, (status[3] as unknown[])[4], yield* sys.getState(p)];
    }) as unknown[];
    expect(v[0]).toEqual(['error', ['unknown_system_msg', ['change_code', 'counter', '1.0', 100]]]);
    expect(v[1]).toBe('ok');
    expect(v[2]).toEqual([['count', 100], ['sys', 'suspended']]);
    expect(v[3]).toBe(100);
  });

  it('SYS-5: without systemCodeChange, change_code answers what sys\'s catch makes of undef', () => {
    const v = runOk(function* () {
      const p = yield* start(plain);
      yield* sys.suspend(p);
      const r = yield* sys.changeCode(p, 'plain', '1.0', []);
      yield* sys.resume(p);
      return [r, yield* sys.getState(p)];
    }) as unknown[];
    // OTP: case catch Mod:system_code_change(...) of {ok, _} -> …; Else -> {error, Else}
    expect(v[0]).toEqual(['error', ['EXIT', ['undef', expect.anything()]]]);
    expect(v[1]).toBe(0);
  });

  it('SYS-6: terminate runs systemTerminate, then the process exits the reason', () => {
    const seen: unknown[] = [];
    const v = runOk(function* () {
      const p = yield* start({ ...plain, systemTerminate: (reason, _parent, _debug, n) => void seen.push([reason, n]) });
      return yield* sys.terminate(p, 'normal');
    });
    expect(v).toBe('ok');
    expect(seen).toEqual([['normal', 0]]);
  });

  it('outside a process: a typed error naming the function', () => {
    expect(() => sys.debugOptions([])).toThrow(NotInProcessError);
    expect(() => sys.handleDebug(null, String, null, 'e')).not.toThrow(); // no debugging: nothing to do
  });
});
