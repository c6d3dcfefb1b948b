import nodemailer, { type Transporter } from 'nodemailer'
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js'
import type { Config } from '../config.ts'

export type MailTransport = Transporter<SMTPPool.SentMessageInfo>

/**
 * One pooled SMTP transport per worker process, reused for every e-mail: a
 * connection per message would spend more on TCP and the SMTP greeting than
 * on the message. The pool's size caps the SMTP connections; how many e-mails
 * are built at once is the worker's concurrency (each in-flight sendMail holds
 * its message in memory). Timeouts are bounded so a stalled server fails the
 * attempt, which is then retried, instead of holding the job forever.
 */
export function createMailTransport(config: Pick<Config, 'SMTP_URL' | 'SMTP_POOL_CONNECTIONS'>): MailTransport {
  return nodemailer.createTransport({
    url: config.SMTP_URL,
    pool: true,
    maxConnections: config.SMTP_POOL_CONNECTIONS,
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  } as SMTPPool.Options)
}

/** The address part of MAIL_FROM: Message-IDs are minted under its domain. */
export function senderDomain(mailFrom: string): string {
  const match = /@([^@\s>]+)>?\s*$/.exec(mailFrom)
  return match?.[1] ?? 'shortlist.localhost'
}

/** MAIL_FROM as a name and an address ("Shortlist <no-reply@x>" or a bare address), for a calendar file's organizer. */
export function parseAddress(mailFrom: string, fallbackName: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailFrom)
  if (match) return { name: match[1]?.trim() || fallbackName, email: match[2]! }
  return { name: fallbackName, email: mailFrom.trim() }
}
