/**
 * Kernel corners where dfsweo differed from OTP 25. Each expected value is what OTP 25.2.3
 * printed for the same scenario (the escripts of /tmp/kernel-probe, a…o, and the follow-up
 * probes quoted in the comments), translated to dfsweo's terms (tuples are arrays, maps objects).
 */
import { describe, expect, it } from 'vitest';
import {
  alias, demonitor, exit, makeRef, monitor, node, Pid, processFlag, processInfo, receive, Ref, register, self, send, sendAfter, spawn,
  spawnMonitor, spawnOpt, startTimer, timer, TIMEOUT, unalias, type Op, type SpawnOptions,
} from '../../../src/index.js';
import { attempt, flush, idle, runOk, simulate, sleep } from '../../helpers.js';



function* downOf(ref: Ref): Op<unknown> {
  return ((yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref)) as unknown[])[4];
}

/** Messages tagged `tag` already queued, as the probes' collect/1. */
function* collect(tag: string): Op<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = yield* receive((x) => Array.isArray(x) && x[0] === tag, { after: 0 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

describe('processes (OTP 25)', () => {
  it('DIST-1: node/1 takes a reference too, and names the node that made it', () => {
    // OTP 25 (probe a): node_ref: {ok,nonode@nohost}; node_atom: {error,badarg}
    const v = runOk(function* () {
      return [node(makeRef()), attempt(() => node('foo' as never))];
    });
    expect(v).toEqual(['nonode@nohost', 'badarg']);
  });

  it("PROC (process_info/1): OTP's default items in its order, registered_name only when named", () => {
    // OTP 25 (probe a), pinfo_all_keys: [current_function,initial_call,status,message_queue_len,links,dictionary,trap_exit,
    // error_handler,priority,group_leader,total_heap_size,heap_size,stack_size,reductions,garbage_collection,suspending];
    // pinfo_all_keys_named: the same with registered_name first. dfsweo gives the items it models, in that order.
    const otp = ['current_function', 'initial_call', 'status', 'message_queue_len', 'links', 'dictionary', 'trap_exit', 'error_handler', 'priority',
      'group_leader', 'total_heap_size', 'heap_size', 'stack_size', 'reductions', 'garbage_collection', 'suspending'];
    const modelled = new Set(['registered_name', 'current_function', 'status', 'message_queue_len', 'messages', 'links', 'dictionary',
      'trap_exit', 'priority', 'reductions', 'monitors', 'monitored_by']);
    const v = runOk(function* () {
      const p = spawn(idle);
      yield* sleep(5);
      const unnamed = (processInfo(p) as [string, unknown][]).map(([k]) => k);
      register('pinfo_named', p);
      const named = processInfo(p) as [string, unknown][];
      return [unnamed, named.map(([k]) => k), named[0]];
    });
    expect(v).toEqual([otp.filter((k) => modelled.has(k)), ['registered_name', ...otp].filter((k) => modelled.has(k)), ['registered_name', 'pinfo_named']]);
  });

  it('PROC-4: spawn_opt checks max_heap_size against the min heap size and its map values; takes min_bin_vheap_size', () => {
    // OTP 25 (probe a): [{min_heap_size,1000},{max_heap_size,100}] badarg; #{size => 10, kill => maybe} badarg;
    // #{size => 10, bogus => 1} badarg (size 10 is below the min heap, 233 words); (probe k) [{max_heap_size,5}] badarg;
    // [{min_bin_vheap_size,100}] ok; [{min_heap_size,1000},{max_heap_size,0}] ok; #{size=>1000,kill=>false,error_logger=>false} ok.
    // Follow-up probe: min_heap_size 1000 rounds up to 1598 words (max 1597 badarg, 1598 ok); max 232 badarg, 233 ok;
    // #{size => 1000, bogus => 1} ok (OTP 25 ignores unknown keys); #{size => 1000, error_logger => 1} badarg.
    const cases: SpawnOptions[] = [
      { min_heap_size: 1000, max_heap_size: 100 }, { max_heap_size: { size: 10, kill: 'maybe' } } as never, { max_heap_size: { size: 10, bogus: 1 } } as never,
      { max_heap_size: 5 }, { min_bin_vheap_size: 100 }, { min_heap_size: 1000, max_heap_size: 0 },
      { max_heap_size: { size: 1000, kill: false, error_logger: false } }, { min_heap_size: 1000, max_heap_size: 1597 }, { min_heap_size: 1000, max_heap_size: 1598 },
      { max_heap_size: 232 }, { max_heap_size: 233 }, { max_heap_size: { size: 1000, bogus: 1 } } as never, { max_heap_size: { size: 1000, error_logger: 1 } } as never,
    ];
    const v = runOk(function* () {
      return cases.map((o) => attempt(() => spawnOpt(function* () {}, o) instanceof Pid));
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg', 'badarg', true, true, true, 'badarg', true, 'badarg', true, true, 'badarg']);
  });

  it('PROC-5: process_flag takes the GC flags, sensitive and save_calls, returns the old value and validates the new', () => {
    // OTP 25 (probe a, k, and a follow-up probe): message_queue_data off_heap -> on_heap, then off_heap; min_heap_size 100 -> 233,
    // then 233; 1000 -> 1598 next; sensitive false -> false; save_calls 0 -> 0; 10001 badarg; max_heap_size 0 ->
    // #{error_logger => true,kill => true,size => 0}; 5 badarg (below the min heap); min_bin_vheap_size 100 -> 46422, then 46422;
    // 100000 -> 121536 next; fullsweep_after 10 -> 65535; message_queue_data foo, sensitive foo, min_heap_size -1 badarg.
    const v = runOk(function* () {
      const f = processFlag as (flag: string, value: unknown) => unknown;
      return [
        f('message_queue_data', 'off_heap'), f('message_queue_data', 'on_heap'), attempt(() => f('message_queue_data', 'foo')),
        f('min_heap_size', 100), f('min_heap_size', 1000), f('min_heap_size', 0),
        f('sensitive', false), f('sensitive', true), f('sensitive', false), attempt(() => f('sensitive', 'foo')),
        f('save_calls', 0), f('save_calls', 5), attempt(() => f('save_calls', 10001)),
        f('max_heap_size', 0), attempt(() => f('max_heap_size', 5)), f('max_heap_size', { size: 500, kill: false }), f('max_heap_size', 0),
        f('min_bin_vheap_size', 100), f('min_bin_vheap_size', 100000), f('min_bin_vheap_size', 0),
        f('fullsweep_after', 10), f('fullsweep_after', 10), attempt(() => f('min_heap_size', -1)),
      ];
    });
    const noLimit = { error_logger: true, kill: true, size: 0 };
    expect(v).toEqual([
      'on_heap', 'off_heap', 'badarg',
      233, 233, 1598,
      false, false, true, 'badarg',
      0, 0, 'badarg',
      noLimit, 'badarg', noLimit, { error_logger: true, kill: false, size: 500 },
      46422, 46422, 121536,
      65535, 10, 'badarg',
    ]);
  });

  it('PROC-5: a spawned process starts its flags from its spawn options', () => {
    // OTP 25 (follow-up probe): spawn_opt(F, [{min_heap_size,500},{max_heap_size,700},{message_queue_data,off_heap},{min_bin_vheap_size,100}])
    // then in the child process_flag(min_heap_size|max_heap_size|message_queue_data|min_bin_vheap_size, _) ->
    // [610, #{error_logger => true,kill => true,size => 700}, off_heap, 46422]
    const v = runOk(function* () {
      const me = self();
      spawnOpt(function* () {
        const f = processFlag as (flag: string, value: unknown) => unknown;
        send(me, [f('min_heap_size', 0), f('max_heap_size', 0), f('message_queue_data', 'on_heap'), f('min_bin_vheap_size', 0)]);
      }, { min_heap_size: 500, max_heap_size: 700, message_queue_data: 'off_heap', min_bin_vheap_size: 100 });
      return yield* receive();
    });
    expect(v).toEqual([610, { error_logger: true, kill: true, size: 700 }, 'off_heap', 46422]);
  });
});

describe('monitors and aliases (OTP 25)', () => {
  it('MON-5: monitoring yourself records nothing, as OTP 25: no monitor, no alias, demonitor info false', () => {
    // OTP 25 (probe d): pinfo_self_mon: {monitors,[]}; pinfo_self_monby: {monitored_by,[]}; demonitor_self: false;
    // self_mon_alias: []; self_mon_alias_unalias: false; pinfo_self_mon_name: {monitors,[]}; demonitor_self_name: false;
    // (probe o) self_mon_explicit_alias: []; unalias: false; self_mon_reply_alias: []; (follow-up) {selfname, node()}: [] false.
    const v = runOk(function* () {
      const r = monitor('process', self());
      const out: unknown[] = [r instanceof Ref, processInfo(self(), 'monitors'), processInfo(self(), 'monitored_by'), demonitor(r, { info: true })];
      for (const mode of ['demonitor', 'explicit_unalias', 'reply_demonitor'] as const) {
        const a = monitor('process', self(), { alias: mode });
        send(a, mode);
        out.push(yield* flush(), unalias(a));
      }
      register('selfname', self());
      const byName = monitor('process', 'selfname');
      const byNameNode = monitor('process', ['selfname', node()]);
      out.push(processInfo(self(), 'monitors'), demonitor(byName, { info: true }), demonitor(byNameNode, { info: true }));
      return out;
    });
    expect(v).toEqual([true, ['monitors', []], ['monitored_by', []], false, [], false, [], false, [], false, ['monitors', []], false, false]);
  });

  it('MON-5: a child monitoring itself is monitored only by its parent', () => {
    // OTP 25 (probe d): child_self_mon: 1
    const v = runOk(function* () {
      const me = self();
      const [, ref] = spawnMonitor(function* () {
        monitor('process', self());
        send(me, ['mb', (processInfo(self(), 'monitored_by') as [string, unknown[]])[1].length]);
      });
      const [, n] = (yield* receive((m) => Array.isArray(m) && m[0] === 'mb')) as [string, number];
      yield* downOf(ref);
      return n;
    });
    expect(v).toBe(1);
  });

  it('MON-6: alias options other than the mode are badarg', () => {
    // OTP 25 (probe c, d): alias(foo), alias([bogus]), alias([{reply, true}]): {error,badarg}; alias([]): {ok,true}
    const v = runOk(function* () {
      return [attempt(() => alias('foo' as never)), attempt(() => alias({ bogus: true } as never)), attempt(() => alias({ reply: true } as never)),
        alias({}) instanceof Ref, alias({ mode: 'reply' }) instanceof Ref, alias() instanceof Ref];
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg', true, true, true]);
  });
});

describe('erlang timers (OTP 25)', () => {
  it('TMR-1: send_after/start_timer options: unknown ones and a non-boolean abs are badarg; a remote pid is badarg', () => {
    // OTP 25 (probe a): send_after_badopt, send_after_abs_bad, start_timer_badopt: {error,badarg}; send_after_abs_false: {ok,true};
    // (probe h2) send_after_remote_pid, start_timer_remote_pid: {error,badarg}
    const remote = new Pid('other@nohost', 7, 9);
    const v = runOk(function* () {
      return [
        attempt(() => sendAfter(10, self(), 'x', { bogus: true } as never)), attempt(() => sendAfter(10, self(), 'x', { abs: 'maybe' } as never)),
        attempt(() => startTimer(10, self(), 'x', { bogus: true } as never)), sendAfter(10, self(), 'x', { abs: false }) instanceof Ref,
        attempt(() => sendAfter(10, remote, 'x')), attempt(() => startTimer(10, remote, 'x')),
      ];
    });
    expect(v).toEqual(['badarg', 'badarg', 'badarg', true, 'badarg', 'badarg']);
  });
});

describe('the timer module (OTP 25 timer.erl)', () => {
  it('TMR-5: send_after with time 0 is Dest ! Msg from the caller, at once', () => {
    // OTP 25 (probe f): send_after0_unreg: {error,badarg}; send_after0_order: [a,b]; send_after0_immediate: {message_queue_len,1}
    const v = runOk(function* () {
      const unreg = attempt(() => timer.sendAfter(0, 'nosuch_name', 'x'));
      timer.sendAfter(0, self(), 'a');
      send(self(), 'b');
      const order = yield* flush();
      const r = timer.sendAfter(0, 'x0');
      return [unreg, order, processInfo(self(), 'message_queue_len'), r[0], r[1] instanceof Ref];
    });
    expect(v).toEqual(['badarg', ['a', 'b'], ['message_queue_len', 1], 'ok', true]);
  });

  it('TMR-9: exit_after with time 0 is exit/2 from the caller, at once; apply_after 0 spawns from the caller, at once', () => {
    // OTP 25 (probe i): exit_after0_trap_order: [{'EXIT',true,bye},b] (the EXIT comes from the caller itself, before b);
    // timer.erl 25: apply_after(0, M, F, A) -> do_apply({M, F, A}) (catch spawn(M, F, A)) in the caller; {ok, {instant, make_ref()}}
    const res = simulate(function* () {
      yield* sleep(1);
      const me = self();
      processFlag('trap_exit', true);
      timer.exitAfter(0, me, 'bye');
      send(me, 'b');
      const got = ((yield* flush()) as unknown[][]).map((m) => (Array.isArray(m) ? [m[0], m[1] === me, m[2]] : m));
      timer.applyAfter(0, send, me, 'applied0');
      return [got, yield* flush(), me];
    });
    const [got, applied, me] = res.value as [unknown, unknown, Pid];
    expect([got, applied]).toEqual([[['EXIT', true, 'bye'], 'b'], ['applied0']]);
    const spawned = res.trace.filter((e) => e.kind === 'spawn' && e.fn === 'apply') as { parent?: Pid; time?: number }[];
    expect(spawned.map((e) => e.parent)).toEqual([me]);
  });

  it('TMR-9: exit_after (time > 0) signals from the timer server: neither the caller nor the target', () => {
    // OTP 25 (probe b): exit_after_self_normal: survived; exit_after_trap_from_self: {false,bye}; exit_after_other_from_caller: {false,bye}
    const v = runOk(function* () {
      const me = self();
      const [, r1] = spawnMonitor(function* () {
        timer.exitAfter(10, self(), 'normal');
        yield* sleep(50);
        exit(self(), 'survived');
      });
      const selfNormal = yield* downOf(r1);
      const [, r2] = spawnMonitor(function* () {
        processFlag('trap_exit', true);
        timer.exitAfter(10, self(), 'bye');
        const [, from, why] = (yield* receive()) as [string, Pid, unknown];
        send(me, ['got', from === self(), why]);
      });
      const fromSelf = (yield* receive((m) => Array.isArray(m) && m[0] === 'got')) as unknown[];
      yield* downOf(r2);
      const tp = spawn(function* () {
        processFlag('trap_exit', true);
        const [, from, why] = (yield* receive()) as [string, Pid, unknown];
        send(me, ['got', from === me, why]);
      });
      yield* sleep(5);
      timer.exitAfter(10, tp, 'bye');
      const fromCaller = (yield* receive((m) => Array.isArray(m) && m[0] === 'got')) as unknown[];
      return [selfNormal, fromSelf.slice(1), fromCaller.slice(1)];
    });
    expect(v).toEqual(['survived', [false, 'bye'], [false, 'bye']]);
  });

  it('TMR-6: send_interval to a name follows the process registered under it, not the caller', () => {
    // OTP 25 (probe f): send_interval_name_registered_late: 0; send_interval_name_caller_dead: 5;
    // send_interval_name_target_replaced: 0. (OTP slept 60 ms for 5 ticks of 10; its ticks come a little late, here exactly on
    // time, so 58 ms here gives OTP's count without a tie at the last tick.)
    const v = runOk(function* () {
      const me = self();
      timer.sendInterval(10, 'si_late', ['si_late', 'tick']);
      yield* sleep(5);
      spawn(function* () { register('si_late', self()); yield* sleep(60); send(me, ['si_late_count', (yield* collect('si_late')).length]); });
      const [, late] = (yield* receive((m) => Array.isArray(m) && m[0] === 'si_late_count')) as [string, number];
      const t = spawn(function* () {
        register('si_tgt', self());
        yield* receive((m) => m === 'go');
        yield* sleep(58);
        send(me, ['si_tgt_count', (yield* collect('si_tgt')).length]);
      });
      yield* sleep(5);
      const [, rc] = spawnMonitor(function* () { timer.sendInterval(10, 'si_tgt', ['si_tgt', 'tick']); });
      yield* downOf(rc);
      send(t, 'go');
      const [, callerDead] = (yield* receive((m) => Array.isArray(m) && m[0] === 'si_tgt_count')) as [string, number];
      const t3 = spawn(function* () { register('si_t3', self()); yield* idle(); });
      yield* sleep(5);
      timer.sendInterval(10, 'si_t3', ['si_t3', 'tick']);
      yield* sleep(25);
      exit(t3, 'kill');
      yield* sleep(5);
      spawn(function* () { register('si_t3', self()); yield* sleep(60); send(me, ['si_t3_count', (yield* collect('si_t3')).length]); });
      const [, replaced] = (yield* receive((m) => Array.isArray(m) && m[0] === 'si_t3_count')) as [string, number];
      return [late, callerDead, replaced];
    });
    expect(v).toEqual([0, 5, 0]);
  });

  it('TMR-5/TMR-9: [name, node] needs two atoms; exit_after and kill_after check only the time', () => {
    // OTP 25 (probe l): t_send_after_tuple_badnode, t_send_interval_tuple_badnode: {error,badarg}; t_kill_after_bad_target: ok;
    // t_exit_after_float: {error,badarg}; (probe b) exit_after_bad_target (exit_after(10, 123, bye)): {ok,{ok,{once,#Ref<…>}}}
    const res = simulate(function* () {
      const out = [timer.sendAfter(10, ['x', 12] as never, 'm'), timer.sendInterval(10, ['x', 12] as never, 'm'), timer.sendAfter(0, ['x', 12] as never, 'm'),
        timer.killAfter(10, ['a', 'b'] as never)[0], timer.exitAfter(10, 123 as never, 'bye')[0], timer.exitAfter(1.5, self(), 'x')];
      yield* sleep(20);
      return out;
    });
    expect(res.outcome).toBe('ok');
    expect(res.value).toEqual([['error', 'badarg'], ['error', 'badarg'], ['error', 'badarg'], 'ok', 'ok', ['error', 'badarg']]);
  });
});
