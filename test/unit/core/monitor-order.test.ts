/**
 * MON-1, MON-3, MON-5 and process_info: the order of monitors is the order they were made, at
 * both ends and in the DOWN messages, whatever was demonitored in between (monitor records are
 * intrusive lists: removal from the middle must keep the rest in order).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  demonitor, exit, monitor, processInfo, receive, self, send, spawn, TIMEOUT, type Op, type Pid, type Ref,
} from '../../../src/index.js';
import { runOk, idle } from '../../helpers.js';

type Cmd = ['mon', Pid, Pid] | ['demon', Ref, Pid] | ['drain', Pid];

/** Does what it is told, one command at a time, and answers each. */
function* watcher(): Op<void> {
  for (;;) {
    const c = (yield* receive((m) => Array.isArray(m) && m[0] !== 'DOWN')) as Cmd;
    if (c[0] === 'mon') send(c[2], monitor('process', c[1]));
    else if (c[0] === 'demon') send(c[2], demonitor(c[1]));
    else {
      const refs: Ref[] = [];
      for (let m = yield* receive(null, { after: 0 }); m !== TIMEOUT; m = yield* receive(null, { after: 0 })) refs.push((m as unknown[])[1] as Ref);
      send(c[1], refs);
    }
  }
}

/** Ops: make a monitor [watcher, target], or remove the i-th live one (mod count). */
type Op_ = ['mon', number, number] | ['demon', number];
const opArb: fc.Arbitrary<Op_> = fc.oneof(
  fc.tuple(fc.constant('mon' as const), fc.nat(2), fc.nat(2)),
  fc.tuple(fc.constant('demon' as const), fc.nat(20)),
);

/** Same elements, by identity, in the same order. */
function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

function* ask(to: Pid, cmd: Cmd): Op<unknown> {
  send(to, cmd);
  return yield* receive();
}

describe('MON order: creation order survives removals', () => {
  it('MON-1/MON-3: process_info monitors and DOWN order follow creation order, monitored_by its reverse', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 25 }), fc.nat(), (ops, seed) => {
      const ok = runOk(function* (): Op<boolean> {
        const ws = [spawn(watcher), spawn(watcher), spawn(watcher)];
        const ts = [spawn(idle), spawn(idle), spawn(idle)];
        const live: [number, number, Ref][] = [];
        for (const o of ops) {
          if (o[0] === 'mon') live.push([o[1], o[2], (yield* ask(ws[o[1]]!, ['mon', ts[o[2]]!, self()])) as Ref]);
          else if (live.length > 0) {
            const [w, , ref] = live.splice(o[1] % live.length, 1)[0]!;
            yield* ask(ws[w]!, ['demon', ref, self()]);
          }
        }
        for (let i = 0; i < 3; i++) {
          const mine = live.filter((l) => l[0] === i).map((l) => ts[l[1]]!);
          const held = (processInfo(ws[i]!, 'monitors') as [string, ['process', Pid][]])[1];
          if (!same(held.map((m) => m[1]), mine)) return false;
          // monitored_by lists the newest monitor first, as OTP 25 (otp25-kernel-2.test.ts).
          const on = live.filter((l) => l[1] === i).map((l) => ws[l[0]]!).reverse();
          if (!same((processInfo(ts[i]!, 'monitored_by') as [string, Pid[]])[1], on)) return false;
        }
        for (const t of ts) {
          const r = monitor('process', t);
          exit(t, 'kill');
          yield* receive((m) => Array.isArray(m) && m[1] === r);
        }
        for (let i = 0; i < 3; i++) {
          const expected = [0, 1, 2].flatMap((t) => live.filter((l) => l[0] === i && l[1] === t).map((l) => l[2]));
          const refs = (yield* ask(ws[i]!, ['drain', self()])) as Ref[];
          if (!same(refs, expected)) return false;
          if ((processInfo(ws[i]!, 'monitors') as [string, unknown[]])[1].length !== 0) return false;
        }
        return true;
      }, { seed });
      expect(ok).toBe(true);
    }), { numRuns: 60 });
  });
});
