/**
 * `npm run demo`: the supervised system of `examples/demo/system.ts` under the simulator,
 * with a crash injected: the fault plan kills the child at path `top/counter` at 35 ms.
 *
 * Prints the outcome, what the client saw, the supervisor's reports, the trace as a
 * per-process timeline and the replay token; then replays the token and checks that the
 * replay reproduces the run exactly. `npm run demo -- 7` uses seed 7.
 */
import { formatTerm } from '../src/index.js';
import { Simulation, formatPlan, type FaultPlan } from '../sim/index.js';
import { main } from './demo/system.js';

const seed = Number(process.argv[2] ?? 42);
const faults: FaultPlan = [{ kind: 'kill', target: { by: 'path', path: ['top', 'counter'] }, atMs: 35 }];
const result = Simulation.create({
  seed,
  faults,
  extra: { scenario: 'supervised-counter', module: 'examples/demo/system.ts' },
}).run(main);

console.log(`seed ${seed}; fault plan: ${formatPlan(faults)}`);
console.log(`outcome: ${result.outcome} (${result.detail})`);
console.log(`the client saw: ${formatTerm(result.value)}`);
for (const e of result.trace) {
  if (e.kind === 'report' && e.category === 'supervisor_report') console.log(`supervisor report at ${e.time}ms: ${formatTerm(e.report, 3)}`);
}
console.log(`\ntrace (per-process timeline, last 50 events):\n${result.timeline(50)}`);
console.log(`\nreplay token:\n${result.token}`);
console.log(`\nreplay it: npx tsx cli/main.ts replay ${result.token.slice(0, 16)}… (the whole token; add --format html --out trace.html for a page)`);
const again = Simulation.replay(result.token, main);
console.log(`replayed here: ${again.outcome}, same trace hash: ${again.traceHash === result.traceHash}`);
