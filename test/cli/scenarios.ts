/** Scenarios for the CLI tests: one that passes, one that fails under faults, one with hostile terms. */
import { receive, register, self, send, spawn, timer, type Pid } from '../../src/index.js';
import { defineScenario } from '../../properties/index.js';
import { callServer, echoServer } from '../properties/harness/scenarios.js';

export const steady = defineScenario({
  name: 'steady',
  main: function* () {
    spawn(echoServer);
    return yield* callServer(3);
  },
  faults: { names: ['srv'], kinds: ['slow', 'lateTimer'], horizonMs: 80 },
});

export const brittle = defineScenario({
  name: 'brittle',
  main: function* () {
    spawn(echoServer);
    const got = yield* callServer(4);
    if (got.includes('down')) throw new Error('the server went away');
    return got;
  },
  faults: { names: ['srv'], kinds: ['kill'], horizonMs: 100, minFaults: 1 },
  perturb: false,
});

/** Messages and names that would be markup if a page did not escape them. */
export const hostile = defineScenario({
  name: 'hostile',
  main: function* () {
    const p = spawn(function* () {
      register('<img src=x onerror=alert(1)>', self());
      for (;;) {
        const [from, m] = (yield* receive()) as [Pid, unknown];
        send(from, m);
      }
    });
    send(p, [self(), '<script>window.__pwned = 1</script>']);
    yield* receive();
    yield* timer.sleep(5);
    return 'ok';
  },
  perturb: false,
});

let flakyRuns = 0;

/** Nondeterministic on purpose: its behaviour depends on how often it has run in this process. */
export const flaky = defineScenario({
  name: 'flaky',
  main: function* () {
    flakyRuns++;
    const p = spawn(function* () {
      yield* receive();
    });
    if (flakyRuns % 2 === 0) send(p, 'even');
    yield* timer.sleep(5);
    return 'done';
  },
  perturb: false,
});
