/**
 * global scenarios of scripts/fidelity-otp.escript, on one node: re_register_name, locks, trans
 * and sync (GLOB-2, GLOB-5, GLOB-6).
 */
import { error, exit, GenServer, globalRegistry, node, receive, self, send, spawn, termEquals, type Pid } from '../../src/index.js';
import { attempt, dead, Fid, idle, sleep, type Body } from './lib.js';

const g = globalRegistry;

/** Sets `id` from a fresh process, once (retries 0), and returns what it got. */
function* tryLock(id: readonly [unknown, unknown]): Generator<unknown, unknown, unknown> {
  const me = self();
  spawn(function* () { send(me, ['tried', yield* g.setLock(id, [node()], 0)]); });
  return ((yield* receive((m) => Array.isArray(m) && m[0] === 'tried')) as unknown[])[1];
}

const tagged = (tag: string) => (m: unknown): m is unknown[] => Array.isArray(m) && m[0] === tag;

const okServer = () => ['ok', 0];
const getState = (_f: unknown, x: unknown) => ['reply', x, x];

export const GLOBAL_CASES: Record<string, Body> = {
  // --- gen_server with global and via names (GS-1, GLOB-2)
  *start_global_taken() {
    const [, p] = (yield* GenServer.start(Fid, okServer, { name: { global: 'fid_g1' } })) as [string, Pid];
    const r = (yield* GenServer.start(Fid, okServer, { name: { global: 'fid_g1' } })) as readonly unknown[];
    const ref = { global: 'fid_g1' };
    return [r, termEquals(r[1], ['already_started', p]), yield* GenServer.call(ref, getState), yield* GenServer.stop(ref), g.whereisName('fid_g1')];
  },
  *start_via_taken() {
    const ref = { via: g, name: 'fid_g2' };
    const [, p] = (yield* GenServer.start(Fid, okServer, { name: ref })) as [string, Pid];
    const r = (yield* GenServer.start(Fid, okServer, { name: ref })) as readonly unknown[];
    return [termEquals(r[1], ['already_started', p]), yield* GenServer.call(ref, getState), yield* GenServer.stop(ref)];
  },
  *call_global_unregistered() {
    return [yield* attempt(() => GenServer.call({ global: 'nosuch' }, 'req')), yield* attempt(() => GenServer.call({ via: g, name: 'nosuch' }, 'req', 100))];
  },
  *cast_global_unregistered() {
    return [GenServer.cast({ global: 'nosuch' }, 'm'), GenServer.cast({ via: g, name: 'nosuch' }, 'm')];
  },
  *stop_global_unregistered() {
    return [yield* attempt(() => GenServer.stop({ global: 'nosuch' })), yield* attempt(() => GenServer.stop({ via: g, name: 'nosuch' }))];
  },

  *global_re_register() {
    const [a, b] = [spawn(idle), spawn(idle)];
    const r: unknown[] = [g.registerName('fid_n', a), g.registerName('fid_other', b), g.reRegisterName('fid_n', b), g.whereisName('fid_n') === b];
    exit(a, 'kill');
    yield* sleep(20);
    r.push(g.whereisName('fid_n') === b, g.registerName('fid_n', a), g.reRegisterName('fid_n', yield* dead()), g.whereisName('fid_n'));
    exit(b, 'kill');
    yield* sleep(20);
    return [...r, g.whereisName('fid_other'), yield* attempt(() => g.reRegisterName('fid_n', 'me' as never)), g.sync()];
  },
  *global_register_dead() {
    const [d, a] = [yield* dead(), spawn(idle)];
    const r: unknown[] = [g.registerName('fid_d', d), g.whereisName('fid_d'), g.registerName('fid_d', a), g.registerName('fid_d', d), yield* attempt(() => g.registerName('fid_x', 'me' as never))];
    exit(a, 'kill');
    yield* sleep(20);
    return [...r, g.whereisName('fid_d'), g.unregisterName('fid_nothere')];
  },
  *global_locks() {
    const me = self();
    const l1 = yield* g.setLock(['fid_res', 'alice']);
    const q = spawn(function* () {
      send(me, ['q', yield* g.setLock(['fid_res', 'alice'], [node()], 0)]);
      yield* receive((m) => m === 'release');
      send(me, ['released', g.delLock(['fid_res', 'alice'])]);
    });
    const l2 = ((yield* receive(tagged('q'))) as unknown[])[1];
    const l3 = yield* tryLock(['fid_res', 'bob']);
    const d1 = g.delLock(['fid_res', 'alice']);
    const l4 = yield* tryLock(['fid_res', 'bob']);
    send(q, 'release');
    const d2 = ((yield* receive(tagged('released'))) as unknown[])[1];
    const l5 = yield* tryLock(['fid_res', 'bob']);
    const h: Pid = spawn(function* () {
      send(me, ['held', yield* g.setLock(['fid_die', 'h'])]);
      yield* idle();
    });
    const l6 = ((yield* receive(tagged('held'))) as unknown[])[1];
    exit(h, 'kill');
    yield* sleep(20);
    const l7 = yield* tryLock(['fid_die', 'other']);
    return [l1, l2, l3, d1, l4, d2, l5, l6, l7, yield* g.setLock(['fid_res', 'x'], [], 0)];
  },
  *global_trans() {
    const me = self();
    const t1 = yield* g.trans(['fid_t', me], () => 'done');
    const t2 = yield* attempt(() => g.trans(['fid_t', me], () => error('inside')));
    const t3 = yield* attempt(() => g.trans(['fid_t', me], 'nofun' as never));
    yield* g.setLock(['fid_t', 'someone_else']);
    spawn(function* () { send(me, ['t4', yield* g.trans(['fid_t', me], () => 'never', [node()], 0)]); });
    const r4 = ((yield* receive(tagged('t4'))) as unknown[])[1];
    return [t1, t2, t3, r4, yield* attempt(() => g.setLock('fid_t' as never)), yield* attempt(() => g.setLock(['fid_t', me], [node()], -1))];
  },
};
