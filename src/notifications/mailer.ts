import nodemailer from 'nodemailer';

/** The e-mail channel, behind an interface so tests and other transports can stand in. */
export interface MailSender {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** SMTP (smtp:// or smtps:// URL with credentials) via nodemailer. */
export function smtpSender(url: string, from: string): MailSender {
  const transport = nodemailer.createTransport(url);
  return {
    async send({ to, subject, text }) {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}
