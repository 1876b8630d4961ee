import type { AppContext } from '../app/context.js';
import { inTransaction } from '../app/use-case.js';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import type { Job } from '../jobs/scheduler.js';
import { eraseRequesterData, requestsWithExpiredContact } from './explanation.repository.js';

/** Requests erased per run at most (bounded; a backlog is worked off over the following days). */
const MAX_PER_RUN = 5_000;
const CHUNK = 500;

/**
 * DATA-03: a requester's name and contact are needed to answer, not to keep. `EXPLANATION_RETENTION_DAYS`
 * (default 730) after a request was answered, both are erased: the ciphertext itself is removed (the columns
 * set to NULL, so nothing is left to decrypt even with the key), `contact_erased_at` records when. The
 * question, the answer and the FAQ decision stay (they are the public record of Art. 21). Open requests are
 * never touched. Each run appends one audit record with the count, also when it is 0 (the purge is seen to run).
 */
export async function eraseExpiredRequesterData(
  app: AppContext,
  now: Date,
): Promise<{ erased: number; answeredBefore: string }> {
  const days = app.config.explanationRetentionDays;
  const answeredBefore = new Date(now.getTime() - days * 86_400_000).toISOString();
  const stamp = now.toISOString();
  return inTransaction(
    { app, actor: SYSTEM_ACTOR, meta: { userAgent: 'explanation-retention' } },
    async (trx, audit) => {
      const due = await requestsWithExpiredContact(trx, answeredBefore, MAX_PER_RUN);
      let erased = 0;
      for (let i = 0; i < due.length; i += CHUNK)
        erased += await eraseRequesterData(trx, due.slice(i, i + CHUNK), answeredBefore, stamp);
      await audit({
        action: 'explanation.contacts_erased',
        details: { count: erased, retentionDays: days, answeredBefore, more: due.length === MAX_PER_RUN },
      });
      return { erased, answeredBefore };
    },
  );
}

/** Once a day, on one instance of the cluster. */
export const explanationRetentionJob: Job = {
  name: 'explanation-retention',
  everyMs: 24 * 3_600_000,
  async run(ctx, now) {
    const { erased } = await eraseExpiredRequesterData(ctx, now);
    return erased ? `explanation retention: name and contact erased from ${erased} answered requests` : undefined;
  },
};
