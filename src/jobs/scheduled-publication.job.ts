import type { AppContext } from '../app/context.js';
import { inTransaction } from '../app/use-case.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { newId } from '../shared/ids.js';
import { transition } from '../workflow/transition.service.js';
import { notifyRoles } from '../workflow/notify.js';
import type { Job } from './scheduler.js';
import { insertAlert } from './job.repository.js';
import { duePublications } from './jobs.queries.js';

/**
 * Publishes versions whose 生效日期 has come. A publication that fails is not retried silently: it raises an
 * alert, is audited (`item.publish_failed`) and the publishers are notified; the version stays scheduled.
 */
export const scheduledPublicationJob: Job = {
  name: 'scheduled-publication',
  everyMs: 60_000,
  async run(ctx: AppContext, now: Date) {
    const due = await duePublications(ctx.db.kysely, now.toISOString());
    let published = 0;
    for (const d of due) {
      const uc = { app: ctx, actor: SYSTEM_ACTOR, meta: { userAgent: 'scheduler' } };
      try {
        await transition(uc, d.item_id, 'publish_scheduled');
        published++;
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        await inTransaction(uc, async (trx, audit) => {
          const stamp = now.toISOString();
          await insertAlert(trx, {
            id: newId(),
            kind: 'publish_failed',
            message: `定时发布失败：${d.name}（${reason}）`,
            target_type: 'item',
            target_id: d.item_id,
            created_at: stamp,
            resolved_at: null,
          });
          await audit({
            action: 'item.publish_failed',
            result: 'failure',
            reason: reason.slice(0, 200),
            target: { type: 'item', id: d.item_id },
          });
          await notifyRoles(
            trx,
            stamp,
            ['publisher'],
            undefined,
            {
              kind: 'publish_failed',
              title: `定时发布失败：${d.name}`,
              body: reason,
              link: `/console/items/${d.item_id}`,
              dedupeKey: `publish_failed:${d.version_id}`,
            },
            !!ctx.config.mail.smtpUrl,
          );
        });
      }
    }
    return due.length ? `scheduled publication: ${published}/${due.length}` : undefined;
  },
};
