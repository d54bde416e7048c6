/**
 * sys, SYS-1 … SYS-10 (and UPG-2 through change_code) on gen_server.
 */
import { describe, expect, it } from 'vitest';
import { exitException, gen, GenServer, isProcessAlive, monotonicTime, receive, self, send, spawn, sys, timer } from '../../src/index.js';
import { runOk, simulate } from '../helpers.js';
import { attempt, Echo, mod, started, startedNolink, watch } from './gen-helpers.js';

describe('SYS-1: failures', () => {
  it('SYS-1: an absent process exits [noproc, [sys, F, args]]; a deaf one [timeout, …] after 5000 ms', () => {
    const v = runOk<unknown[]>(function* () {
      const a = yield* attempt(sys.getState('nobody'));
      const deaf = spawn(function* () { yield* receive((m) => m === 'never'); });
      const b = yield* attempt(sys.getState(deaf));
      const t = monotonicTime();
      const c = yield* attempt(sys.suspend(deaf, 10));
      return [a, b, t, c, deaf];
    });
    expect(v[0]).toEqual(['exit', ['noproc', ['sys', 'get_state', ['nobody']]]]);
    expect(v[1]).toEqual(['exit', ['timeout', ['sys', 'get_state', [v[4]]]]]);
    expect(v[2]).toBe(5000);
    expect(v[3]).toEqual(['exit', ['timeout', ['sys', 'suspend', [v[4], 10]]]]);
  });
});

describe('SYS-2/SYS-3/SYS-4: suspend, status, state', () => {
  it('SYS-2: while suspended calls queue (and may time out); after resume the queued ones complete in order', () => {
    const v = runOk<unknown[]>(function* () {
      const me = self();
      const pid = yield* started(Echo, []);
      yield* sys.suspend(pid);
      yield* sys.suspend(pid); // idempotent
      const timedOut = yield* attempt(GenServer.call(pid, 'lost', 50));
      for (const k of [1, 2, 3]) spawn(function* () { send(me, ['got', yield* GenServer.call(pid, k, 'infinity')]); });
      GenServer.cast(pid, 'c1');
      const none = yield* receive((m) => Array.isArray(m) && m[0] === 'got', { after: 100 });
      const status = (yield* sys.getStatus(pid)) as unknown[];
      const st = yield* sys.getState(pid); // SYS-4: works while suspended
      yield* sys.resume(pid);
      yield* sys.resume(pid);
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) got.push(((yield* receive((m) => Array.isArray(m) && m[0] === 'got')) as unknown[])[1]);
      return [timedOut[0], typeof none, ((status[3] as unknown[])[1]), st, got.sort(), yield* sys.getState(pid)];
    });
    expect(v).toEqual(['exit', 'symbol', 'suspended', [], [1, 2, 3], ['c1']]);
  });

  it('SYS-3: getStatus is [status, pid, [module, gen_server], [pdict, running, parent, dbg, misc]]', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, ['s']);
      return [pid, self(), yield* sys.getStatus(pid)];
    });
    const st = v[2] as unknown[];
    expect(st[0]).toBe('status');
    expect(st[1]).toBe(v[0]);
    expect(st[2]).toEqual(['module', 'gen_server']);
    const [pdict, mode, parent, dbg] = st[3] as unknown[];
    expect((pdict as unknown[][]).map((e) => e[0])).toContain('$ancestors');
    expect([mode, parent, dbg]).toEqual(['running', v[1], []]);
  });

  it('SYS-4: replaceState returns the new state; a failing fun keeps the state and raises error callback_failed (as sys:replace_state does: error(Reason))', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, [1]);
      const n = yield* sys.replaceState(pid, (s: number[]) => [...s, 2]);
      const bad = yield* attempt(sys.replaceState(pid, () => exitException('nah')));
      return [n, bad, yield* sys.getState(pid)];
    });
    expect(v).toEqual([[1, 2], ['error', ['callback_failed', ['gen_server', 'system_replace_state'], ['exit', 'nah']]], [1, 2]]);
  });
});

