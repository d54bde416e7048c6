/**
 * Asynchronous calls (GS-26): `sendRequest` now, `receiveResponse` / `waitResponse` /
 * `checkResponse` later, alone or as a collection of request ids with labels.
 *
 * A request is a call split in two: the monitor (with its alias) and the `'$gen_call'` message
 * are made by `sendRequest`; the waiting and the clean-up happen in the response functions.
 * Only `receiveResponse` abandons a request at its timeout (the alias goes, a late reply is
 * dropped); `waitResponse` leaves it pending.
 *
 * @example
 * ```ts
 * const id = GenServer.sendRequest('counter', 'get');
 * // … other work …
 * const r = yield* GenServer.receiveResponse(id, 1000); // ['reply', n] | ['error', [reason, pid]] | 'timeout'
 * ```
 *
 * An error names what its DOWN names (GS-26): the server's pid once the ref resolved to one
 * (`['error', ['boom', pid]]` for a request to `'counter'`), else the ref as given
 * (`['error', ['noproc', 'nobody']]`, `['error', [['nodedown', N], ['x', N]]]`). A response
 * timeout other than `'infinity'` or 0..2^32-1 raises `badarg` (gen:timeout_value/1).
 */
import { ctx } from '../core/context.js';
import { MAX_TIMEOUT_MS, ReceiveEffect, TIMEOUT, timeoutMs, type Op } from '../core/effects.js';
import { ErlangError } from '../core/errors.js';
import { badarg, currentProc } from '../core/guard.js';
import { Pid, type Ref } from '../core/pid.js';
import type { Proc } from '../core/process.js';
import type { Term } from '../core/term.js';
import { addMonitor, sendFrom } from '../core/api/signals.js';
import { CallWait, registered } from './call-wait.js';
import { callTag } from './gen.js';
import { resolve, type ServerRef } from './names.js';
import { demonitorFlush } from './proc-lib.js';

/**
 * A pending request: its monitor ref (the reply tag) and the server it went to.
 *
 * @example `const id: GenServer.ReqId = GenServer.sendRequest('counter', 'get'); // id.server === 'counter'`
 */
export class ReqId {
  constructor(
    readonly ref: Ref,
    readonly server: ServerRef,
    /** @internal The server's process, for deadlock reports. */
    readonly proc: Proc | undefined,
  ) {}
}

/**
 * A set of pending requests, each with a label (`reqids_new/0` …). Immutable: adding returns a new one.
 *
 * @example
 * ```ts
 * let reqs = GenServer.sendRequest('a', 'get', 'from_a', GenServer.reqIdsNew());
 * reqs = GenServer.sendRequest('b', 'get', 'from_b', reqs); // reqs.size === 2
 * ```
 */
export class ReqIdCollection {
  /** @internal */
  constructor(readonly entries: ReadonlyMap<Ref, readonly [ReqId, Term]> = new Map()) {}

  get size(): number {
    return this.entries.size;
  }

  /** `[reqId, label]` pairs in the order they were added. */
  toList(): [ReqId, Term][] {
    return [...this.entries.values()].map(([r, l]) => [r, l]);
  }
}

/** The result of waiting for one response. */
export type Response<R = unknown> = readonly ['reply', R] | readonly ['error', readonly [Term, ServerRef]] | 'timeout';

/**
 * An empty collection.
 *
 * @example `let reqs = GenServer.reqIdsNew(); // reqs.size === 0`
 */
export function reqIdsNew(): ReqIdCollection {
  return new ReqIdCollection();
}

/**
 * Adds a request id with a label; a request already in the collection is `badarg`.
 *
 * @example `reqs = GenServer.reqIdsAdd(GenServer.sendRequest('counter', 'get'), 'count', reqs);`
 */
export function reqIdsAdd(reqId: ReqId, label: Term, coll: ReqIdCollection): ReqIdCollection {
  if (!(reqId instanceof ReqId)) return badarg('GenServer.reqIdsAdd', 'reqId', reqId, 'a request id');
  if (coll.entries.has(reqId.ref)) return badarg('GenServer.reqIdsAdd', 'reqId', reqId, 'a request id not already in the collection');
  const m = new Map(coll.entries);
  m.set(reqId.ref, [reqId, label]);
  return new ReqIdCollection(m);
}

/**
 * Sends `req` as a call and returns its request id; with a label and collection, returns the new collection.
 *
 * @example
 * ```ts
 * const id = GenServer.sendRequest('counter', 'get');
 * const reqs = GenServer.sendRequest('counter', ['add', 1], 'add', GenServer.reqIdsNew());
 * ```
 */
