import { parentPort, workerData } from 'node:worker_threads';
import { checkBatch, countBatch, type WorkerReply, type WorkerSetup, type WorkerTask } from './check-lines.js';

/** Entry of a `shixiang check` worker thread: checks the batches its command sends (check-lines.ts). */
const setup: WorkerSetup = workerData;
let handlingCounts = new Map<string, number>();

parentPort!.on('message', (task: WorkerTask) => {
  if (task.kind === 'counts') {
    handlingCounts = task.counts;
    return;
  }
  let reply: WorkerReply;
  try {
    reply =
      task.kind === 'count'
        ? { id: task.id, counted: countBatch(setup.file, task.lines) }
        : { id: task.id, checked: checkBatch(task.lines, handlingCounts, setup.context, setup.json) };
  } catch (e) {
    reply = { id: task.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
