/**
 * The mutex as a scenario for `dfsweo check examples/mutex/scenario.ts`: three named clients
 * take the mutex in turn while generated faults kill clients. It fails — on purpose: the book's
 * mutex does not watch its holder, so a client killed while it holds the mutex (or while its
 * `wait` is still queued) leaves the others blocked for ever. The checker finds it, shrinks the
 * fault plan to the one kill that does it, and prints a token that replays it.
 */
import { demonitor, monitor, receive, register, self, send, spawn, timer, type Pid } from '../../src/index.js';
import { defineScenario } from '../../properties/index.js';
import * as Mutex from './mutex.js';

export const CLIENTS = ['client_1', 'client_2', 'client_3'];

/** A client: three rounds of wait, 5 ms of critical section, signal, 5 ms of rest. */
function* client(name: string, main: Pid): Generator<unknown, void, unknown> {
  register(name, self());
  send(main, ['ready', name]);
  for (let round = 0; round < 3; round++) {
    yield* Mutex.wait('m');
    yield* timer.sleep(5);
    Mutex.signal('m');
    yield* timer.sleep(5);
  }
}

/** Starts the mutex and the clients, then waits until every client has ended (finished or killed). */
export function* main(): Generator<unknown, number, unknown> {
  yield* Mutex.startLink('m');
  const refs = CLIENTS.map((name) => monitor('process', spawn(client, name, self())));
  for (let ready = 0; ready < CLIENTS.length; ready++) yield* receive((m) => Array.isArray(m) && m[0] === 'ready');
  let normal = 0;
  for (const ref of refs) {
    const down = (yield* receive((m) => Array.isArray(m) && m[0] === 'DOWN' && m[1] === ref)) as unknown[];
    if (down[4] === 'normal') normal++;
    demonitor(ref);
  }
  return normal;
}

/** Every client ends, whatever is killed: false for the book's mutex (a deadlock is found). */
export const mutexUnderKills = defineScenario({
  name: 'mutex-under-kills',
  main,
  faults: { names: CLIENTS, any: false, kinds: ['kill'], maxFaults: 2, horizonMs: 60 },
});
