/**
 * Helpers for the fidelity cases: the escript's callback modules (Fid, SupFid), running a
 * case under the simulator, and normalizing its term as scripts/fidelity-otp.escript does.
 */
import {
  classify, ets, GenServer, globalRegistry, spawnLink, monitor, Pid, processFlag, receive, Ref, self, send, spawn, Supervisor, spawnMonitor,
  Stacktrace, TIMEOUT, error, type Op, type Tab,
} from '../../src/index.js';
import { runOk } from '../helpers.js';
import { mod, type AnyMod } from '../behaviours/gen-helpers.js';

export type Body = () => Op<unknown>;
export type Fn = (...a: unknown[]) => unknown;

/** The escript's callback module: init/1 and handle_call/3 run a function passed in by the case. */
export const Fid: AnyMod = mod({
  name: 'MOD',
  *init(f: Fn) {
    return (yield* run(f())) as never;
  },
  *handleCall(req, from, s) {
    return (typeof req === 'function' ? yield* run((req as Fn)(from, s)) : ['noreply', s]) as never;
  },
  handleCast: (m, s) => (typeof m === 'function' ? (m as Fn)(s) : ['noreply', s]) as never,
  // A state ['report', p] tells p every info message that is not a function (a timeout's 'timeout').
  handleInfo: (m, s) => {
    if (typeof m === 'function') return (m as Fn)(s) as never;
    if (Array.isArray(s) && s[0] === 'report') send(s[1] as Pid, ['info', m]);
    return ['noreply', s] as never;
  },
  codeChange: (_old, s, f) => (f as Fn)(s) as never,
  handleContinue: (c, s) => (typeof c === 'function' ? (c as Fn)(s) : ['noreply', s]) as never,
  // A state ['fmt', f, s] runs f(status) in formatStatus; any other state is shown as it is.
  formatStatus: (st) => (Array.isArray(st.state) && st.state[0] === 'fmt' ? (st.state[1] as Fn)(st) : st) as never,
  // A state ['term', f, s] runs f(reason) in terminate; any other state has nothing to do.
  terminate: (reason, s) => (Array.isArray(s) && s[0] === 'term' ? (s[1] as Fn)(reason) : 'ok'),
});

/** A state whose terminate tells the case process the reason. */
export function reporting(): unknown[] {
  const me = self();
  return ['term', (r: unknown) => send(me, ['terminated', r]), 0];
}

/** The value of a plain function's result, or of the generator a generator function returned. */
export function* run(v: unknown): Op<unknown> {
  return isGen(v) ? yield* v : v;
}

export const okInit = (): unknown => ['ok', 0];

/**
 * Replaces values that differ between systems by a marker, recursively. As in the escript: the
 * child start function stands for the script's module ('MOD', which OTP lists as a child's
 * modules), and the child a supervisor reports with a failed start ({error, {R, Child}}: OTP's
 * internal #child{} record, our child spec) is 'CHILD'. A server reference `{ global: N }` or
 * `{ via: M, name: N }` (an object in TypeScript, echoed as given in exit reasons, as OTP echoes
 * its tuple) is OTP's `{global, N}` or `{via, M, N}`, with `globalRegistry` as the module `global`.
 */
export function norm(t: unknown): unknown {
  if (t === startWorker) return 'MOD';
  if (t === globalRegistry) return 'global';
  if (isChildSpec(t)) return 'CHILD';
  if (isPlainObject(t) && Object.keys(t).length === 1 && 'global' in t) return ['global', norm(t.global)];
  if (isPlainObject(t) && Object.keys(t).length === 2 && 'via' in t && 'name' in t) return ['via', norm(t.via), norm(t.name)];
  if (t instanceof Pid) return 'PID';
  if (t instanceof Ref) return 'REF';
  if (t instanceof Stacktrace) return 'STACK';
  if (typeof t === 'function') return 'FUN';
  if (Array.isArray(t)) return t.map(norm);
  return t;
}

const isPlainObject = (t: unknown): t is Record<string, unknown> => typeof t === 'object' && t !== null && Object.getPrototypeOf(t) === Object.prototype;

export const isChildSpec = (t: unknown): boolean => typeof t === 'object' && t !== null && !Array.isArray(t) && 'id' in t && 'start' in t;

export function* attempt(f: () => unknown): Op<unknown> {
  try {
    return ['ok', yield* run(f())];
  } catch (e) {
    const c = classify(e);
    return [c.class, c.reason];
  }
}

export const isGen = (v: unknown): v is Op<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Op<unknown>).next === 'function' && typeof (v as Op<unknown>).throw === 'function';

export function* msgs(): Op<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = yield* receive(null, { after: 20 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}

export function* sleep(ms: number): Op<void> {
  yield* receive((m) => m === 'never', { after: ms });
}

export function* downOf(ref: Ref): Op<unknown> {
  const m = (yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref)) as unknown[];
  return m[4];
}

export function* dead(): Op<Pid> {
  const [p, m] = spawnMonitor(function* () {});
  yield* downOf(m);
  return p;
}

export function* idle(): Op<void> {
  yield* receive((m) => m === 'never');
}