describe('SYS-5/SYS-6: change_code and terminate', () => {
  it('SYS-5/UPG-2: change_code works only while suspended; the new module handles later messages', () => {
    const V2 = mod({
      codeChange: (old, s, extra) => (old === 'v1' ? ['ok', { v: 2, was: s, extra }] : 'refused'),
      handleCall: (_r, _f, s) => ['reply', ['v2', s], s],
    });
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, 'one');
      const running = yield* sys.changeCode(pid, V2, 'v1', 'x');
      yield* sys.suspend(pid);
      const refused = yield* sys.changeCode(pid, V2, 'v0', 'x');
      const crashed = yield* sys.changeCode(pid, mod({ codeChange: () => exitException('boom') }), 'v1', 'x');
      const ok = yield* sys.changeCode(pid, V2, 'v1', 'x');
      yield* sys.resume(pid);
      return [(running as unknown[])[0], refused, crashed, ok, yield* GenServer.call(pid, 'q')];
    });
    expect(v).toEqual(['error', ['error', 'refused'], ['error', ['EXIT', 'boom']], 'ok', ['v2', { v: 2, was: 'one', extra: 'x' }]]);
  });

  it('UPG-2: a module without codeChange fails the upgrade with undef; the server keeps its state and module (gen_server_SUITE:undef_code_change)', () => {
    const NoCc = mod({ handleCall: (_r, _f, s) => ['reply', ['new', s], s] });
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, 'one');
      yield* sys.suspend(pid);
      const r = yield* sys.changeCode(pid, NoCc, 'v1', []);
      yield* sys.resume(pid);
      return [r, yield* sys.getState(pid), yield* GenServer.call(pid, 'q'), isProcessAlive(pid)];
    });
    expect(v[0]).toEqual(['error', ['EXIT', ['undef', expect.anything()]]]);
    expect(v.slice(1)).toEqual(['one', 'q', true]);
  });

  it('UPG-2: a codeChange that must block may be a generator function', () => {
    const V3 = mod({
      *codeChange(_old, s) { yield* timer.sleep(5); return ['ok', ['upgraded', s]]; },
      handleCall: (_r, _f, s) => ['reply', s, s],
    });
    const v = runOk(function* () {
      const pid = yield* started(Echo, 'one');
      yield* sys.suspend(pid);
      const r = yield* sys.changeCode(pid, V3, 'v1', []);
      yield* sys.resume(pid);
      return [r, yield* GenServer.call(pid, 'q'), monotonicTime()];
    });
    expect(v).toEqual(['ok', ['upgraded', 'one'], 5]);
  });

  it('UPG-1: suspend, change code, resume: what arrived meanwhile is handled by the new code; a downgrade passes [down, Vsn]', () => {
    const V2 = mod({
      codeChange: (old, s) => (old === '1.0' ? ['ok', { items: s }] : ['error', old]),
      handleCall: (r, _f, s: { items: unknown[] }) => ['reply', ['v2', r], { items: [...s.items, r] }],
    });
    const V1 = mod({
      codeChange: (old, s: { items: unknown[] }) => (Array.isArray(old) && old[0] === 'down' && old[1] === '1.0' ? ['ok', s.items] : ['error', old]),
      handleCall: (r, _f, s: unknown[]) => ['reply', ['v1', r], [...s, r]],
    });
    const v = runOk<unknown[]>(function* () {
      const me = self();
      const pid = yield* started(V1, []);
      const before = yield* GenServer.call(pid, 'a');
      yield* sys.suspend(pid);
      spawn(function* () { send(me, ['late', yield* GenServer.call(pid, 'b')]); });
      yield* timer.sleep(10);
      const up = yield* sys.changeCode(pid, V2, '1.0', []);
      yield* sys.resume(pid);
      const late = yield* receive((m) => Array.isArray(m) && m[0] === 'late');
      const upgraded = yield* sys.getState(pid);
      yield* sys.suspend(pid);
      const down = yield* sys.changeCode(pid, V1, ['down', '1.0'], []);
      yield* sys.resume(pid);
      return [before, up, late, upgraded, down, yield* GenServer.call(pid, 'c'), yield* sys.getState(pid)];
    });
    expect(v).toEqual([['v1', 'a'], 'ok', ['late', ['v2', 'b']], { items: ['a', 'b'] }, 'ok', ['v1', 'c'], ['a', 'b', 'c']]);
  });

  it('SYS-6: terminate runs the terminate callback and exits with the reason', () => {
    const v = runOk(function* () {
      const me = self();
      const pid = yield* startedNolink(mod({ terminate: (r) => { send(me, ['t', r]); } }));
      const mon = watch(pid);
      const r = yield* sys.terminate(pid, 'shutdown');
      return [r, yield* receive(), yield* mon];
    });
    expect(v).toEqual(['ok', ['t', 'shutdown'], 'shutdown']);
  });
});

