import { hostname } from 'node:os';
import type { AppContext } from '../app/context.js';
import { isUniqueViolation } from '../db/db-errors.js';
import { metricsOf } from '../observability/metrics.js';
import { claimSlot, finishSlot } from './job.repository.js';

/**
 * A periodic job: name, period, and what one run does. Runs must be idempotent (a crashed run's work
 * is picked up by the next slot) and bounded (a sweep takes at most N rows per run). A sweep that can
 * take long (the link check over every published guide) stops between rows once `signal` is aborted:
 * the process is shutting down, and waits for the runs in progress.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(ctx: AppContext, now: Date, signal?: AbortSignal): Promise<string | void>;
}

const INSTANCE = `${hostname()}:${process.pid}`;

/**
 * Claims the job's time slot by inserting (job, slot): with several instances on PostgreSQL exactly one
 * insert wins the primary key, so each slot runs once in the cluster; on SQLite there is one instance.
 * Returns false when another instance has the slot.
 */
export async function runSlot(ctx: AppContext, job: Job, now: Date, signal?: AbortSignal): Promise<boolean> {
  const slot = new Date(Math.floor(now.getTime() / job.everyMs) * job.everyMs).toISOString();
  try {
    await claimSlot(ctx.db.kysely, { job: job.name, slot, instance: INSTANCE, startedAt: now.toISOString() });
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
  let error: string | null = null;
  const stopTimer = metricsOf(ctx).jobDuration.startTimer({ job: job.name });
  try {
    const note = await job.run(ctx, now, signal);
    if (note) ctx.log.info({ job: job.name, slot }, note);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    ctx.log.error({ err: e, job: job.name, slot }, 'job failed');
  }
  stopTimer();
  metricsOf(ctx).jobRuns.inc({ job: job.name, outcome: error === null ? 'ok' : 'failed' });
  await finishSlot(ctx.db.kysely, job.name, slot, ctx.clock.now().toISOString(), error);
  return true;
}

/** Starts every job on its period in this process; returns a function that stops them. */
export function startScheduler(ctx: AppContext, jobs: readonly Job[]): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  for (const job of jobs) {
    const tick = () => {
      const p = runSlot(ctx, job, ctx.clock.now(), stopping.signal).catch((err) =>
        ctx.log.error({ err, job: job.name }, 'job slot failed'),
      );
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    timers.push(setInterval(tick, Math.min(job.everyMs, 60_000)));
    setImmediate(tick);
  }
  return async () => {
    for (const t of timers) clearInterval(t);
    stopping.abort();
    await Promise.allSettled([...running]);
  };
}
