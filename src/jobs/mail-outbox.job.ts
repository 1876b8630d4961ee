import type { AppContext } from '../app/context.js';
import { smtpSender, type MailSender } from '../notifications/mailer.js';
import type { Job } from './scheduler.js';
import { dueMail, markMailFailed, markMailSent } from './job.repository.js';

const BATCH = 50;
const BACKOFF_MINUTES = [1, 5, 15, 60, 240, 720];

/** Sends queued e-mail with retries and backoff; a message that keeps failing stays queued with its last error. */
export function mailOutboxJob(sender?: MailSender): Job {
  let cached: MailSender | undefined = sender;
  return {
    name: 'mail-outbox',
    everyMs: 60_000,
    async run(ctx: AppContext, now: Date) {
      if (!cached) {
        if (!ctx.config.mail.smtpUrl) return;
        cached = smtpSender(ctx.config.mail.smtpUrl, ctx.config.mail.from);
      }
      const due = await dueMail(ctx.db.kysely, now.toISOString(), BATCH);
      let sent = 0;
      for (const m of due) {
        try {
          await cached.send({ to: m.to_address, subject: m.subject, text: m.body });
          await markMailSent(ctx.db.kysely, m.id, m.attempts + 1, now.toISOString());
          sent++;
        } catch (e) {
          const wait = BACKOFF_MINUTES[Math.min(m.attempts, BACKOFF_MINUTES.length - 1)]!;
          const error = e instanceof Error ? e.message.slice(0, 500) : String(e);
          await markMailFailed(
            ctx.db.kysely,
            m.id,
            m.attempts + 1,
            error,
            new Date(now.getTime() + wait * 60_000).toISOString(),
          );
        }
      }
      return due.length ? `mail: ${sent}/${due.length} sent` : undefined;
    },
  };
}
