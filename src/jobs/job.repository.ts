import type { Executor } from '../db/database.js';
import type { Insertable, Selectable } from 'kysely';
import type { AlertTable, MailOutboxTable } from '../workflow/workflow.table.js';

// The scheduler's own tables (job_runs, alerts) and the mail outbox (queued by notifications, swept by its job).

/** Claims a job's time slot; throws a unique violation when another instance has it. */
export async function claimSlot(
  db: Executor,
  run: { job: string; slot: string; instance: string; startedAt: string },
): Promise<void> {
  await db
    .insertInto('job_runs')
    .values({
      job: run.job,
      slot: run.slot,
      instance: run.instance,
      started_at: run.startedAt,
      finished_at: null,
      error: null,
    })
    .execute();
}

export async function finishSlot(
  db: Executor,
  job: string,
  slot: string,
  finishedAt: string,
  error: string | null,
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ finished_at: finishedAt, error })
    .where('job', '=', job)
    .where('slot', '=', slot)
    .execute();
}

/** Forgets slots started before `before`. */
export async function pruneSlots(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('job_runs').where('started_at', '<', before).execute();
}

export async function insertAlert(db: Executor, row: Insertable<AlertTable>): Promise<void> {
  await db.insertInto('alerts').values(row).execute();
}

/** Queued e-mail whose next attempt is due, oldest first, at most `limit`. */
export function dueMail(db: Executor, now: string, limit: number): Promise<Array<Selectable<MailOutboxTable>>> {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', now)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

export async function markMailSent(db: Executor, id: string, attempts: number, at: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ sent_at: at, attempts, last_error: null }).where('id', '=', id).execute();
}

export async function markMailFailed(
  db: Executor,
  id: string,
  attempts: number,
  error: string,
  nextAttemptAt: string,
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ attempts, last_error: error, next_attempt_at: nextAttemptAt })
    .where('id', '=', id)
    .execute();
}

/** Queues e-mails for the mail-outbox job. */
export async function queueMail(db: Executor, rows: readonly MailOutboxTable[]): Promise<void> {
  if (rows.length)
    await db
      .insertInto('mail_outbox')
      .values([...rows])
      .execute();
}
