/**
 * The scenarios of scripts/fidelity-otp.escript, written against dfsweo: same names, same steps,
 * same result shapes. Each case runs in a fresh process; `outcomeOf` runs one under the simulator
 * and normalizes its term as the escript does (pids 'PID', refs 'REF', functions 'FUN',
 * stacktraces 'STACK').
 */
import { ETS_CASES } from './cases-ets.js';
import { ETS_UPDATE_CASES } from './cases-ets-updates.js';
import { GEN_SERVER_CASES } from './cases-gen-server.js';
import { GLOBAL_CASES } from './cases-global.js';
import { KERNEL_CASES } from './cases-kernel.js';
import { LIFECYCLE_CASES } from './cases-lifecycle.js';
import { SUPERVISOR_CASES } from './cases-supervisor.js';
import { REQUEST_CASES } from './cases-requests.js';
import { SPECIAL_CASES } from './cases-special.js';
import { TIMER_CASES } from './cases-timers.js';
import { outcomeOf as run, type Body } from './lib.js';

export const CASES: Readonly<Record<string, Body>> = { ...GEN_SERVER_CASES, ...LIFECYCLE_CASES, ...KERNEL_CASES, ...SUPERVISOR_CASES, ...TIMER_CASES, ...SPECIAL_CASES, ...REQUEST_CASES, ...GLOBAL_CASES, ...ETS_CASES, ...ETS_UPDATE_CASES };

/** Runs case `name` and returns its normalized term. */
export function outcomeOf(name: string): unknown {
  return run(CASES[name]!);
}
