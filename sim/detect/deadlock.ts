/**
 * The deadlock report: when nothing can run, nothing is in flight and no timer can wake a
 * process, name every blocked process, its registered name and what it waits for, and any
 * cycle of processes waiting on each other (a process whose `waitingFor` names `waitsOn`).
 */
import { formatTerm, Status, type Pid, type Proc, type Runtime } from '../../src/index.js';

/** One blocked process. */
export interface BlockedProcess {
  pid: Pid;
  name: string | undefined;
  /** The function the process was spawned with. */
  fn: string;
  /** What it waits for: a description from the receive, or `'receive'`. */
  waitingFor: unknown;
  /** Queued messages it does not accept. */
  queued: number;
}

export interface DeadlockReport {
  blocked: BlockedProcess[];
  /** Each cycle of waits, as a list of pids, first one smallest. */
  cycles: Pid[][];
  /** The report as text. */
  text: string;
}

function waitsOn(w: unknown): Pid | undefined {
  if (typeof w === 'object' && w !== null && 'waitsOn' in w) return (w as { waitsOn?: Pid }).waitsOn;
  return undefined;
}

function label(p: BlockedProcess): string {
  return `${p.pid}${p.name ? ` '${p.name}'` : ''}`;
}

function describeWait(w: unknown): string {
  if (w === undefined) return 'waits in receive';
  if (typeof w === 'string') return `waits in ${w}`;
  if (typeof w === 'object' && w !== null && 'text' in w) return String((w as { text: unknown }).text);
  return `waits for ${formatTerm(w, 4)}`;
}

/**
 * The deadlock report over the processes of `runtimes`: each blocked process, each cycle of
 * waits, and the text (`why` ends its first line). A run that deadlocks carries one as `result.deadlock`.
 *
 * @example `const { blocked, cycles, text } = deadlockReport([sim.runtime]); // who waits now, e.g. between sim.step() calls`
 */
export function deadlockReport(runtimes: readonly Runtime[], why = 'nothing runnable, no timer pending'): DeadlockReport {
  const blocked: BlockedProcess[] = [];
  const byPid = new Map<Pid, BlockedProcess>();
  for (const rt of runtimes) {
    for (const p of rt.procs.values() as Iterable<Proc>) {
      if (p.status !== Status.Waiting) continue;
      const b = { pid: p.pid, name: p.name, fn: p.fnName, waitingFor: p.waitingFor, queued: p.mailbox.length };
      blocked.push(b);
      byPid.set(p.pid, b);
    }
  }
  const cycles: Pid[][] = [];
  const done = new Set<Pid>();
  for (const start of blocked) {
    const path: Pid[] = [];
    const onPath = new Set<Pid>();
    let cur: Pid | undefined = start.pid;
    while (cur !== undefined && !done.has(cur) && !onPath.has(cur) && byPid.has(cur)) {
      path.push(cur);
      onPath.add(cur);
      cur = waitsOn(byPid.get(cur)!.waitingFor);
    }
    if (cur !== undefined && onPath.has(cur)) {
      const cycle = path.slice(path.indexOf(cur));
      const min = cycle.reduce((a, b, i) => (b.serial < cycle[a]!.serial ? i : a), 0);
      cycles.push([...cycle.slice(min), ...cycle.slice(0, min)]);
    }
    for (const p of path) done.add(p);
  }
  const lines = [`deadlock: ${blocked.length} process(es) blocked, ${why}`];
  for (const c of cycles) lines.push('cycle: ' + c.map((p) => `${label(byPid.get(p)!)} ${describeWait(byPid.get(p)!.waitingFor)}`).join(' → '));
  for (const b of blocked) lines.push(`  ${label(b)} (${b.fn}) ${describeWait(b.waitingFor)}${b.queued ? `, ${b.queued} message(s) queued` : ''}`);
  return { blocked, cycles, text: lines.join('\n') };
}
