/**
 * Shared helpers of the signal suites (messages, links, exit signals, monitors, aliases).
 */
import { monitor, receive, TIMEOUT, type Op, type Pid, type Ref } from '../../../../../src/index.js';

export type Msg = unknown[];
export const tagged = (tag: unknown) => (m: unknown): m is Msg => Array.isArray(m) && m[0] === tag;
export const downOf = (ref: Ref) => (m: unknown): m is Msg => Array.isArray(m) && m[1] === ref;

export { idle } from '../../../../helpers.js';

/** The exit reason of `pid`, through a fresh monitor. */
export function* reasonOf(pid: Pid): Op<unknown> {
  const ref = monitor('process', pid);
  return ((yield* receive(downOf(ref))) as Msg)[4];
}

/** Everything queued right now. */
export function* drain(): Op<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const m = yield* receive(null, { after: 0 });
    if (m === TIMEOUT) return out;
    out.push(m);
  }
}
