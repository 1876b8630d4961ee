import { addDays } from '../calendar/dates.js';
import type { Job } from '../jobs/scheduler.js';
import { chinaDate } from '../shared/clock.js';
import { notifyRoles } from '../workflow/notify.js';
import { pendingByUnitDueBy } from './campaign.queries.js';

/** Days before a campaign's due date from which units with unanswered items are reminded (daily, once a day). */
export const REMIND_DAYS = 3;

export const campaignReminderJob: Job = {
  name: 'campaign-reminders',
  everyMs: 24 * 3600_000,
  async run(ctx, now) {
    const today = chinaDate(now);
    const rows = await pendingByUnitDueBy(ctx.db.kysely, addDays(today, REMIND_DAYS));
    for (const r of rows) {
      await notifyRoles(
        ctx.db.kysely,
        now.toISOString(),
        ['unit_clerk'],
        r.unit_id,
        {
          kind: 'campaign',
          title: `目录清理即将截止：${r.title}（${r.due_on}），本单位还有 ${Number(r.n)} 项未处理`,
          link: `/console/campaigns/${r.id}`,
          dedupeKey: `campaign-remind:${r.id}:${today}`,
        },
        !!ctx.config.mail.smtpUrl,
      );
    }
    return rows.length ? `campaign reminders: ${rows.length} units` : undefined;
  },
};
