/**
 * `npm run demo`: a small supervised system under the simulator, with a crash injected.
 *
 * A supervisor process traps exits and restarts its worker; a client keeps asking the worker
 * for the next number; after three requests the worker is killed (the injected crash). The
 * demo prints the outcome, the trace as a per-process timeline, and the replay token, then
 * replays the token and checks that the replay reproduces the run.
 */
import {
  exit, processFlag, receive, register, self, send, spawnLink, whereis, TIMEOUT, type Pid,
} from '../src/index.js';
import { Simulation } from '../sim/index.js';

function* counter(): Generator<unknown, void, unknown> {
  let n = 0;
  for (;;) {
    const [from, req] = (yield* receive()) as [Pid, string];
    if (req === 'next') send(from, ['value', ++n]);
  }
}

function* supervisor(): Generator<unknown, void, unknown> {
  processFlag('trap_exit', true);
  let restarts = 0;
  register('counter', spawnLink(counter));
  for (;;) {
    const m = yield* receive();
    if (Array.isArray(m) && m[0] === 'EXIT' && restarts < 3) {
      restarts++;
      register('counter', spawnLink(counter));
    }
  }
}

function* main(): Generator<unknown, unknown, unknown> {
  spawnLink(supervisor);
  yield* receive(null, { after: 1 }); // let the supervisor start its worker
  const seen: unknown[] = [];
  for (let i = 0; i < 6; i++) {
    if (i === 3) exit(whereis('counter') as Pid, 'kill'); // the injected crash
    const target = whereis('counter');
    if (target === 'undefined') {
      yield* receive(null, { after: 10 });
      continue;
    }
    send(target, [self(), 'next']);
    const reply = yield* receive((r) => Array.isArray(r) && r[0] === 'value', { after: 100 });
    seen.push(reply === TIMEOUT ? 'timeout' : (reply as [string, number])[1]);
  }
  return seen;
}

const seed = Number(process.argv[2] ?? 42);
const result = Simulation.create({ seed }).run(main);
console.log(`outcome: ${result.outcome} (${result.detail})`);
console.log(`value:   ${JSON.stringify(result.value)}`);
console.log(`\ntrace (per-process timeline):\n${result.timeline(200)}`);
console.log(`\nreplay token:\n${result.token}`);
const again = Simulation.replay(result.token, main);
console.log(`\nreplayed: ${again.outcome}, same trace: ${again.traceHash === result.traceHash}`);
