/**
 * The trace recorder: the simulator's Tracer. Stamps each event with the step and virtual
 * time at which it happened. Recording can be turned off (`enabled = false`) for speed; then
 * the runtime builds no events at all.
 *
 * Hot event sites (send, receive) build their events with `step: 0, time: 0` already in
 * place: stamping then writes in-object, where adding two properties to an event would give
 * it a second object (its out-of-object property store) for the GC to copy.
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
