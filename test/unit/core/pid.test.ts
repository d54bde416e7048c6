/**
 * Pids and refs: identity terms with stable printing.
 */
import { describe, expect, it } from 'vitest';
import { isPid, isRef, makeRef, Pid, Ref, self, spawn } from '../../../src/index.js';
import { runOk } from '../../helpers.js';

describe('Pid and Ref', () => {
  it('print as Erlang prints them, with the node index first', () => {
    expect(String(new Pid('a@h', 2, 42))).toBe('<2.42.0>');
    expect(String(new Ref('a@h', 1, 7))).toBe('#Ref<1.0.0.7>');
  });

  it('isPid and isRef tell them apart from everything else', () => {
    const p = new Pid('a@h', 0, 1);
    const r = new Ref('a@h', 0, 1);
    expect([isPid(p), isPid(r), isPid('<0.1.0>'), isRef(r), isRef(p), isRef({ serial: 1 })]).toEqual([true, false, false, true, false, false]);
  });

  it('PROC-1: a node numbers its pids and refs from 1, each on its own counter, stable across runs', () => {
    const body = function* () {
      return [String(self()), String(spawn(function* () {})), String(makeRef()), String(makeRef())];
    };
    const a = runOk(body);
    expect(a).toEqual(['<0.1.0>', '<0.2.0>', '#Ref<0.0.0.1>', '#Ref<0.0.0.2>']);
    expect(runOk(body, { seed: 99 })).toEqual(a);
  });
});
