/**
 * A small supervised system used by the end-to-end suites: a restarter (trapping exits) keeps a
 * counter server alive; clients call it with a monitor and a timeout; a timer kills the server
 * once; a ticker sends intervals. Everything the kernel offers takes part, so replay and
 * determinism are checked on a realistic mix of signals, timers and choices.
 */
import {
  demonitor, exitException, monitor, processFlag, receive, register, self, send, spawnLink, spawn, timer, TIMEOUT, whereis,
  type Op, type Pid, type Ref,
} from '../../src/index.js';

/** The counter server: `['inc', from, ref]` → `['ok', ref, n]`; crashes on `'crash'`. */
function* counter(start: number): Op<void> {
  register('counter', self());
  let n = start;
  for (;;) {
    const m = (yield* receive()) as unknown[] | string;
    if (m === 'crash') exitException('asked_to_crash');
    if (Array.isArray(m) && m[0] === 'inc') {
      n++;
      send(m[1] as Pid, ['ok', m[2], n]);
    }
  }
}

/** Restarts the counter whenever it dies, up to `max` times; keeps the count across restarts. */
function* restarter(max: number): Op<void> {
  processFlag('trap_exit', true);
  let restarts = 0;
  spawnLink(counter, 0);
  for (;;) {
    const m = (yield* receive()) as unknown[];
    if (m[0] === 'EXIT' && restarts < max) {
      restarts++;
      yield* timer.sleep(1);
      spawnLink(counter, restarts * 100);
    } else if (m[0] === 'EXIT') {
      exitException('too_many_restarts');
    }
  }
}

/** One call: monitor the server, send, wait for the reply, the DOWN or a timeout. */
function* call(timeoutMs: number): Op<unknown> {
  const server = whereis('counter');
  if (server === 'undefined') return 'noproc';
  const ref: Ref = monitor('process', server);
  send(server, ['inc', self(), ref]);
  const m = (yield* receive((x) => Array.isArray(x) && x[1] === ref, { after: timeoutMs })) as unknown[] | typeof TIMEOUT;
  demonitor(ref, { flush: true });
  if (m === TIMEOUT) return 'timeout';
  return m[0] === 'DOWN' ? ['down', m[4]] : m[2];
}

function* client(main: Pid, calls: number): Op<void> {
  const results: unknown[] = [];
  for (let i = 0; i < calls; i++) {
    results.push(yield* call(20));
    yield* timer.sleep(3);
  }
  send(main, ['client', self(), results]);
}

/** The whole system; returns every client's results. */
export function* system(clients = 3, calls = 6): Op<unknown[]> {
  const me = self();
  spawn(restarter, 2);
  yield* timer.sleep(1);
  timer.sendAfter(7, 'counter', 'crash');
  timer.killAfter(25, 'counter');
  const [, tick] = timer.sendInterval(5, me, 'tick') as ['ok', Ref];
  const pids: Pid[] = [];
  for (let i = 0; i < clients; i++) pids.push(spawn(client, me, calls));
  const out: unknown[] = [];
  let ticks = 0;
  while (out.length < clients) {
    const m = (yield* receive()) as unknown[] | string;
    if (m === 'tick') ticks++;
    else out.push([pids.indexOf((m as unknown[])[1] as Pid), (m as unknown[])[2]]);
  }
  timer.cancel(tick);
  return [ticks, out];
}
