/**
 * Request and alias scenarios of scripts/fidelity-otp.escript: gen_server send_request with
 * receive/wait/check_response and request-id collections, a second reply to one call, and
 * process aliases.
 */
import { alias, GenServer, receive, send, unalias } from '../../src/index.js';
import { dead, msgs, started, type Body } from './lib.js';

const replyR = (_f: unknown, st: unknown): unknown => ['reply', 'r', st];

export const REQUEST_CASES: Record<string, Body> = {
  *req_reply() {
    return yield* GenServer.receiveResponse(GenServer.sendRequest(yield* started(), replyR), 1000);
  },
  *req_timeout() {
    return [yield* GenServer.receiveResponse(GenServer.sendRequest(yield* started(), 'req'), 10), yield* msgs()];
  },
  *req_wait_timeout() {
    return yield* GenServer.waitResponse(GenServer.sendRequest(yield* started(), 'req'), 10);
  },
  *req_server_dies() {
    return yield* GenServer.receiveResponse(GenServer.sendRequest(yield* started(), (_f: unknown, st: unknown) => ['stop', 'boom', st]), 1000);
  },
  *req_dead_pid() {
    return yield* GenServer.receiveResponse(GenServer.sendRequest(yield* dead(), 'req'), 1000);
  },
  *req_unregistered() {
    return yield* GenServer.receiveResponse(GenServer.sendRequest('nosuch', 'req'), 1000);
  },
  *req_check_other() {
    return GenServer.checkResponse('foo', GenServer.sendRequest(yield* started(), 'req'));
  },
  *req_check_reply() {
    const r = GenServer.sendRequest(yield* started(), replyR);
    return GenServer.checkResponse(yield* receive(), r);
  },
  *req_collection() {
    const s = yield* started();
    const c0 = GenServer.sendRequest(s, (_f: unknown, st: unknown) => ['reply', 'one', st], 'l1', GenServer.reqIdsNew());
    const c1 = GenServer.sendRequest(s, (_f: unknown, st: unknown) => ['reply', 'two', st], 'l2', c0);
    const [r1, l1, c2] = (yield* GenServer.receiveResponses(c1, 1000, true)) as GenServer.CollectionResponse;
    const [r2, l2, c3] = (yield* GenServer.receiveResponses(c2, 1000, true)) as GenServer.CollectionResponse;
    return [r1, l1, r2, l2, c3.size, yield* GenServer.receiveResponses(c3, 10, true)];
  },
  *reply_twice() {
    const s = yield* started();
    const r = yield* GenServer.call(s, (from: unknown, st: unknown) => (GenServer.reply(from as never, 'first'), ['reply', 'second', st]));
    return [r, (yield* msgs()).map((m) => (m as unknown[])[1])];
  },
  *alias_basics() {
    const a = alias();
    send(a, 'one');
    const r1 = yield* msgs();
    const u = unalias(a);
    send(a, 'two');
    return [r1, u, unalias(a), yield* msgs()];
  },
};
