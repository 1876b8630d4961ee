import type { AppContext } from './context.js';
import { buildApp } from '../http/app.js';
import type { App, AppState } from '../http/app-type.js';
import { startCheckpoints } from '../audit/checkpoint.js';
import { JOBS } from '../jobs/index.js';
import { startScheduler } from '../jobs/scheduler.js';

export interface RunningServer {
  app: App;
  url: string;
  /** Stops accepting requests, drains in-flight ones, stops jobs and closes the database. */
  stop(): Promise<void>;
}

/** Listens on the configured address; installs SIGTERM/SIGINT handlers that drain and exit 0. */
export async function startServer(
  ctx: AppContext,
  opts: { handleSignals?: boolean; port?: number } = {},
): Promise<RunningServer> {
  const state: AppState = { ready: false };
  const app = await buildApp(ctx, state);
  await app.listen({ host: ctx.config.http.host, port: opts.port ?? ctx.config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : ctx.config.http.port;
  const host = ctx.config.http.host === '0.0.0.0' || ctx.config.http.host === '::' ? 'localhost' : ctx.config.http.host;
  state.ready = true;
  const stopJobs = ctx.config.runJobs ? startScheduler(ctx, JOBS) : async () => {};
  const stopCheckpoints = startCheckpoints(ctx);

  const closeHttp = async () => {
    // Fastify closes the idle keep-alive connections once, when closing starts; a connection busy then turns idle
    // when its answer is sent and would hold the close for the 72 s keep-alive timeout: swept until closed.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    try {
      await app.close();
    } finally {
      clearInterval(sweep);
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      state.ready = false;
      // Requests in flight finish; a long job sweep stops between rows (its slot is closed).
      await Promise.all([stopJobs(), closeHttp()]);
      await stopCheckpoints(); // the shutdown checkpoint: the audit trail's head after the last request
      await ctx.db.close();
    })());

  if (opts.handleSignals) {
    const onSignal = (signal: string) => {
      ctx.log.info({ signal }, 'shutting down: draining requests');
      stop().then(
        () => process.exit(0),
        (err) => {
          ctx.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, url: `http://${host}:${port}`, stop };
}
