/** The worker entry of a seed sweep (tinypool): runs one task. */
import { runTask, type SweepTask, type TaskResult } from './sweep-task.js';

export default function work(task: SweepTask): Promise<TaskResult> {
  return runTask(task);
}
