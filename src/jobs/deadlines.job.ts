import type { AppContext } from '../app/context.js';
import { loadCalendar } from '../calendar/calendar.service.js';
import { chinaDate } from '../shared/clock.js';
import { deadlineStatus } from '../workflow/deadline.js';
import { notifyRoles } from '../workflow/notify.js';
import type { Job } from './scheduler.js';
import { openDeadlines } from './jobs.queries.js';

/**
 * Recomputes where every open change request, obligation and explanation request (Art. 21) stands on today's calendar and notifies:
 * the unit's clerks when one working day or less is left (once per day), clerks and the bureau's
 * supervisors once when it becomes overdue (Art. 19, 23).
 */
export const deadlinesJob: Job = {
  name: 'deadlines',
  everyMs: 15 * 60_000,
  async run(ctx: AppContext, now: Date) {
    const db = ctx.db.kysely;
    const today = chinaDate(now);
    const cal = await loadCalendar(ctx.db);
    const mail = !!ctx.config.mail.smtpUrl;
    const open = await openDeadlines(db);
    let near = 0;
    let overdue = 0;
    const stamp = now.toISOString();
    for (const r of open) {
      const s = deadlineStatus(cal, today, r.due_on);
      const title = `${r.what}${s.overdue ? '已超期' : '即将到期'}：${r.name ?? ''}（期限 ${r.due_on}）`;
      if (s.overdue) {
        overdue += Number(
          (await notifyRoles(
            db,
            stamp,
            ['unit_clerk', 'unit_reviewer'],
            r.unit_id,
            { kind: 'overdue', title, link: r.link, dedupeKey: `overdue:${r.id}` },
            mail,
          )) > 0,
        );
        await notifyRoles(
          db,
          stamp,
          ['supervisor'],
          undefined,
          { kind: 'overdue', title, link: '/console/supervision', dedupeKey: `overdue:${r.id}` },
          false,
        );
      } else if (s.remaining !== null && s.remaining <= 1) {
        near += Number(
          (await notifyRoles(
            db,
            stamp,
            ['unit_clerk'],
            r.unit_id,
            { kind: 'deadline_near', title, link: r.link, dedupeKey: `near:${r.id}:${today}` },
            mail,
          )) > 0,
        );
      }
    }
    return near || overdue ? `deadlines: ${near} near, ${overdue} overdue notified` : undefined;
  },
};
