import type pg from 'pg'
import type { Config } from '../config.ts'
import { emailContext } from './context.ts'
import { defaultTemplates } from './default-templates.ts'
import { loadDeliveryFacts, type DeliveryFacts } from './delivery-facts.ts'
import { kindPolicies } from './kinds.ts'
import { recordFailure, recordSent, recordSkipped } from './ledger.ts'
import { renderEmail } from './render.ts'
import { classifySendError, replyCode, type SendFailure } from './smtp-failure.ts'
import type { MailTransport } from './transport.ts'

export interface DeliveryDependencies {
  pool: pg.Pool
  transport: MailTransport
  config: Pick<Config, 'MAIL_FROM' | 'COMPANY_NAME' | 'PUBLIC_URL'>
}

export type DeliveryResult =
  | { outcome: 'sent' }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'settled'; status: string } // sent, failed or cancelled before: nothing to do
  | { outcome: 'missing' }

/** A send that failed; `failure.permanent` or a last attempt means the notification is now FAILED. */
export class DeliveryFailed extends Error {
  override name = 'DeliveryFailed'
  constructor(readonly failure: SendFailure) {
    super(`${failure.permanent ? 'permanent' : 'transient'} SMTP failure${failure.smtpCode ? ` (${failure.smtpCode})` : ''}`)
  }
}

/**
 * Sends one notification if the ledger says it is still owed, and records the
 * outcome. Called once per job attempt; `lastAttempt` says whether a transient
 * failure ends it. Throws DeliveryFailed on a failed send (the caller retries
 * transient ones). The window for a duplicate is between the SMTP server
 * accepting the message and the SENT record committing: a process killed
 * there sends that message again when its job is retried, so duplicates are
 * bounded by the sends in flight (the worker's concurrency), and carry the
 * same Message-ID for the receiving side to recognise.
 */
export async function deliverNotification(deps: DeliveryDependencies, notificationId: string, lastAttempt: boolean): Promise<DeliveryResult> {
  const n = await loadDeliveryFacts(deps.pool, notificationId)
  // The row is written in the same transaction that queues the job, so a job
  // without one comes from a rolled-back dispatch: nothing is owed.
  if (!n) return { outcome: 'missing' }
  if (n.status !== 'PENDING') return { outcome: 'settled', status: n.status }

  const skip = whyNotSend(n)
  if (skip) {
    await recordSkipped(deps.pool, n.id, skip)
    return { outcome: 'skipped', reason: skip }
  }
  const email = renderEmail(n.kind, n.override ?? defaultTemplates[n.kind], emailContext(n.facts, deps.config))
  const to = n.toAddress!
  let info: { response?: string }
  try {
    info = await deps.transport.sendMail({
      from: deps.config.MAIL_FROM,
      to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: n.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Shortlist-Notification': n.id },
    })
  } catch (error) {
    const failure = classifySendError(error)
    await recordFailure(deps.pool, n.id, { ...failure, final: failure.permanent || lastAttempt })
    throw new DeliveryFailed(failure)
  }
  await recordSent(deps.pool, n.id, { smtpCode: replyCode(info.response), response: info.response?.slice(0, 500) ?? null, toAddress: to, subject: email.subject })
  return { outcome: 'sent' }
}

/** Why an owed e-mail is not sent after all, checked at the last moment. */
function whyNotSend(n: DeliveryFacts): string | null {
  const policy = kindPolicies[n.kind]
  if (policy.audience === 'candidate') {
    if (n.candidateErased) return 'candidate erased'
    if (policy.optional && n.candidateOptedOut) return 'candidate opted out of optional e-mail'
  } else if (!n.recipientActive) {
    return 'recipient deactivated'
  }
  // A rejection waits out the job's delay so a mistake can be undone unseen.
  if (n.kind === 'REJECTION' && n.applicationStatus !== 'REJECTED') return 'application no longer rejected'
  if (!n.toAddress) return 'no e-mail address'
  return null
}
