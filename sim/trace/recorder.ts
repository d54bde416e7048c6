/**
 * The trace recorder: the simulator's Tracer. Stamps each event with the step and virtual
 * time at which it happened. Recording can be turned off (`enabled = false`) for speed; then
 * the runtime builds no events at all.
 */
import type { TraceEvent, Tracer } from '../../src/index.js';

export class Recorder implements Tracer {
  readonly events: TraceEvent[] = [];
  step = 0;
  time = 0;

  constructor(public enabled: boolean) {}

  emit(e: TraceEvent): void {
    e.step = this.step;
    e.time = this.time;
    this.events.push(e);
  }
}