export function sendRequest(ref: ServerRef, req: unknown): ReqId;
export function sendRequest(ref: ServerRef, req: unknown, label: Term, coll: ReqIdCollection): ReqIdCollection;
export function sendRequest(ref: ServerRef, req: unknown, label?: Term, coll?: ReqIdCollection): ReqId | ReqIdCollection {
  const p = currentProc('GenServer.sendRequest');
  const rt = ctx.rt!;
  const q = resolve(rt, ref, 'GenServer.sendRequest');
  const server = q !== undefined && !Array.isArray(q) ? (q as Proc) : undefined;
  // As gen:send_request: a name is resolved to its pid, which is monitored (the DOWN's object is
  // the pid); a pid is monitored as it is (one on a node not connected: noconnection, MON-2).
  // An unresolvable name gets a DOWN of its own, with the ref as given: `noproc`, or
  // `['nodedown', N]` for `[name, N]` on another node (do_for_proc's exit).
  const object = server?.pid ?? ref;
  const gone: Term = !Array.isArray(q) ? 'noproc' : ref instanceof Pid ? 'noconnection' : (q as Term);
  const mref = callTag(addMonitor(rt, p, server, object, { alias: 'demonitor' }, gone));
  if (server !== undefined) sendFrom(rt, p, server.pid, ['$gen_call', [p.pid, mref], req]);
  const id = new ReqId(mref, ref, server);
  return coll === undefined ? id : reqIdsAdd(id, label, coll);
}

function isFor(refs: (r: unknown) => boolean): (m: unknown) => boolean {
  return (m) => Array.isArray(m) && (refs(m[0]) || (m[0] === 'DOWN' && m.length === 5 && refs(m[1])));
}

/** Turns a received reply or DOWN into a response, ending the monitor: `['error', [reason, object]]` as the DOWN has them. */
function toResponse(p: Proc, id: ReqId, m: unknown[]): Response {
  demonitorFlush(ctx.rt!, p, id.ref);
  if (m[0] === id.ref) return ['reply', m[1]];
  return ['error', [m[4] as Term, m[3] as ServerRef]];
}

function abandon(p: Proc, id: ReqId): void {
  demonitorFlush(ctx.rt!, p, id.ref);
}

/**
 * gen:timeout_value/1: `'infinity'` or 0..2^32-1, else `error(badarg)`. A non-integer in range
 * passes it and fails in the receive (`timeout_value`), as in OTP.
 */
function checkedTimeout(timeout: unknown): number {
  if (timeout === 'infinity') return Infinity;
  if (typeof timeout !== 'number' || !(timeout >= 0 && timeout <= MAX_TIMEOUT_MS)) throw new ErlangError('badarg');
  return timeoutMs(timeout);
}

function* await_(api: string, ids: ReqId[], timeout: number | 'infinity', drop: boolean): Op<[ReqId, Response] | 'timeout'> {
  const p = currentProc(api);
  const after = checkedTimeout(timeout);
  const byRef = new Map(ids.map((i) => [i.ref as unknown, i]));
  const first = ids.find((i) => i.proc !== undefined);
  const wait = first ? new CallWait(first.proc!.pid, first.proc!, first.server, 'awaits') : undefined;
  const eff = new ReceiveEffect(isFor((r) => byRef.has(r)), after, wait);
  const m = (wait ? yield* registered(ctx.rt!, recv(eff)) : yield eff) as unknown[] | typeof TIMEOUT;
  if (m === TIMEOUT) {
    if (drop) for (const i of ids) abandon(p, i);
    return 'timeout';
  }
  const id = byRef.get(m[0] === 'DOWN' ? m[1] : m[0])!;
  return [id, toResponse(p, id, m)];
}

function* recv(eff: ReceiveEffect): Op<unknown> {
  return yield eff;
}

function single(api: string, x: unknown): ReqId {
  return x instanceof ReqId ? x : badarg(api, 'reqId', x, 'a request id');
}

/**
 * Waits for the response (default `'infinity'`); at the timeout the request is abandoned.
 *
 * @example `const r = yield* GenServer.receiveResponse<number>(id, 1000); // ['reply', 3] | ['error', [reason, pid]] | 'timeout'`
 */
export function* receiveResponse<R = unknown>(reqId: ReqId, timeout: number | 'infinity' = 'infinity'): Op<Response<R>> {
  const r = yield* await_('GenServer.receiveResponse', [single('GenServer.receiveResponse', reqId)], timeout, true);
  return (r === 'timeout' ? r : r[1]) as Response<R>;
}

