import nodemailer from 'nodemailer';

/** The e-mail channel, behind an interface so tests and other transports can stand in. */
export interface MailSender {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** SMTP (smtp:// or smtps:// URL with credentials) via nodemailer. */
export function smtpSender(url: string, from: string): MailSender {
  // Bounded waits: a server that accepts and then stalls costs the mail job seconds, not nodemailer's
  // default minutes per message (the queue keeps the message and retries with backoff).
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}
