/**
 * The decision log: every answer the strategy gave to a question with more than one option,
 * as (step, kind, options, choice), stored flat for speed and size.
 */
import { DECISION_KIND_NAMES, type DecisionKind } from './strategy.js';

/** One recorded decision, as the replay checker and printers see it. */
export interface Decision {
  step: number;
  kind: (typeof DECISION_KIND_NAMES)[number];
  options: number;
  choice: number;
}

const EMPTY = new Float64Array(0);

export class DecisionLog {
  /**
   * step, kind, options, choice; four numbers per decision, in a typed array: recording
   * allocates nothing the GC has to trace. Made on the first decision (many runs make none
   * or a few: an off-heap buffer made per run was about 5% of the setup of a faulted run).
   */
  private buf = EMPTY;
  private n = 0;

  /** The flat numbers, four per decision (a copy). */
  get data(): number[] {
    return Array.from(this.buf.subarray(0, this.n));
  }

  get length(): number {
    return this.n >> 2;
  }

  record(step: number, kind: DecisionKind, options: number, choice: number): void {
    let b = this.buf;
    const j = this.n;
    if (j + 4 > b.length) {
      const grown = new Float64Array(Math.max(64, b.length * 2));
      grown.set(b);
      this.buf = b = grown;
    }
    b[j] = step;
    b[j + 1] = kind;
    b[j + 2] = options;
    b[j + 3] = choice;
    this.n = j + 4;
  }

  at(i: number): Decision {
    const d = this.buf;
    const j = i << 2;
    return { step: d[j]!, kind: DECISION_KIND_NAMES[d[j + 1]!]!, options: d[j + 2]!, choice: d[j + 3]! };
  }

  toArray(): Decision[] {
    const out: Decision[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }
}
