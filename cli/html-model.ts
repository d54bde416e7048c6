/**
 * The data behind the HTML trace: lanes (one per process, named where registered), rows (one
 * per event) and the connections to draw (messages as arrows from the send to the receive,
 * links, monitors, exit signals and DOWNs as connectors). Pure; the page script draws it.
 */
import { formatTerm, isPid, isRef, termEquals, type TraceEvent } from '../src/index.js';
import { formatEvent } from '../sim/index.js';
import { eventToJson } from './json.js';

export interface Lane {
  id: string;
  label: string;
}

export interface Row {
  step: number;
  time: number;
  lane: number;
  kind: string;
  text: string;
  /** The event as JSON, pretty-printed (shown on click). */
  detail: string;
  /** Arrow to this lane, at row `toRow` (the receive) or this row (not received). */
  to?: number;
  toRow?: number;
  /** `arrow` for a message, `connector` for a link/monitor/signal between two lanes. */
  edge?: 'arrow' | 'connector';
}

export interface HtmlModel {
  lanes: Lane[];
  rows: Row[];
}

function otherPid(e: TraceEvent, names: Map<string, string>): string | undefined {
  switch (e.kind) {
    case 'send': {
      const to = e.to;
      if (isPid(to)) return String(to);
      if (typeof to === 'string') return names.get(to);
      if (Array.isArray(to) && typeof to[0] === 'string') return names.get(to[0]);
      return undefined;
    }
    case 'link':
    case 'unlink':
      return String(e.other);
    case 'monitor':
      return isPid(e.target) ? String(e.target) : Array.isArray(e.target) ? names.get(String(e.target[0])) : undefined;
    case 'exitSignal':
      return String(e.from);
    case 'down':
      return isPid(e.object) ? String(e.object) : undefined;
    default:
      return undefined;
  }
}

/** Builds the lanes and rows of a trace. */
export function buildModel(trace: readonly TraceEvent[]): HtmlModel {
  const laneIndex = new Map<string, number>();
  const lanes: Lane[] = [];
  const lane = (id: string): number => {
    let i = laneIndex.get(id);
    if (i === undefined) {
      i = lanes.length;
      laneIndex.set(id, i);
      lanes.push({ id, label: id });
    }
    return i;
  };
  const names = new Map<string, string>();
  const rows: Row[] = [];
  /** Messages sent to a lane and not yet received: [row index, message]. */
  const pending = new Map<string, Array<[number, unknown]>>();
  /** Messages sent to an alias (a call's reply): the receiver shows when one receives it. */
  const toAlias: Array<[number, unknown]> = [];
  for (const e of trace) {
    const pid = 'pid' in e && e.pid !== undefined ? String(e.pid) : 'runtime';
    if (e.kind === 'register') {
      names.set(e.name, pid);
      lanes[lane(pid)]!.label = `${pid} ${e.name}`;
    }
    const row: Row = {
      step: e.step ?? 0, time: e.time ?? 0, lane: lane(pid), kind: e.kind, text: formatEvent(e), detail: JSON.stringify(eventToJson(e), null, 2),
    };
    const other = otherPid(e, names);
    if (other !== undefined && other !== pid) {
      row.to = lane(other);
      row.edge = e.kind === 'send' ? 'arrow' : 'connector';
      if (e.kind === 'send' && e.dropped === undefined) (pending.get(other) ?? (pending.set(other, []), pending.get(other)!)).push([rows.length, e.msg]);
    } else if (e.kind === 'send' && e.dropped === undefined && isRef(e.to)) {
      toAlias.push([rows.length, e.msg]);
    }
    if (e.kind === 'receive') {
      const q = pending.get(pid);
      const i = q === undefined ? -1 : takeMatch(q, e.msg);
      if (i >= 0) {
        rows[i]!.toRow = rows.length;
      } else {
        const j = takeMatch(toAlias, e.msg);
        if (j >= 0 && rows[j]!.lane !== lane(pid)) Object.assign(rows[j]!, { to: lane(pid), toRow: rows.length, edge: 'arrow' });
      }
    }
    rows.push(row);
  }
  return { lanes, rows };
}

/** Removes the first queued message equal to `msg` (the same object first); its row index, or -1. */
function takeMatch(q: Array<[number, unknown]>, msg: unknown): number {
  let i = q.findIndex(([, m]) => m === msg);
  if (i < 0) i = q.findIndex(([, m]) => termEquals(m, msg));
  if (i < 0) return -1;
  const row = q[i]![0];
  q.splice(i, 1);
  return row;
}

/** A short label for a term (used in lane headers). */
export const shortTerm = (x: unknown): string => formatTerm(x, 3);