export function* started(init: Fn = okInit, opts?: Parameters<typeof GenServer.start>[2]): Op<Pid> {
  const r = yield* GenServer.start(Fid, init, opts);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** Starts a server, gives it a cast (or a message) that runs `f`, and returns its exit reason. */
export function* exitAfter(kind: 'cast' | 'info', f: Fn): Op<unknown> {
  const s = yield* started();
  const m = monitor('process', s);
  if (kind === 'cast') GenServer.cast(s, f);
  else send(s, f);
  const r = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === m, { after: 200 });
  return r === TIMEOUT ? 'alive' : (r as unknown[])[4];
}

/** A supervisor child's start function (the escript's start_worker/1). */
export function* startWorker(how: unknown): Op<unknown> {
  if (how === 'ok') return yield* GenServer.startLink(Fid, okInit);
  if (how === 'crash') error('boom');
  if (how === 'trap') return yield* GenServer.startLink(Fid, () => (processFlag('trap_exit', true), ['ok', 0]));
  if (how === 'stubborn') {
    return ['ok', spawnLink(function* () {
      processFlag('trap_exit', true);
      yield* idle();
    })];
  }
  if (how === 'info') return ['ok', ((yield* GenServer.startLink(Fid, okInit)) as [string, Pid])[1], 'extra'];
  if (Array.isArray(how) && how[0] === 'report') {
    // Tells how[2] when it starts and, trapping exits, when its terminate runs.
    const [, id, p] = how as [string, string, Pid];
    send(p, ['started', id]);
    return yield* GenServer.startLink(Fid, () => (processFlag('trap_exit', true), ['ok', ['term', (r: unknown) => send(p, ['terminated', id, r]), 0]]));
  }
  if (Array.isArray(how) && how[0] === 'flaky') {
    // Starts the first time (counter n of the public table how[1]), then answers ['error', 'flaky'].
    return ets.updateCounter(how[1] as Tab, 'n', 1, ['n', 0]) === 1 ? yield* startWorker('ok') : ['error', 'flaky'];
  }
  return how;
}

export const child = (id: string, how: unknown, extra: object = {}): Supervisor.ChildSpec => ({ id, start: [startWorker, [how]], ...extra }) as Supervisor.ChildSpec;

/** The escript's supervisor callback module is the script itself, printed 'MOD'. */
export const SupFid = { name: 'MOD', init: (f: Fn) => f() as Supervisor.SupInitResult };

export function* sup(flags: object, children: Supervisor.ChildSpec[]): Op<Pid> {
  const r = yield* Supervisor.startLink(SupFid, () => ['ok', [flags, children]]);
  if (r === 'ignore' || r[0] !== 'ok') throw new Error(`supervisor start failed: ${String(r)}`);
  return r[1] as Pid;
}

/** (trapping: OTP 25 leaves an 'EXIT' from the failed start, OTP 26 does not, PLIB-2; not compared) */
export function supStart(init: Fn): Op<unknown> {
  processFlag('trap_exit', true);
  return Supervisor.startLink(SupFid, init);
}

export function* callWith(handleCall: Fn): Op<unknown> {
  const s = yield* started();
  const r = yield* attempt(() => GenServer.call(s, handleCall));
  return [r, yield* msgs()];
}

export const startWith = (init: Fn) => GenServer.start(Fid, init);

export function* startLinkTrapping(init: Fn): Op<unknown> {
  processFlag('trap_exit', true);
  const r = yield* GenServer.startLink(Fid, init);
  return [r, yield* msgs()];
}

/** start_link from a process that does not trap exits: what it got back, then how it ended. */
export function* startLinkPlain(init: Fn): Op<unknown> {
  const me = self();
  const [, m] = spawnMonitor(function* () {
    send(me, ['got', yield* GenServer.startLink(Fid, init)]);
    yield* sleep(50);
    send(me, 'survived');
  });
  const got = (yield* receive((x) => Array.isArray(x) && x[0] === 'got', { after: 1000 })) as unknown[];
  const rest = yield* receive((x) => x === 'survived' || (Array.isArray(x) && x[0] === 'DOWN' && x[1] === m));
  return [got[1], rest === 'survived' ? rest : ['down', (rest as unknown[])[4]]];
}

export function* trappingTarget(): Op<Pid> {
  const me = self();
  const p = spawn(function* () {
    processFlag('trap_exit', true);
    send(me, 'ready');
    send(me, ['got', yield* receive()]);
  });
  yield* receive((m) => m === 'ready');
  return p;
}

export function* gotFrom(): Op<unknown> {
  return ((yield* receive((m) => Array.isArray(m) && m[0] === 'got')) as unknown[])[1];
}


/** Runs `body` as the escript's run/1 does (in a fresh monitored process) and returns its normalized term. */
export function outcomeOf(body: Body): unknown {
  return norm(runOk(function* () {
    const me = self();
    const [p, m] = spawnMonitor(function* () {
      send(me, [self(), 'result', yield* body()]);
    });
    const r = (yield* receive((x) => Array.isArray(x) && ((x[0] === p && x[1] === 'result') || (x[0] === 'DOWN' && x[1] === m)), { after: 5000 })) as unknown[] | typeof TIMEOUT;
    if (r === TIMEOUT) return 'hung';
    if (r[0] === 'DOWN') return ['case_died', r[4]];
    yield* downOf(m);
    return r[2];
  }));
}