/**
 * Waits for the response; at the timeout the request stays pending (wait again later).
 *
 * @example
 * ```ts
 * let r = yield* GenServer.waitResponse(id, 100);
 * if (r === 'timeout') r = yield* GenServer.waitResponse(id, 'infinity'); // same request, still pending
 * ```
 */
export function* waitResponse<R = unknown>(reqId: ReqId, timeout: number | 'infinity' = 'infinity'): Op<Response<R>> {
  const r = yield* await_('GenServer.waitResponse', [single('GenServer.waitResponse', reqId)], timeout, false);
  return (r === 'timeout' ? r : r[1]) as Response<R>;
}

/**
 * Checks a message already received: the response it carries, or `'no_reply'`.
 *
 * @example
 * ```ts
 * const m = yield* receive();
 * const r = GenServer.checkResponse(m, id); // ['reply', x], ['error', [reason, server]] or 'no_reply'
 * ```
 */
export function checkResponse<R = unknown>(msg: unknown, reqId: ReqId): Response<R> | 'no_reply' {
  const p = currentProc('GenServer.checkResponse');
  const id = single('GenServer.checkResponse', reqId);
  if (!isFor((r) => r === id.ref)(msg)) return 'no_reply';
  return toResponse(p, id, msg as unknown[]) as Response<R>;
}

/** A response from a collection, with its label and the collection left. */
export type CollectionResponse<R = unknown> = readonly [Response<R>, Term, ReqIdCollection];

function without(coll: ReqIdCollection, id: ReqId, del: boolean): ReqIdCollection {
  if (!del) return coll;
  const m = new Map(coll.entries);
  m.delete(id.ref);
  return new ReqIdCollection(m);
}

function* fromCollection(api: string, coll: ReqIdCollection, timeout: number | 'infinity', del: boolean, drop: boolean): Op<CollectionResponse | 'no_request' | 'timeout'> {
  if (coll.size === 0) {
    checkedTimeout(timeout); // `_ = timeout_value(Timeout), no_request`
    return 'no_request';
  }
  const r = yield* await_(api, [...coll.entries.values()].map(([i]) => i), timeout, drop);
  if (r === 'timeout') return r;
  return [r[1], coll.entries.get(r[0].ref)![1], without(coll, r[0], del)];
}

/**
 * The first response of a collection: `[response, label, rest]`, `'no_request'` or `'timeout'` (abandons all).
 * With `del` the answered request leaves `rest`.
 *
 * @example
 * ```ts
 * const r = yield* GenServer.receiveResponses(reqs, 1000, true);
 * if (r !== 'timeout' && r !== 'no_request') { const [response, label, rest] = r; reqs = rest; }
 * ```
 */
export function* receiveResponses(coll: ReqIdCollection, timeout: number | 'infinity', del: boolean): Op<CollectionResponse | 'no_request' | 'timeout'> {
  return yield* fromCollection('GenServer.receiveResponses', coll, timeout, del, true);
}

/**
 * As {@link receiveResponses}, but a timeout leaves the requests pending.
 *
 * @example
 * ```ts
 * let r = yield* GenServer.waitResponses(reqs, 100, true);
 * if (r === 'timeout') r = yield* GenServer.waitResponses(reqs, 'infinity', true); // all still pending
 * ```
 */
export function* waitResponses(coll: ReqIdCollection, timeout: number | 'infinity', del: boolean): Op<CollectionResponse | 'no_request' | 'timeout'> {
  return yield* fromCollection('GenServer.waitResponses', coll, timeout, del, false);
}

/**
 * Checks a received message against a collection: `[response, label, rest]`, `'no_request'` or `'no_reply'`.
 *
 * @example
 * ```ts
 * const m = yield* receive();
 * const r = GenServer.checkResponses(m, reqs, true); // 'no_reply' when m answers none of them
 * ```
 */
export function checkResponses(msg: unknown, coll: ReqIdCollection, del: boolean): CollectionResponse | 'no_request' | 'no_reply' {
  const p = currentProc('GenServer.checkResponses');
  if (coll.size === 0) return 'no_request';
  if (!isFor((r) => coll.entries.has(r as Ref))(msg)) return 'no_reply';
  const m = msg as unknown[];
  const [id, label] = coll.entries.get((m[0] === 'DOWN' ? m[1] : m[0]) as Ref)!;
  return [toResponse(p, id, m), label, without(coll, id, del)];
}
