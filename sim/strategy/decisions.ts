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

export class DecisionLog {
  /** step, kind, options, choice; four numbers per decision. */
  readonly data: number[] = [];

  get length(): number {
    return this.data.length >> 2;
  }

  record(step: number, kind: DecisionKind, options: number, choice: number): void {
    this.data.push(step, kind, options, choice);
  }

  at(i: number): Decision {
    const d = this.data;
    const j = i << 2;
    return { step: d[j]!, kind: DECISION_KIND_NAMES[d[j + 1]!]!, options: d[j + 2]!, choice: d[j + 3]! };
  }

  toArray(): Decision[] {
    const out: Decision[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }
}
