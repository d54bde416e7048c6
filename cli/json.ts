/**
 * Trace events as JSON: the typed events with pids and refs printed (`<0.5.0>`), terms made
 * JSON-safe, and each event's one-line text alongside.
 */
import { formatTerm, isPid, isRef, type TraceEvent } from '../src/index.js';
import { formatEvent } from '../sim/index.js';

/** A term as JSON: pids and refs printed, undefined as null, other odd values as their printed form. */
export function termToJson(x: unknown, depth = 20): unknown {
  if (x === undefined) return null;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
  if (isPid(x) || isRef(x)) return String(x);
  if (depth <= 0 || typeof x !== 'object') return formatTerm(x, 2);
  if (Array.isArray(x)) return x.map((e) => termToJson(e, depth - 1));
  if (Object.getPrototypeOf(x) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) o[k] = termToJson(v, depth - 1);
    return o;
  }
  return formatTerm(x, 6);
}

/** One event as a JSON object (`text` is the printed line). */
export function eventToJson(e: TraceEvent): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) o[k] = termToJson(v);
  o.text = formatEvent(e);
  return o;
}
