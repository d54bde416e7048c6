/**
 * gen_server, names and sys edges checked against OTP 25, second round: every expected value
 * below is what OTP 25 printed for the same scenario (an escript run side by side with dfsweo;
 * the scenario's name in the escript is given in a comment).
 */
import { describe, expect, it } from 'vitest';
import { error, GenServer, Pid, procLib, receive, self, sys, timer, type Op } from '../../src/index.js';
import { flush, runOk } from '../helpers.js';
import { attempt, mod } from './gen-helpers.js';

/** A server whose calls run the function they carry: `(from, state) => result`. */
const Fn = mod({
  *handleCall(req, from, s) {
    const r = typeof req === 'function' ? req(from, s) : ['noreply', s];
    return (typeof r === 'object' && r !== null && typeof (r as Op<unknown>).next === 'function' ? yield* (r as Op<unknown>) : r) as never;
  },
});

function* named(name: string): Op<Pid> {
  const r = yield* GenServer.start(Fn, [], { name });
  return (r as [string, Pid])[1];
}

const here = 'nonode@nohost';
const reply = (_f: unknown, s: unknown): unknown => ['reply', 'r', s];

describe('GS-23/GS-24: multi_call and abcast', () => {
  it('GS-23: a node that is not an atom is skipped, neither asked nor a bad node, as OTP 25', () => {
    const v = runOk(function* () {
      yield* named('mcb');
      // multi_call_bad_nodes: OTP 25 [{[{nonode@nohost,r},{nonode@nohost,r}],[foo]}, {[],[]}]
      return [
        yield* GenServer.multiCall('mcb', reply, { nodes: ['foo', here, here] }),
        yield* GenServer.multiCall('mcb', reply, { nodes: [['s'] as never] }),
      ];
    });
    expect(v).toEqual([[[[here, 'r'], [here, 'r']], ['foo']], [[], []]]);
  });

  it('GS-23: the timeout is one for all the nodes, so a node answering after it is a bad node, as OTP 25', () => {
    const v = runOk(function* () {
      yield* named('mst');
      // multi_call_shared_timeout: each call takes 15 ms, the timeout is 20 ms:
      // OTP 25 [{[{nonode@nohost,r}],[nonode@nohost]}, []] (the late reply is never seen)
      const r = yield* GenServer.multiCall('mst', function* (_f: unknown, s: unknown) {
        yield* timer.sleep(15);
        return ['reply', 'r', s];
      }, { nodes: [here, here], timeout: 20 });
      yield* timer.sleep(50);
      return [r, yield* flush()];
    });
    expect(v).toEqual([[[[here, 'r']], [here]], []]);
  });

  it('GS-24: abcast to a node that is not an atom fails function_clause, as OTP 25', () => {
    const v = runOk(function* () {
      // abcast_forms: OTP 25 [abcast, abcast, {error, function_clause}]
      return [
        GenServer.abcast('nosuch', 'x'),
        GenServer.abcast('nosuch', 'x', { nodes: ['foo', here] }),
        yield* attempt((function* () { return GenServer.abcast('nosuch', 'x', { nodes: [['s'] as never] }); })()),
      ];
    });
    expect(v).toEqual(['abcast', 'abcast', ['error', 'function_clause']]);
  });
});

describe('GLOB-7: via names', () => {
  it("GLOB-7: a via module answering no, with nobody under the name, gives [error, [already_started, 'undefined']], as OTP 25", () => {
    const v = runOk(function* () {
      // via_register_no (register_name -> no, whereis_name -> undefined): OTP 25 {error,{already_started,undefined}}
      const via = { registerName: () => 'no' as const, whereisName: () => 'undefined' as const, unregisterName: () => 'ok', send: () => self() };
      return yield* GenServer.start(Fn, [], { name: { via, name: 'x' } });
    });
    expect(v).toEqual(['error', ['already_started', 'undefined']]);
  });
});

describe('SYS-4: a special process without system_replace_state', () => {
  const Bare: sys.SpecialModule<number> = { name: 'bare', systemTerminate: () => undefined };
  function* bareLoop(parent: Pid, misc: number): Op<never> {
    let debug = sys.debugOptions([]);
    procLib.initAck(['ok', self()]);
    for (;;) {
      const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'system')) as never[];
      [debug, misc] = yield* sys.handleSystemMsg(m[2], m[1], parent, Bare, debug, misc);
    }
  }

  it('SYS-4: the fun replaces Misc; when it fails the error names the fun: [callback_failed, Fun, [error, boom]], as OTP 25', () => {
    const boom = (): never => error('boom');
    const v = runOk(function* () {
      const p = ((yield* procLib.startLink(bareLoop, [self(), 5])) as [string, Pid])[1];
      // special_bare: OTP 25 [5, 6, 6, [error, {callback_failed, FUN, {error, boom}}], 6]
      return [
        yield* sys.getState(p), yield* sys.replaceState(p, (x: number) => x + 1), yield* sys.getState(p),
        yield* attempt(sys.replaceState(p, boom)), yield* sys.getState(p),
      ];
    });
    expect(v).toEqual([5, 6, 6, ['error', ['callback_failed', boom, ['error', 'boom']]], 6]);
  });
});
