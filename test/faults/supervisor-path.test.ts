import { describe, expect, it } from 'vitest';
import { GenServer, Supervisor, timer, whereis, type Pid } from '../../src/index.js';
import { Simulation } from '../../sim/index.js';

const Conn = GenServer.define<number, 'ping', never, string, number>({
  name: 'conn',
  init: (n) => ['ok', n],
  handleCall: (_req, _from, n) => ['reply', 'pong', n],
});

const conn = (id: string) => ({ id, start: [GenServer, 'startLink', [Conn, 0, { name: id }]] });
const dbSup = { name: 'db_sup', init: () => ['ok', [{ strategy: 'one_for_one', intensity: 5, period: 1 }, [conn('conn_1'), conn('conn_2'), conn('conn_3')]]] as never };
const top = {
  name: 'top',
  init: () => ['ok', [{ strategy: 'one_for_one', intensity: 5, period: 1 }, [{ id: 'db_sup', type: 'supervisor', start: [Supervisor, 'startLink', [dbSup, undefined]] }]]] as never,
};

describe('fault selectors: supervisor child paths through the real Supervisor', () => {
  it("['top', 'db_sup', 'conn_3'] names conn_3 of db_sup of top; the supervisor restarts it", () => {
    const r = Simulation.create({ seed: 1, faults: [{ kind: 'kill', target: { by: 'path', path: ['top', 'db_sup', 'conn_3'] }, atMs: 50 }] }).run(function* () {
      yield* Supervisor.startLink('top', top, undefined);
      const before = whereis('conn_3') as Pid;
      yield* timer.sleep(100);
      const after = whereis('conn_3') as Pid;
      return [String(before), String(after), yield* GenServer.call(GenServer.ref(Conn, 'conn_3'), 'ping')];
    });
    expect(r.outcome).toBe('ok');
    const [before, after, pong] = r.value as [string, string, string];
    expect(r.faults![0]!.pid).toBe(before);
    expect(after).not.toBe(before);
    expect(pong).toBe('pong');
    expect(r.trace.some((e) => e.kind === 'exit' && String(e.pid) === before && e.reason === 'killed')).toBe(true);
  });
});
