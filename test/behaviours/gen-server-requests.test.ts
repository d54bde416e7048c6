/**
 * gen_server scenarios, GS-26: send_request, wait_response, receive_response, check_response
 * and request collections.
 */
import { describe, expect, it } from 'vitest';
import { error, GenServer, receive, timer, TIMEOUT } from '../../src/index.js';
import { runOk } from '../helpers.js';
import { attempt, mod, started } from './gen-helpers.js';

describe('GS-26: send_request and responses', () => {
  const Slow = mod({
    *handleCall(req, _f, s) {
      yield* timer.sleep(req as number);
      return ['reply', ['done', req], s];
    },
  });

  it('GS-26: receiveResponse gives [reply, R]; an absent server gives [error, [noproc, ref]]', () => {
    const v = runOk(function* () {
      const pid = yield* started(Slow);
      const id = GenServer.sendRequest(pid, 10);
      const r = yield* GenServer.receiveResponse(id);
      const gone = yield* GenServer.receiveResponse(GenServer.sendRequest('nobody', 1), 100);
      return [r, gone];
    });
    expect(v).toEqual([['reply', ['done', 10]], ['error', ['noproc', 'nobody']]]);
  });

  it('GS-26: only receiveResponse abandons at the timeout; waitResponse can wait again', () => {
    const v = runOk(function* () {
      const pid = yield* started(Slow);
      const a = GenServer.sendRequest(pid, 100);
      const r1 = yield* GenServer.receiveResponse(a, 10);
      const b = GenServer.sendRequest(pid, 50);
      const w1 = yield* GenServer.waitResponse(b, 10);
      const w2 = yield* GenServer.waitResponse(b, 1000);
      const late = yield* receive(null, { after: 500 });
      return [r1, w1, w2, late === TIMEOUT];
    });
    expect(v).toEqual(['timeout', 'timeout', ['reply', ['done', 50]], true]);
  });

  it('GS-26: checkResponse classifies a received message', () => {
    const v = runOk(function* () {
      const pid = yield* started(Slow);
      const id = GenServer.sendRequest(pid, 5);
      const other = GenServer.checkResponse('unrelated', id);
      const msg = yield* receive();
      return [other, GenServer.checkResponse(msg, id)];
    });
    expect(v).toEqual(['no_reply', ['reply', ['done', 5]]]);
  });

  it('GS-26: collections give [response, label, rest], then no_request; a duplicate id is badarg', () => {
    const v = runOk(function* () {
      const pid = yield* started(Slow);
      let coll = GenServer.reqIdsNew();
      coll = GenServer.sendRequest(pid, 20, 'twenty', coll);
      coll = GenServer.sendRequest(pid, 10, 'ten', coll);
      const first = yield* GenServer.receiveResponses(coll, 'infinity', true);
      const [, l1, rest] = first as [unknown, unknown, typeof coll];
      const second = yield* GenServer.receiveResponses(rest, 'infinity', true);
      const [r2, l2, rest2] = second as [unknown, unknown, typeof coll];
      const none = yield* GenServer.receiveResponses(rest2, 'infinity', true);
      const id = GenServer.sendRequest(pid, 1);
      const dup = yield* attempt((function* () { return GenServer.reqIdsAdd(id, 'b', GenServer.reqIdsAdd(id, 'a', GenServer.reqIdsNew())); })());
      return [(first as unknown as unknown[])[0], l1, r2, l2, none, dup];
    });
    expect(v).toEqual([['reply', ['done', 20]], 'twenty', ['reply', ['done', 10]], 'ten', 'no_request', ['error', 'badarg']]);
  });

  it('GS-26: waitResponses keeps the collection pending at a timeout; checkResponses classifies against a collection, keeping or deleting', () => {
    const v = runOk(function* () {
      const pid = yield* started(Slow);
      let coll = GenServer.sendRequest(pid, 30, 'thirty', GenServer.reqIdsNew());
      coll = GenServer.sendRequest(pid, 40, 'forty', coll);
      const early = yield* GenServer.waitResponses(coll, 5, false);
      const labels = coll.toList().map(([, l]) => l);
      const msg = yield* receive();
      const kept = GenServer.checkResponses(msg, coll, false) as [unknown, unknown, typeof coll];
      const deleted = GenServer.checkResponses(msg, coll, true) as [unknown, unknown, typeof coll];
      const last = (yield* GenServer.waitResponses(deleted[2], 'infinity', true)) as [unknown, unknown, typeof coll];
      return [
        early, labels, GenServer.checkResponses('unrelated', coll, true), GenServer.checkResponses(msg, GenServer.reqIdsNew(), true),
        kept[0], kept[1], kept[2].size, deleted[2].size, last[0], last[1], last[2].size,
      ];
    });
    expect(v).toEqual(['timeout', ['thirty', 'forty'], 'no_reply', 'no_request', ['reply', ['done', 30]], 'thirty', 2, 1, ['reply', ['done', 40]], 'forty', 0]);
  });
});
