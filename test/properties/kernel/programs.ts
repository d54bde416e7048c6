/**
 * Generated process programs: an arbitrary that builds small programs out of the kernel's
 * operations (spawn, link, monitor, send, receive with after, exit, register, trap_exit, …),
 * and the generator that interprets them. Used by the determinism, replay and deadlock
 * properties.
 */
import fc from 'fast-check';
import {
  alias, cancelTimer, demonitor, ErlangException, exit, exitException, link, monitor, NotInProcessError, processFlag, receive,
  register, self, send, sendAfter, spawn, spawnLink, timer, TIMEOUT, unalias, unlink, unregister, whereis, yieldNow,
  type Op as Blocking, type Pid, type Ref,
} from '../../../src/index.js';
import type { SimulationOptions } from '../../../sim/index.js';

export type After = 0 | 5 | 20 | 'infinity';
export type Reason = 'normal' | 'kill' | 'boom' | ['shutdown', number];

/** One operation of a process script. Targets are indexes into the program's pid table. */
export type ProgOp =
  | ['send', number, number]
  | ['sendName', number, number]
  | ['recv', After]
  | ['recvTag', number, After]
  | ['link', number]
  | ['unlink', number]
  | ['monitor', number]
  | ['demonitor', boolean]
  | ['exit', number, Reason]
  | ['register', number]
  | ['unregister', number]
  | ['trap', boolean]
  | ['sleep', number]
  | ['yield']
  | ['die', Reason]
  | ['sendAfter', number, number]
  | ['cancelTimer']
  | ['alias', boolean]
  | ['exitAfter', number, number, Reason]
  | ['spawn', boolean, ProgOp[]];

export interface Program {
  /** One script per process; main (the last index of the pid table) spawns them all first. */
  scripts: ProgOp[][];
  /** How long main waits for its processes to end, in ms, or forever. */
  mainWait: number | 'infinity';
}

const NAMES = ['a', 'b', 'c'];

const after = fc.constantFrom<After>(0, 5, 20, 'infinity');
const reason = fc.oneof(fc.constantFrom<Reason>('normal', 'kill', 'boom'), fc.nat(3).map((n): Reason => ['shutdown', n]));

function opArb(procs: number, nested: boolean): fc.Arbitrary<ProgOp> {
  const target = fc.nat(procs); // procs itself is main
  const tag = fc.nat(3);
  const simple: fc.Arbitrary<ProgOp>[] = [
    fc.tuple(fc.constant('send' as const), target, tag),
    fc.tuple(fc.constant('sendName' as const), fc.nat(NAMES.length - 1), tag),
    fc.tuple(fc.constant('recv' as const), after),
    fc.tuple(fc.constant('recvTag' as const), tag, after),
    fc.tuple(fc.constant('link' as const), target),
    fc.tuple(fc.constant('unlink' as const), target),
    fc.tuple(fc.constant('monitor' as const), target),
    fc.tuple(fc.constant('demonitor' as const), fc.boolean()),
    fc.tuple(fc.constant('exit' as const), target, reason),
    fc.tuple(fc.constant('register' as const), fc.nat(NAMES.length - 1)),
    fc.tuple(fc.constant('unregister' as const), fc.nat(NAMES.length - 1)),
    fc.tuple(fc.constant('trap' as const), fc.boolean()),
    fc.tuple(fc.constant('sleep' as const), fc.constantFrom(0, 3, 10)),
    fc.constant(['yield'] as ProgOp),
    fc.tuple(fc.constant('die' as const), reason),
    fc.tuple(fc.constant('sendAfter' as const), fc.constantFrom(0, 5, 15), target),
    fc.constant(['cancelTimer'] as ProgOp),
    fc.tuple(fc.constant('alias' as const), fc.boolean()),
    fc.tuple(fc.constant('exitAfter' as const), fc.constantFrom(0, 5, 15), target, reason),
  ];
  if (!nested) return fc.oneof(...simple);
  const child = fc.array(opArb(procs, false), { maxLength: 3 });
  return fc.oneof(...simple, fc.tuple(fc.constant('spawn' as const), fc.boolean(), child));
}

/** Small programs: 1 to `procs` processes (default 4) of up to `ops` operations (default 8) each. */
export function programArb(opts: { mainWait?: fc.Arbitrary<number | 'infinity'>; procs?: number; ops?: number } = {}): fc.Arbitrary<Program> {
  return fc.integer({ min: 1, max: opts.procs ?? 4 }).chain((n) => fc.record({
    scripts: fc.array(fc.array(opArb(n, true), { maxLength: opts.ops ?? 8 }), { minLength: n, maxLength: n }),
    mainWait: opts.mainWait ?? fc.constantFrom<number | 'infinity'>(100, 'infinity'),
  }));
}

