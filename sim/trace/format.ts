/**
 * Printing trace events: one line per event (`formatEvent`), a per-process timeline with one
 * column per process (`formatTimeline`), and the trace hash over the printed lines.
 */
import { formatTerm, hashString, type Pid, type TraceEvent } from '../../src/index.js';

const t = (x: unknown): string => formatTerm(x, 6);

/**
 * The event as one line of text, without step and time.
 *
 * @example `result.trace.map(formatEvent) // ['spawn <0.1.0> main', 'spawn <0.2.0> worker by <0.1.0>', …]`
 */
export function formatEvent(e: TraceEvent): string {
  switch (e.kind) {
    case 'spawn':
      return `spawn ${e.pid} ${e.fn}${e.parent ? ` by ${e.parent}` : ''}${e.link ? ' linked' : ''}${e.monitor ? ' monitored' : ''}`;
    case 'send':
      return `send ${e.pid ?? 'runtime'} → ${t(e.to)}: ${t(e.msg)}${e.dropped ? ` (dropped: ${e.dropped})` : ''}`;
    case 'deliver':
      return `deliver ${e.from ?? 'runtime'} → ${e.pid}: ${t(e.msg)}`;
    case 'receive':
      return `receive ${e.pid}: ${t(e.msg)}`;
    case 'receiveTimeout':
      return `receive ${e.pid}: after (timeout)`;
    case 'link':
    case 'unlink':
      return `${e.kind} ${e.pid} ↔ ${e.other}`;
    case 'monitor':
      return `monitor ${e.pid} → ${t(e.target)} ${e.ref}`;
    case 'demonitor':
      return `demonitor ${e.pid} ${e.ref}`;
    case 'down':
      return `down ${e.pid} ${e.ref} ${t(e.object)}: ${t(e.reason)}`;
    case 'exitSignal':
      return `exit-signal ${e.from} → ${e.pid}${e.link ? ' (link)' : ''}: ${t(e.reason)} → ${e.effect}`;
    case 'exit':
      return `exit ${e.pid}: ${t(e.reason)}`;
    case 'timerSet':
      return `timer-set ${e.what} ${e.ref ?? ''} at ${e.at}ms${e.pid ? ` by ${e.pid}` : ''}`;
    case 'timerFire':
      return `timer-fire ${e.what} ${e.ref ?? ''}${e.pid ? ` → ${e.pid}` : ''}`;
    case 'timerCancel':
      return `timer-cancel ${e.ref}${e.pid ? ` by ${e.pid}` : ''}`;
    case 'register':
    case 'unregister':
      return `${e.kind} ${e.pid} as ${t(e.name)}`;
    case 'crashReport':
      return `crash-report ${e.pid} (${e.class}): ${t(e.reason)}`;
    case 'report':
      return `report ${e.category}${e.pid ? ` ${e.pid}` : ''}: ${t(e.report)}`;
    case 'fault':
      return `FAULT ${typeof e.fault === 'string' ? e.fault : t(e.fault)}${e.pid ? ` on ${e.pid}` : ''}`;
    case 'log':
      return `log${e.pid ? ` ${e.pid}` : ''}: ${e.text}`;
  }
}

/**
 * `step time event`, one line.
 *
 * @example `result.trace.map(formatLine) // ['     0       0ms  spawn <0.1.0> main', …]`
 */
export function formatLine(e: TraceEvent): string {
  return `${String(e.step ?? 0).padStart(6)} ${String(e.time ?? 0).padStart(7)}ms  ${formatEvent(e)}`;
}

/**
 * The trace as text, one line per event (what `result.formatTrace()` returns).
 *
 * @example `console.log(formatTrace(result.trace.slice(-20)))`
 */
export function formatTrace(events: readonly TraceEvent[]): string {
  return events.map(formatLine).join('\n');
}

/**
 * The stable hash of a trace: equal for equal event sequences, across runs and machines.
 *
 * @example `traceHash(result.trace) === result.traceHash // true for a run with its trace recorded`
 */
export function traceHash(events: readonly TraceEvent[]): string {
  let h = '0';
  const chunk: string[] = [];
  for (let i = 0; i < events.length; i++) {
    chunk.push(`${events[i]!.step}|${events[i]!.time}|${formatEvent(events[i]!)}`);
    if (chunk.length === 512 || i === events.length - 1) {
      h = hashString(h + '\n' + chunk.join('\n'));
      chunk.length = 0;
    }
  }
  return h;
}

/** The process an event belongs to (its column in the timeline). */
export function eventPid(e: TraceEvent): Pid | undefined {
  return 'pid' in e ? e.pid : undefined;
}

/**
 * A per-process timeline: one column per process (named where registered), one row per
 * event, the event's text in its process's column.
 *
 * @example `console.log(formatTimeline(result.trace.slice(-40), { width: 24 }))`
 */
export function formatTimeline(events: readonly TraceEvent[], opts: { width?: number; names?: Map<string, string> } = {}): string {
  const width = opts.width ?? 34;
  const cols: string[] = [];
  const index = new Map<string, number>();
  for (const e of events) {
    const p = eventPid(e);
    const key = p ? String(p) : 'runtime';
    if (!index.has(key)) {
      index.set(key, cols.length);
      cols.push(key);
    }
  }
  const names = opts.names ?? new Map<string, string>();
  for (const e of events) if (e.kind === 'register') names.set(String(e.pid), e.name);
  const cell = (s: string): string => (s.length > width ? s.slice(0, width - 1) + '…' : s.padEnd(width));
  const header = `${'step'.padStart(6)} ${'time'.padStart(9)}  ` + cols.map((c) => cell(names.has(c) ? `${c} ${names.get(c)}` : c)).join(' │ ');
  const lines = [header, '─'.repeat(header.length)];
  for (const e of events) {
    const p = eventPid(e);
    const at = index.get(p ? String(p) : 'runtime')!;
    const text = formatEvent(e).replace(/^(\S+) <[\d.]+>:? ?/, '$1 ');
    const row = cols.map((_, i) => (i === at ? cell(text) : ' '.repeat(width)));
    lines.push(`${String(e.step ?? 0).padStart(6)} ${`${e.time ?? 0}ms`.padStart(9)}  ${row.join(' │ ').trimEnd()}`);
  }
  return lines.join('\n');
}
