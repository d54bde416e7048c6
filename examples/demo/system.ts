/**
 * The demo's system: a supervisor `top` (one_for_one, at most 3 restarts in 5 s) keeps a
 * gen_server `counter` alive while a client calls it every 10 ms of virtual time.
 *
 * Exported as a scenario, so `dfsweo check examples/demo/system.ts` runs it under generated
 * fault plans and `dfsweo replay <token>` finds it by the name in a token.
 */
import { classify, GenServer, Supervisor, timer } from '../../src/index.js';
import { defineScenario } from '../../properties/index.js';

/** A counter server: `call('next')` returns the next number. */
export const Counter = GenServer.define<number, 'next', never, number, number>({
  init: (start) => ['ok', start],
  handleCall: (_req, _from, n) => ['reply', n + 1, n + 1],
});
const counter = GenServer.ref(Counter, 'counter');

/** The top supervisor: one worker, restarted when it dies. */
export const Top: Supervisor.SupervisorModule<void> = {
  init: () => ['ok', [
    { strategy: 'one_for_one', intensity: 3, period: 5 },
    [{ id: 'counter', start: [GenServer.startLink, [Counter, 0, { name: 'counter' }]], restart: 'permanent' }],
  ]],
};

/** The client: starts the tree, then calls the counter eight times, 10 ms apart. */
export function* main(): Generator<unknown, unknown[], unknown> {
  yield* Supervisor.startLink({ local: 'top' }, Top, undefined);
  const seen: unknown[] = [];
  for (let i = 0; i < 8; i++) {
    try {
      seen.push(yield* GenServer.call(counter, 'next', 100));
    } catch (e) {
      seen.push(['call_failed', classify(e).reason]);
    }
    yield* timer.sleep(10);
  }
  return seen;
}

/** Under generated kills and exits of the counter, every call still gets an answer or a clean failure. */
export const supervisedCounter = defineScenario({
  name: 'supervised-counter',
  main,
  faults: { names: ['counter'], paths: [['top', 'counter']], any: false, maxFaults: 3, horizonMs: 80 },
  check: (r) => Array.isArray(r.value) && r.value.length === 8 || `the client saw ${JSON.stringify(r.value)}`,
});