/** Seeds and strategies to run programs under. */
export const simOptionsArb: fc.Arbitrary<SimulationOptions> = fc.record({
  seed: fc.nat(),
  strategy: fc.constantFrom<SimulationOptions['strategy']>('random', 'fifo', 'pct', { name: 'pct', depth: 2, stepsEstimate: 50 }),
  // Step costs make timeouts expire while a woken receiver waits its turn (RCV-4).
  stepCostMs: fc.constantFrom(0, 0, 0, 2),
});

function die(r: Reason): void {
  exitException(r);
}

/** What a process keeps between ops: its monitors and timers. */
interface Local {
  mons: Ref[];
  timers: Ref[];
}

/** Runs one op; misuse (badarg, noproc) is caught so the script goes on, as a test client would. */
function* step(op: ProgOp, pids: Pid[], local: Local): Blocking<void> {
  switch (op[0]) {
    case 'recv':
      yield* receive(null, { after: op[1] });
      return;
    case 'recvTag':
      yield* receive((m) => Array.isArray(m) && m[0] === 'tag' && m[1] === op[1], { after: op[2] });
      return;
    case 'sleep':
      yield* receive((m) => m === 'never sent', { after: op[1] });
      return;
    case 'yield':
      yield* yieldNow();
      return;
    case 'die':
      if (op[1] === 'normal') return die('normal');
      return die(op[1]);
    default:
      break;
  }
  try {
    plain(op, pids, local);
  } catch (e) {
    if (!(e instanceof ErlangException) || e.class !== 'error') throw e;
  }
}

function plain(op: ProgOp, pids: Pid[], { mons, timers }: Local): void {
  switch (op[0]) {
    case 'send': send(pids[op[1]]!, ['tag', op[2], self()]); break;
    case 'sendName': send(NAMES[op[1]]!, ['tag', op[2], self()]); break;
    case 'link': link(pids[op[1]]!); break;
    case 'unlink': unlink(pids[op[1]]!); break;
    case 'monitor': mons.push(monitor('process', pids[op[1]]!)); break;
    case 'demonitor': if (mons.length) demonitor(mons.pop()!, { flush: op[1] }); break;
    case 'exit': exit(pids[op[1]]!, op[2]); break;
    case 'register': register(NAMES[op[1]]!, self()); break;
    case 'unregister': if (whereis(NAMES[op[1]]!) === self()) unregister(NAMES[op[1]]!); break;
    case 'trap': processFlag('trap_exit', op[1]); break;
    case 'sendAfter': timers.push(sendAfter(op[1], pids[op[2]]!, ['tag', 0, self()])); break;
    case 'cancelTimer': if (timers.length) cancelTimer(timers.pop()!); break;
    case 'alias': {
      // MON-6/MSG-7: a message through an alias, then (maybe) one through a dead alias.
      const a = alias();
      send(a, ['tag', 1, self()]);
      if (op[1]) {
        unalias(a);
        send(a, ['tag', 2, self()]);
      }
      break;
    }
    case 'exitAfter': timer.exitAfter(op[1], pids[op[2]]!, op[3]); break;
    case 'spawn': (op[1] ? spawnLink : spawn)(interp, op[2], pids); break;
    default: throw new NotInProcessError(`unexpected op ${String(op[0])}`);
  }
}

/** The interpreter: a process running one script. */
export function* interp(script: ProgOp[], pids: Pid[]): Blocking<void> {
  const local: Local = { mons: [], timers: [] };
  for (const op of script) yield* step(op, pids, local);
}

/** The main process of a program: spawns every script, then waits for them (or gives up). */
export function programMain(prog: Program) {
  return function* main(): Blocking<number> {
    const pids: Pid[] = [];
    for (const s of prog.scripts) pids.push(spawn(interp, s, pids));
    pids.push(self());
    const refs = new Set(pids.slice(0, -1).map((p) => monitor('process', p)));
    let down = 0;
    while (refs.size !== 0) {
      const m = yield* receive((x) => Array.isArray(x) && x[0] === 'DOWN' && refs.has(x[1] as Ref), { after: prog.mainWait });
      if (m === TIMEOUT) break;
      refs.delete((m as unknown[])[1] as Ref);
      down++;
    }
    return down;
  };
}
