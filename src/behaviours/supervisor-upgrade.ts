/**
 * Code change for a supervisor (SUP-26), OTP's `supervisor:code_change/3`: `init(Args)` runs
 * again with the stored arguments; new flags apply; specs with a known id replace the old
 * ones (the running process is kept), new ids are added unstarted, ids that disappeared are
 * kept; an invalid result leaves everything as it was and returns an error. A
 * `simple_one_for_one` supervisor takes exactly one spec.
 *
 * There is no code loading in TypeScript: "the new code" is whatever `init` the module
 * object holds now, so an upgrade replaces `module.init` and then calls
 * `sys.changeCode(sup, 'supervisor', oldVsn, extra)` while the supervisor is suspended.
 */
import type { Term } from '../core/term.js';
import type { Child } from './supervisor-child.js';
import { reportFlags } from './supervisor-report.js';
import { checkFlags, checkStartSpec, idKey, type FullChildSpec } from './supervisor-spec.js';
import { isSimple, pidKey, type SupState } from './supervisor-state.js';
import { Pid } from '../core/pid.js';

function isIterator(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as Generator).next === 'function';
}

function isInvalidType(e: Term): boolean {
  return Array.isArray(e) && e.length === 2 && e[0] === 'invalid_type';
}

/** `['ok', state]` or an error; the state is changed only on success. */
export function codeChange(_oldVsn: Term, s: SupState, _extra: Term): unknown {
  const r = (s.module as { init(a: unknown): unknown }).init(s.args);
  if (r === 'ignore') return ['ok', s];
  if (isIterator(r)) return ['error', 'init_blocks_in_code_change'];
  if (!(Array.isArray(r) && r.length === 2 && r[0] === 'ok' && Array.isArray(r[1]) && r[1].length === 2)) return r;
  const flags = checkFlags(r[1][0]);
  // OTP's set_flags: flags of no known shape are {bad_flags, F}; a bad value is its own error.
  if (flags[0] === 'error') return ['error', isInvalidType(flags[1]) ? ['bad_flags', r[1][0]] : flags[1]];
  const specs = checkStartSpec(r[1][1], flags[1].auto_shutdown);
  if (specs[0] === 'error') return ['error', specs[1]];
  const simpleNow = flags[1].strategy === 'simple_one_for_one';
  // OTP's update_childspec for simple_one_for_one matches {ok, {[_], _}} only: any other count of
  // specs comes back as {error, {ok, {Ids, Db}}}, the checked children themselves.
  if (simpleNow && specs[1].length !== 1) return ['error', ['ok', [specs[1].map((c) => c.id), new Map(specs[1].map((c) => [c.id, c]))]]];
  if (isSimple(s) && specs[1].length !== 1) return ['error', ['bad_start_spec', r[1][1]]];
  s.flags = flags[1];
  reportFlags(s.name, s.flags);
  if (isSimple(s)) s.children = [{ ...specs[1][0]!, pid: undefined }];
  else replaceSpecs(s, specs[1]);
  s.byId = new Map(s.children.map((c) => [idKey(c.id), c]));
  return ['ok', s];
}

/** New specs in their order (known ids keep their process), then the old ids that disappeared. */
function replaceSpecs(s: SupState, specs: readonly FullChildSpec[]): void {
  const next: Child[] = [];
  const seen = new Set<unknown>();
  for (const spec of specs) {
    const old = s.byId.get(idKey(spec.id));
    const c: Child = { ...spec, pid: old?.pid };
    if (old?.pid instanceof Pid) s.byPid.set(pidKey(old.pid), c);
    next.push(c);
    seen.add(idKey(spec.id));
  }
  for (const c of s.children) if (!seen.has(idKey(c.id))) next.push(c);
  s.children = next;
}
