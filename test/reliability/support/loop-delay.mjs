// Preloaded into a server process by the load test (`node --import`): once a second it writes the event loop's
// largest delay of that second as a JSON line. On SQLite a request runs synchronously from start to end, so a
// stalled loop does not show in any request's own time; this line does.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
setInterval(() => {
  process.stderr.write(`${JSON.stringify({ msg: 'event loop delay', maxMs: Math.round(delay.max / 1e6) })}\n`);
  delay.reset();
}, 1000).unref();
