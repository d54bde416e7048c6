/**
 * dfsweo against real Erlang/OTP 25: each scenario of test/fidelity/cases.ts gives the term that
 * scripts/fidelity-otp.escript recorded from OTP in test/fidelity/otp25.ts (pids, refs, funs and
 * stacktraces normalized). Covers ETS (ETS-1..21), call failures (GS-5..9, GS-11, GS-12), start failures
 * (GS-1..4, PLIB-2), stop (PLIB-6), exit signals, links, monitors, the registry, sys calls
 * (SYS-4), and global on one node (GLOB-2, GLOB-5, GLOB-6).
 */
import { describe, expect, it } from 'vitest';
import { OTP } from './otp25.js';
import { CASES, outcomeOf } from './cases.js';

/**
 * Cases where we follow OTP 26+ (the baseline of otp-semantics.md) and OTP 25 differs, PLIB-2:
 * since OTP 26 a failed start_link (init_fail) unlinks its caller before the child exits, so a
 * trapping caller finds no stray 'EXIT' and a non-trapping one is not killed by the failure.
 */
const TRAPPING_NO_STRAY_EXIT = ['start_link_stop_trapping', 'start_link_ignore_trapping', 'start_link_error_trapping', 'start_link_bad_return_trapping'];
const PLAIN_CALLER_SURVIVES = ['start_link_stop_plain', 'start_link_error_plain'];
/**
 * ETS-6 says a list inserted into a bag goes in head to tail; OTP 25 stores a list's objects of
 * one key in reverse (single inserts and duplicate_bag keep insertion order there too).
 */
const BAG_LIST_ORDER = 'ets_bag_list_order';


describe('fidelity: the same scenario gives the same term as OTP 25', () => {
  it('every recorded OTP case has a dfsweo twin and vice versa', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(OTP).sort());
  });

  for (const name of Object.keys(OTP)) {
    if (TRAPPING_NO_STRAY_EXIT.includes(name) || PLAIN_CALLER_SURVIVES.includes(name) || name === BAG_LIST_ORDER) continue;
    it(name, () => {
      expect(outcomeOf(name)).toEqual(OTP[name]);
    });
  }
});

describe('fidelity: OTP 26 start_link failures (PLIB-2), checked against what OTP 25 recorded', () => {
  for (const name of TRAPPING_NO_STRAY_EXIT) {
    it(`PLIB-2 ${name}: the same result as OTP 25, and no {'EXIT', Pid, R} left in the mailbox`, () => {
      const [ret, msgs] = OTP[name] as [unknown, unknown[][]];
      expect(msgs).toHaveLength(1);
      expect(msgs[0]![0]).toBe('EXIT');
      expect(outcomeOf(name)).toEqual([ret, []]);
    });
  }
  for (const name of PLAIN_CALLER_SURVIVES) {
    it(`PLIB-2 ${name}: a non-trapping caller gets {error, R} and lives, where OTP 25 killed it with R`, () => {
      const [got, [down, reason]] = OTP[name] as [unknown, [string, unknown]];
      expect([got, down]).toEqual(['none', 'down']);
      expect(outcomeOf(name)).toEqual([['error', reason], 'survived']);
    });
  }
});

describe('fidelity: ETS-6, a list inserted into a bag, where OTP 25 differs', () => {
  it('ETS-6 ets_bag_list_order: head to tail in the bag (OTP 25: reversed); the duplicate_bag as OTP 25', () => {
    const [bag, dbag] = OTP[BAG_LIST_ORDER] as [unknown[], unknown[]];
    expect(bag).toEqual([['a', 2], ['a', 1]]);
    expect(outcomeOf(BAG_LIST_ORDER)).toEqual([[...bag].reverse(), dbag]);
  });
});
