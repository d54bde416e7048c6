/**
 * Scenarios the harness tests use (and `dfsweo` replays in the CLI tests): a registered echo
 * server with a client; one version tolerates a crashed server, one has a bug that shows only
 * when the server is killed, one has a race that shows only under some interleavings.
 */
import {
  monitor, processFlag, receive, register, self, send, spawn, spawnLink, Supervisor, TIMEOUT, timer, whereis, yieldNow, type Pid,
} from '../../../src/index.js';
import { defineScenario } from '../../../properties/index.js';

export function* echoServer() {
  register('srv', self());
  for (;;) {
    const [from, m] = (yield* receive()) as [Pid, unknown];
    send(from, ['echo', m]);
  }
}

/** Calls 'srv' n times, 20ms apart, with a 50ms timeout; returns what each call got. */
export function* callServer(n: number) {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    yield* timer.sleep(20);
    const srv = whereis('srv');
    if (srv === 'undefined') {
      out.push('down');
      continue;
    }
    send(srv, [self(), i]);
    const r = yield* receive((m) => Array.isArray(m) && m[0] === 'echo' && m[1] === i, { after: 50 });
    out.push(r === TIMEOUT ? 'timeout' : i);
  }
  return out;
}

/** Tolerant: a client that accepts timeouts and a missing server. */
export const tolerant = defineScenario({
  name: 'tolerant',
  main: function* () {
    spawn(echoServer);
    return yield* callServer(5);
  },
  faults: { names: ['srv'], horizonMs: 150, maxFaults: 3 },
});

/** Buggy: the client assumes the server never dies (it crashes on 'down'). */
export const fragile = defineScenario({
  name: 'fragile',
  main: function* () {
    spawn(echoServer);
    const got = yield* callServer(5);
    if (got.includes('down')) throw new Error('the server went away');
    return got;
  },
  faults: { names: ['srv'], horizonMs: 150, maxFaults: 4, kinds: ['kill', 'hang', 'slow'] },
  perturb: false,
});

/** A race: two workers read-modify-write a counter process; 'lost update' when they interleave (never under plain FIFO). */
export const racy = defineScenario({
  name: 'racy',
  main: function* () {
    const counter = spawn(function* counter() {
      let n = 0;
      for (;;) {
        const m = (yield* receive()) as [string, Pid, number?];
        if (m[0] === 'get') send(m[1], ['value', n]);
        else n = m[2]!;
      }
    });
    const me = self();
    const bump = function* bump() {
      send(counter, ['get', self()]);
      const [, v] = (yield* receive()) as [string, number];
      send(counter, ['set', self(), v + 1]);
      send(me, 'done');
    };
    spawn(bump);
    for (let i = 0; i < 2; i++) yield* yieldNow(); // under FIFO, the first bump finishes before the second starts
    spawn(bump);
    yield* receive((m) => m === 'done');
    yield* receive((m) => m === 'done');
    yield* timer.sleep(1);
    send(counter, ['get', self()]);
    return ((yield* receive()) as [string, number])[1];
  },
  perturb: { decisions: 16, maxLength: 6 },
  check: (r) => (r.value === 2 ? true : `lost update: the counter is ${String(r.value)}`),
});

/** Links and monitors under faults: a web of linked, monitored workers that get killed. */
export const web = defineScenario({
  name: 'web',
  main: function* () {
    processFlag('trap_exit', true);
    const names = ['a', 'b', 'c', 'd'];
    const pids = names.map((n, i) => spawnLink(function* worker() {
      register(n, self());
      if (i % 2 === 1) processFlag('trap_exit', true);
      for (;;) yield* receive();
    }));
    for (const p of pids) monitor('process', p);
    yield* timer.sleep(300);
    return 'done';
  },
  faults: { names: ['a', 'b', 'c', 'd'], horizonMs: 250, maxFaults: 5 },
});

const srvUp = () => (whereis('srv') === 'undefined' ? 'srv is not registered' : true);

/** Liveness: a supervised server comes back after any faults once they are healed. */
export const supervised = defineScenario({
  name: 'supervised',
  main: function* () {
    const tree = { name: 't', init: () => ['ok', [{ strategy: 'one_for_one', intensity: 100, period: 1 }, [{ id: 'srv', start: [startEcho, []] }]]] as never };
    yield* Supervisor.startLink('top', tree, undefined);
    yield* callServer(5);
    // Main is the tree's parent and stays: a supervisor goes down with its parent, so a main
    // that returned while a fault was being healed took the tree with it (3 runs in 2,000).
    yield* receive((m) => m === 'never');
  },
  faults: { names: ['srv'], any: false, horizonMs: 120, maxFaults: 3, forever: true },
  liveness: { predicate: srvUp, deadlineMs: 1000 },
});

/** The same server unsupervised: killed, it stays down, and the liveness phase says so. */
export const unsupervised = defineScenario({
  name: 'unsupervised',
  main: function* () {
    spawn(echoServer);
    return yield* callServer(5);
  },
  faults: { names: ['srv'], horizonMs: 120, maxFaults: 3, kinds: ['kill', 'hang'], forever: true },
  liveness: { predicate: srvUp, deadlineMs: 1000 },
});

function startEcho(): unknown {
  return ['ok', spawnLink(echoServer)];
}
