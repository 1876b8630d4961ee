import type { AppContext } from '../app/context.js';
import { smtpSender, type MailSender } from '../notifications/mailer.js';
import type { Job } from './scheduler.js';

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
      const due = await ctx.db.kysely.selectFrom('mail_outbox').selectAll().where('sent_at', 'is', null).where('next_attempt_at', '<=', now.toISOString()).orderBy('created_at').limit(BATCH).execute();
      let sent = 0;
      for (const m of due) {
        try {
          await cached.send({ to: m.to_address, subject: m.subject, text: m.body });
          await ctx.db.kysely.updateTable('mail_outbox').set({ sent_at: now.toISOString(), attempts: m.attempts + 1, last_error: null }).where('id', '=', m.id).execute();
          sent++;
        } catch (e) {
          const wait = BACKOFF_MINUTES[Math.min(m.attempts, BACKOFF_MINUTES.length - 1)]!;
          await ctx.db.kysely.updateTable('mail_outbox').set({
            attempts: m.attempts + 1, last_error: e instanceof Error ? e.message.slice(0, 500) : String(e),
            next_attempt_at: new Date(now.getTime() + wait * 60_000).toISOString(),
          }).where('id', '=', m.id).execute();
        }
      }
      return due.length ? `mail: ${sent}/${due.length} sent` : undefined;
    },
  };
}
