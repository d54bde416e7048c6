/**
 * Special-process scenarios of scripts/fidelity-otp.escript: a hand-written loop serving system
 * messages through sys.handleSystemMsg, whose system_* callbacks fail or return bad values
 * (SYS-3..5).
 */
import { error, exitException, isProcessAlive, procLib, processFlag, receive, self, sys, type Op, type Pid } from '../../src/index.js';
import { attempt, msgs, type Body } from './lib.js';

interface Misc {
  state: unknown;
  get: (m: Misc) => unknown;
  replace: (fn: (s: unknown) => unknown, m: Misc) => unknown;
  cc: (m: Misc) => unknown;
}

/** The escript's special module: each system_* callback runs the function of that name in Misc. */
const Mod: sys.SpecialModule<Misc> = {
  name: 'MOD',
  systemTerminate: () => undefined, // returning, the process exits with the reason, as exit(Reason) there
  systemGetState: (m) => m.get(m),
  systemReplaceState: (fn, m) => m.replace(fn, m),
  systemCodeChange: (m) => m.cc(m),
};

function* loop(parent: Pid, misc: Misc): Op<never> {
  let debug = sys.debugOptions([]);
  procLib.initAck(['ok', self()]);
  for (;;) {
    const m = yield* receive((x) => Array.isArray(x) && x[0] === 'system');
    [debug, misc] = yield* sys.handleSystemMsg((m as unknown[])[2], (m as never[])[1], parent, Mod, debug, misc);
  }
}

function* special(overrides: Partial<Misc>): Op<Pid> {
  const misc: Misc = {
    state: 0,
    get: (m) => ['ok', m.state],
    replace: (fn, m) => {
      const s = fn(m.state);
      return ['ok', s, { ...m, state: s }];
    },
    cc: (m) => ['ok', m],
    ...overrides,
  };
  return ((yield* procLib.startLink(loop, [self(), misc])) as [string, Pid])[1];
}

function* codeChange(p: Pid): Op<unknown> {
  yield* sys.suspend(p);
  const r = yield* sys.changeCode(p, 'MOD', 'old', 'extra');
  yield* sys.resume(p);
  return r;
}

export const SPECIAL_CASES: Record<string, Body> = {
  *special_get_state_crash() {
    const p = yield* special({ get: () => error('boom') });
    return [yield* attempt(() => sys.getState(p)), isProcessAlive(p)];
  },
  *special_get_state_bad() {
    const p = yield* special({ get: () => 'foo' });
    return yield* attempt(() => sys.getState(p));
  },
  *special_replace_state_crash() {
    const p = yield* special({ replace: () => exitException('nah') });
    return yield* attempt(() => sys.replaceState(p, (x) => x));
  },
  *special_replace_state_fun_crash() {
    const p = yield* special({});
    return [yield* attempt(() => sys.replaceState(p, () => error('boom'))), yield* sys.getState(p)];
  },
  *special_code_change_crash() {
    return yield* codeChange(yield* special({ cc: () => error('boom') }));
  },
  *special_code_change_bad() {
    return yield* codeChange(yield* special({ cc: () => 'foo' }));
  },
  *special_code_change_exit() {
    return yield* codeChange(yield* special({ cc: () => exitException('nah') }));
  },
  *special_code_change_ok() {
    return yield* codeChange(yield* special({}));
  },
  *special_code_change_running() {
    return yield* sys.changeCode(yield* special({}), 'MOD', 'old', 'extra');
  },
  *special_terminate() {
    processFlag('trap_exit', true);
    const p = yield* special({});
    return [yield* sys.terminate(p, 'bye'), yield* msgs()];
  },
};
