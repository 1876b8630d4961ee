import type { AppContext } from '../app/context.js';
import { deleteExpiredSessions } from '../accounts/account.repository.js';
import { disableDormantAccounts } from '../accounts/account.service.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { readSecuritySettings } from '../accounts/security-settings.js';
import { pruneRateLimits } from '../security/rate-limit.js';
import type { Job } from './scheduler.js';
import { pruneSlots } from './job.repository.js';

/** Removes what has expired: sessions past their limits, dormant accounts (disabled), old rate-limit windows and job slots. */
export const housekeepingJob: Job = {
  name: 'housekeeping',
  everyMs: 60 * 60_000,
  async run(ctx: AppContext, now: Date) {
    const settings = await readSecuritySettings(ctx.db.kysely);
    const idleBefore = new Date(
      now.getTime() - Math.max(settings.session.idleMinutes, settings.session.adminIdleMinutes) * 60_000,
    ).toISOString();
    const sessions = await deleteExpiredSessions(ctx.db.kysely, now.toISOString(), idleBefore);
    await pruneRateLimits(ctx.db.kysely, new Date(now.getTime() - 24 * 3_600_000));
    const dormant = await disableDormantAccounts({
      app: ctx,
      actor: SYSTEM_ACTOR,
      meta: { userAgent: 'housekeeping' },
    });
    await pruneSlots(ctx.db.kysely, new Date(now.getTime() - 7 * 86_400_000).toISOString());
    return sessions || dormant
      ? `housekeeping: ${sessions} expired sessions removed, ${dormant} dormant accounts disabled`
      : undefined;
  },
};
