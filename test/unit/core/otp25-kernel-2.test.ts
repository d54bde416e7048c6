/**
 * Kernel corners where dfsweo differed from OTP 25, second round. Each expected value is what
 * OTP 25.2.3 printed for the same scenario (the escripts of /tmp/r2-kernel, quoted in the
 * comments), translated to dfsweo's terms (tuples are arrays, atoms strings).
 */
import { describe, expect, it } from 'vitest';
import {
  exit, isProcessAlive, link, makeRef, monitor, processFlag, processInfo, readTimer, receive, register, self, send, sendAfter, spawn, spawnMonitor, timer,
  type Op, type Pid,
} from '../../../src/index.js';
import { flush, idle, runOk, sleep } from '../../helpers.js';

describe('processes (OTP 25), round 2', () => {
  it('MON-2: a monitor set on a process after sending it a fatal exit signal gets DOWN noproc, by pid or by name, as OTP 25', () => {
    // OTP 25 (k3, k4): P = spawn(idle), exit(P, kill), monitor(process, P) -> [{'DOWN',_,process,P,noproc}];
    // exit(P, foo), exit(P, bar), monitor -> noproc; a trapping P: exit(P, kill), exit(P, other), monitor -> noproc;
    // register(p2, P2), exit(P2, boom), monitor(process, p2) -> {p2,nonode@nohost} noproc
    // (erts_proc_sig_handle_exit answers a monitor signal with noproc). dfsweo gave killed, foo, killed, boom.
    const v = runOk(function* () {
      const down = function* (target: Pid | string): Op<unknown> {
        const r = monitor('process', target);
        const m = (yield* receive((x) => Array.isArray(x) && x[1] === r)) as unknown[];
        return [m[3] === target || (m[3] as unknown[])[0], m[4]];
      };
      const p1 = spawn(idle);
      exit(p1, 'kill');
      const a = yield* down(p1);
      const p2 = spawn(idle);
      exit(p2, 'foo');
      exit(p2, 'bar');
      const b = yield* down(p2);
      const p3 = spawn(function* () {
        processFlag('trap_exit', true);
        yield* idle();
      });
      yield* sleep(1);
      exit(p3, 'kill');
      exit(p3, 'other');
      const c = yield* down(p3);
      const p4 = spawn(idle);
      register('p4', p4);
      exit(p4, 'boom');
      const d = yield* down('p4');
      // A monitor set before the signal still gets the real reason (k4: monitor before kill -> killed).
      const [p5, r5] = spawnMonitor(idle);
      exit(p5, 'kill');
      const e = ((yield* receive((x) => Array.isArray(x) && x[1] === r5)) as unknown[])[4];
      return [a, b, c, d, e];
    });
    expect(v).toEqual([[true, 'noproc'], [true, 'noproc'], [true, 'noproc'], ['p4', 'noproc'], 'killed']);
  });

  it('LINK-2: link to a process after sending it a fatal exit signal: true, then an exit signal noproc (a caller not trapping dies), as OTP 25', () => {
    // OTP 25 (k3): trapping: P = spawn(idle), exit(P, kill), link(P) -> true, then [{'EXIT',P,noproc}];
    // (k4) not trapping: catch link(P) -> true, then the caller dies with noproc. dfsweo gave
    // {'EXIT',P,killed} to the trapping caller and killed the other with killed.
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const p = spawn(idle);
      exit(p, 'kill');
      const r = link(p);
      yield* sleep(5);
      const trapping = [r, (yield* flush()).map((m) => (m as unknown[])[2])];
      const me = self();
      let linked: unknown = 'none'; // the signal may stop the caller at its next call: a plain variable sees the result
      const [w, ref] = spawnMonitor(function* () {
        const q = spawn(idle);
        exit(q, 'kill');
        linked = link(q);
        yield* sleep(50);
        send(me, 'survived');
      });
      const down = (yield* receive((m) => Array.isArray(m) && m[1] === ref)) as unknown[];
      // A bare noproc: an exit signal, not the error link raises for a dead pid (['noproc', stack]).
      return [trapping, linked, down[4], isProcessAlive(w), yield* flush()];
    });
    expect(v).toEqual([[true, ['noproc']], true, 'noproc', false, []]);
  });

  it('PROC (process_info monitored_by): the newest monitor first, as OTP 25', () => {
    // OTP 25 (k2): five processes monitor Q in turn, <0.87.0> .. <0.91.0>:
    // process_info(Q, monitored_by) -> {monitored_by,[<0.91.0>,<0.90.0>,<0.89.0>,<0.88.0>,<0.87.0>]};
    // (k1) me, then another: [Other, Me]. dfsweo listed them oldest first.
    const v = runOk(function* () {
      const q = spawn(idle);
      const me = self();
      const ms: Pid[] = [];
      for (let i = 0; i < 5; i++) {
        ms.push(spawn(function* () {
          monitor('process', q);
          send(me, 'm');
          yield* idle();
        }));
        yield* receive((m) => m === 'm');
      }
      return [ms, (processInfo(q, 'monitored_by') as [string, Pid[]])[1]];
    });
    const [ms, by] = v as [Pid[], Pid[]];
    expect(by).toEqual([...ms].reverse());
  });

  it('TMR-7: timer.cancel of a ref the timer module did not give (erlang sendAfter\'s, a plain one) is [error, badarg], the timer left running, as OTP 25', () => {
    // OTP 25 (k5 and erl -eval): timer:cancel(erlang:send_after(100, self(), z)) -> {error,badarg}, and
    // erlang:read_timer(T) -> 98 afterwards (still running); timer:cancel(make_ref()) -> {error,badarg};
    // timer:cancel({once, make_ref()}) -> {ok,cancel}. dfsweo answered {ok, cancel} to both refs.
    const v = runOk(function* () {
      const t = sendAfter(100, self(), 'z');
      const [, tref] = timer.sendAfter(100, self(), 'y') as ['ok', never];
      return [timer.cancel(t), readTimer(t), timer.cancel(makeRef()), timer.cancel(tref), timer.cancel(tref)];
    });
    expect(v).toEqual([['error', 'badarg'], 100, ['error', 'badarg'], ['ok', 'cancel'], ['ok', 'cancel']]);
  });
});
