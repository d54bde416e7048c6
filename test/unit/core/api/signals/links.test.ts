/**
 * LINK rules: links, unlink, link signals.
 */
import { describe, expect, it } from 'vitest';
import {
  classify, exit, exitException, link, monitor, processFlag, processInfo, receive, self, send, spawn, spawnLink,
  unlink, yieldNow, Pid, spawnMonitor,
} from '../../../../../src/index.js';
import { checkLinks } from '../../../../../properties/index.js';
import { runOk, simulate } from '../../../../helpers.js';
import { downOf, drain, idle, reasonOf, tagged, type Msg } from './helpers.js';

describe('LINK: links', () => {
  it('LINK-1: links are bidirectional, one per pair, and linking to self does nothing', () => {
    const v = runOk(function* () {
      const p = spawn(idle);
      const r = [link(p), link(p), link(self())];
      return [r, processInfo(self(), 'links'), processInfo(p, 'links'), p, self()];
    });
    const [r, mine, theirs, p, me] = v as [unknown, unknown, unknown, Pid, Pid];
    expect(r).toEqual([true, true, true]);
    expect(mine).toEqual(['links', [p]]);
    expect(theirs).toEqual(['links', [me]]);
  });

  it('LINK-2: linking to a dead pid raises noproc in a non-trapping caller', () => {
    const v = runOk(function* () {
      const p = spawn(function* () {});
      yield* reasonOf(p);
      try {
        link(p);
        return 'linked';
      } catch (e) {
        return classify(e);
      }
    });
    expect(v).toEqual({ class: 'error', reason: 'noproc' });
  });

  it("LINK-2: a trapping caller finds ['EXIT', pid, 'noproc'] queued instead", () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const p = spawn(function* () {});
      yield* reasonOf(p);
      const r = link(p);
      const m = (yield* receive()) as Msg;
      return [r, m[0], m[1] === p, m[2]];
    });
    expect(v).toEqual([true, 'EXIT', true, 'noproc']);
  });

  it('LINK-6: linking to a pid on a node not connected is true, and noconnection comes through the link at once: a message when trapping, else the caller dies of it', () => {
    const far = new Pid('far@away', 1, 10);
    const r = simulate(function* () {
      processFlag('trap_exit', true);
      const got = [link(far), processInfo(self(), 'links'), yield* receive()];
      const [victim, ref] = spawnMonitor(function* () {
        link(far);
        yield* receive();
      });
      got.push(((yield* receive(downOf(ref))) as Msg)[4], victim instanceof Pid);
      return got;
    });
    expect(r.outcome).toBe('ok');
    expect(r.value).toEqual([true, ['links', []], ['EXIT', far, 'noconnection'], 'noconnection', true]);
    expect(checkLinks(r.trace)).toEqual([]);
  });

  it('LINK-2: link and unlink of a non-pid are badarg', () => {
    const v = runOk(function* () {
      const out: unknown[] = [];
      for (const f of [link, unlink]) {
        try {
          f('x' as never);
        } catch (e) {
          out.push(classify(e).reason);
        }
      }
      return out;
    });
    expect(v).toEqual(['badarg', 'badarg']);
  });

  it('LINK-3: after unlink the peer death sends nothing; an EXIT already queued stays', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const a = spawnLink(idle);
      const b = spawnLink(idle);
      const ra = monitor('process', a);
      const rb = monitor('process', b);
      exit(a, 'boom'); // a dies when it next runs; its link signal then lands in our queue
      yield* receive(downOf(ra));
      unlink(a); // too late: the EXIT is queued and stays
      unlink(b);
      exit(b, 'bang');
      yield* receive(downOf(rb));
      const got = yield* drain();
      return [got.map((m) => (m as Msg)[2]), processInfo(self(), 'links'), unlink(b)];
    });
    expect(v).toEqual([['boom'], ['links', []], true]);
  });

  it('LINK-4: a trapping peer gets EXIT with the reason, normal included', () => {
    const v = runOk(function* () {
      processFlag('trap_exit', true);
      const out: unknown[] = [];
      for (const body of [function* () {}, function* () { exitException('bad'); }]) {
        const p = spawnLink(body);
        const m = (yield* receive(tagged('EXIT'))) as Msg;
        out.push([m[1] === p, m[2]]);
      }
      return out;
    });
    expect(v).toEqual([[true, 'normal'], [true, 'bad']]);
  });

  it('LINK-4: a non-trapping peer ignores normal and dies with any other reason', () => {
    const v = runOk(function* () {
      const results: unknown[] = [];
      for (const reason of ['normal', 'bad', ['shutdown', 'x']]) {
        const me = self();
        const peer = spawn(function* () {
          spawnLink(function* (r: unknown) { exitException(r); }, reason);
          yield* receive((m) => m === 'ping');
          send(me, 'pong');
        });
        const ref = monitor('process', peer);
        yield* yieldNow();
        yield* yieldNow();
        yield* yieldNow();
        send(peer, 'ping');
        const m = (yield* receive((x) => x === 'pong' || downOf(ref)(x))) as unknown;
        results.push(m === 'pong' ? 'survived' : (m as Msg)[4]);
        if (m === 'pong') yield* receive(downOf(ref));
      }
      return results;
    }, { strategy: 'fifo' });
    expect(v).toEqual(['survived', 'bad', ['shutdown', 'x']]);
  });

  it('LINK-5: a link signal with reason kill is not turned into killed', () => {
    const v = runOk(function* () {
      // A process that exits with reason kill (exit/1), linked to a non-trapping and a trapping peer.
      const me = self();
      const plain = spawn(function* () {
        spawnLink(function* () { yield* yieldNow(); exitException('kill'); });
        yield* idle();
      });
      const trapper = spawn(function* () {
        processFlag('trap_exit', true);
        spawnLink(function* () { yield* yieldNow(); exitException('kill'); });
        const m = (yield* receive()) as Msg;
        send(me, ['trapped', m[0], m[2]]);
      });
      const r = yield* reasonOf(plain);
      void trapper;
      const t = yield* receive(tagged('trapped'));
      return [r, t];
    });
    expect(v).toEqual(['kill', ['trapped', 'EXIT', 'kill']]);
  });
});
