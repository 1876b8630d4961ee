import type { Executor } from '../db/database.js';
import { newId } from '../shared/ids.js';
import { queueMail } from '../jobs/job.repository.js';
import { alreadyNotified, insertNotifications, recipients } from './workflow.repository.js';

export interface NotificationSpec {
  kind:
    | 'returned'
    | 'submitted'
    | 'verified'
    | 'published'
    | 'deadline_near'
    | 'overdue'
    | 'unit_review'
    | 'publish_failed'
    | 'obligation'
    | 'explanation'
    // issue 15: broken links, spot checks
    | 'link'
    | 'spot_check'
    | 'campaign';
  title: string;
  body?: string;
  link?: string;
  /** Same key for the same user is delivered once. */
  dedupeKey?: string;
}

/**
 * Writes in-app notifications (and queues e-mail for accounts that have an address) in the caller's
 * transaction: a notification exists exactly when the change that caused it committed.
 */
export async function notifyRoles(
  db: Executor,
  now: string,
  roles: readonly string[],
  unitId: string | null | undefined,
  spec: NotificationSpec,
  mail: boolean,
): Promise<number> {
  let people = await recipients(db, roles, unitId);
  if (spec.dedupeKey && people.length) {
    const done = await alreadyNotified(
      db,
      spec.dedupeKey,
      people.map((p) => p.id),
    );
    people = people.filter((p) => !done.has(p.id));
  }
  await insertNotifications(
    db,
    people.map((p) => ({
      id: newId(),
      user_id: p.id,
      kind: spec.kind,
      title: spec.title,
      body: spec.body ?? null,
      link: spec.link ?? null,
      dedupe_key: spec.dedupeKey ?? null,
      created_at: now,
      read_at: null,
    })),
  );
  if (mail) {
    const addresses = people.map((p) => p.email).filter((e): e is string => !!e);
    await queueMail(
      db,
      addresses.map((to) => ({
        id: newId(),
        to_address: to,
        subject: `【事项通】${spec.title}`,
        body: [spec.body ?? '', spec.link ? `链接：${spec.link}` : ''].filter(Boolean).join('\n\n'),
        attempts: 0,
        next_attempt_at: now,
        sent_at: null,
        last_error: null,
        created_at: now,
      })),
    );
  }
  return people.length;
}