describe('SYS-7 … SYS-10: debug', () => {
  it('SYS-7: log keeps the last K events; get returns them; false stops logging', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, []);
      yield* sys.log(pid, [true, 3]);
      for (const k of [1, 2, 3]) GenServer.cast(pid, k);
      const [, events] = (yield* sys.log(pid, 'get')) as [string, unknown[]];
      yield* sys.log(pid, false);
      return [events, yield* sys.log(pid, 'get')];
    });
    expect(v[0]).toEqual([['noreply', [1, 2]], ['in', ['$gen_cast', 3]], ['noreply', [1, 2, 3]]]);
    expect(v[1]).toEqual(['ok', []]);
  });

  it('SYS-8: statistics counts messages in and out', () => {
    const v = runOk<unknown[]>(function* () {
      const pid = yield* started(Echo, []);
      const before = yield* sys.statistics(pid, 'get');
      yield* sys.statistics(pid, true);
      yield* GenServer.call(pid, 'a');
      GenServer.cast(pid, 'b');
      const [, stats] = (yield* sys.statistics(pid, 'get')) as [string, [string, unknown][]];
      return [before, Object.fromEntries(stats)];
    });
    expect(v[0]).toEqual(['ok', 'no_statistics']);
    expect(v[1]).toMatchObject({ messages_in: 2, messages_out: 1 });
  });

  it('SYS-9: trace prints in/out/state events as log events', () => {
    const r = simulate(function* () {
      const pid = yield* started(Echo, [], { name: 'traced' });
      yield* sys.trace(pid, true);
      yield* GenServer.call(pid, 'hello');
    });
    const lines = r.trace.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    expect(lines).toContain("*DBG* traced got call 'hello' from <0.1.0>");
    expect(lines.some((l) => l.startsWith("*DBG* traced sent 'hello' to <0.1.0>"))).toBe(true);
  });

  it('SYS-9: events print as gen_server:print_event does: a new state after noreply, and any other event after dbg', () => {
    const r = simulate(function* () {
      const pid = yield* started(Echo, [], { name: 'traced' });
      yield* sys.trace(pid, true);
      GenServer.cast(pid, 'x');
      yield* GenServer.call(pid, 'sync');
    });
    const lines = r.trace.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    expect(lines).toContain("*DBG* traced new state ['x']");
    expect([sys.formatEvent('s', ['in', 'info']), sys.formatEvent('s', ['odd', 1]), sys.formatEvent('s', 'plain')]).toEqual([
      "*DBG* s got 'info'", "*DBG* s dbg  ['odd', 1]", "*DBG* s dbg  'plain'",
    ]);
  });

  it('SYS-10: an installed fun sees each event until it returns done; an id installs once; remove uninstalls', () => {
    const seen: unknown[] = [];
    const v = runOk(function* () {
      const pid = yield* started(Echo, []);
      const f = (n: number, ev: unknown) => { seen.push(ev); return n >= 1 ? 'done' : n + 1; };
      yield* sys.install(pid, [f, 0]);
      for (const k of [1, 2, 3]) GenServer.cast(pid, k);
      yield* GenServer.call(pid, 'sync');
      const g = (_n: number, ev: unknown) => { seen.push(['g', ev]); return 0; };
      yield* sys.install(pid, ['gid', g, 0]);
      yield* sys.install(pid, ['gid', g, 0]);
      GenServer.cast(pid, 'x');
      yield* sys.remove(pid, 'gid');
      GenServer.cast(pid, 'y');
      return yield* GenServer.call(pid, 'state');
    });
    expect(v).toEqual([1, 2, 3, 'x', 'y']);
    expect(seen.slice(0, 2)).toEqual([['in', ['$gen_cast', 1]], ['noreply', [1]]]);
    expect(seen.filter((e) => Array.isArray(e) && e[0] === 'g' && JSON.stringify(e[1]) === JSON.stringify(['in', ['$gen_cast', 'x']]))).toHaveLength(1);
  });

  it('SYS-7: logToFile writes formatted events to a virtual file', () => {
    const v = runOk(function* () {
      const pid = yield* started(Echo, [], { name: 'f' });
      yield* sys.logToFile(pid, 'f.log');
      GenServer.cast(pid, 'z');
      yield* GenServer.call(pid, 'sync');
      yield* sys.logToFile(pid, false);
      return sys.readLogFile('f.log');
    }) as string[];
    expect(v[0]).toBe("*DBG* f got cast 'z'");
  });

  it('SYS-10: install takes [fn, state] or [id, fn, state] (else function_clause in the caller, as OTP 25); a non-function in its place is dropped when it fails', () => {
    const v = runOk(function* () {
      const pid = yield* started(Echo, [], { name: 'h' });
      const bad = yield* attempt(sys.install(pid, 'bogus' as never));
      const odd = yield* sys.install(pid, ['notfun', 'st'] as never);
      GenServer.cast(pid, 'a');
      const r = yield* GenServer.call(pid, 'sync');
      return [bad, odd, r, isProcessAlive(pid)];
    });
    expect(v).toEqual([['error', 'function_clause'], 'ok', 'sync', true]);
  });

  it("SYS-7/10: the start options ['install', [fn, state]] and ['log_to_file', path] work from the first message (sys:debug_options); unknown ones are skipped", () => {
    const seen: unknown[] = [];
    const v = runOk(function* () {
      const collect = (st: number, ev: unknown): number => {
        seen.push(ev);
        return st + 1;
      };
      const pid = yield* started(Echo, [], { name: 'g', debug: [['install', [collect, 0]], ['log_to_file', 'g.log'], 'bogus' as never] });
      GenServer.cast(pid, 'a');
      yield* GenServer.call(pid, 'sync');
      yield* sys.logToFile(pid, false);
      return sys.readLogFile('g.log');
    }) as string[];
    expect(seen[0]).toEqual(['in', ['$gen_cast', 'a']]);
    expect(v[0]).toBe("*DBG* g got cast 'a'");
    expect(v.length).toBeGreaterThanOrEqual(3);
  });

  it('SYS-7/8/10: log print, statistics from start and off, a crashing installed fun removed, noDebug; an unknown request is an error reply', () => {
    const r = simulate(function* () {
      const pid = yield* started(Echo, [], { name: 'd', debug: ['statistics', ['log', 5]] });
      send(pid, 'info'); // a plain message: logged as ['in', 'info']
      yield* GenServer.call(pid, 'sync');
      const stats = (yield* sys.statistics(pid, 'get')) as [string, [string, unknown][]];
      yield* sys.statistics(pid, false);
      yield* sys.log(pid, 'print');
      yield* sys.install(pid, ['bad', () => { throw new Error('boom'); }, 0]);
      GenServer.cast(pid, 'c');
      const afterCrash = yield* sys.log(pid, 'get');
      yield* sys.noDebug(pid);
      const unknown = yield* gen.call('test', pid, 'system', 'what', 5000);
      return [Object.fromEntries(stats[1]), yield* sys.statistics(pid, 'get'), afterCrash, yield* sys.log(pid, 'get'), unknown];
    });
    expect(r.outcome).toBe('ok');
    const [stats, off, afterCrash, none, unknown] = r.value as unknown[];
    expect(stats).toMatchObject({ messages_in: 2, messages_out: 1 });
    expect(off).toEqual(['ok', 'no_statistics']);
    expect((afterCrash as [string, unknown[]])[1]).toContainEqual(['in', ['$gen_cast', 'c']]); // the crashing fun went; logging went on
    expect(none).toEqual(['ok', []]);
    expect(unknown).toEqual(['error', ['unknown_system_msg', 'what']]);
    const printed = r.trace.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    expect(printed).toContain("*DBG* d got 'info'");
  });

  it('SYS-7: start debug options log from the first message', () => {
    const v = runOk(function* () {
      const pid = yield* started(Echo, [], { debug: ['log'] });
      GenServer.cast(pid, 1);
      return yield* sys.log(pid, 'get');
    }) as [string, unknown[]];
    expect(v[1][0]).toEqual(['in', ['$gen_cast', 1]]);
  });
});
