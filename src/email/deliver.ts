import type pg from 'pg'
import type { LimitFunction } from 'p-limit'
import type { Config } from '../config.ts'
import { emailContext } from './context.ts'
import { defaultTemplates } from './default-templates.ts'
import { loadDeliveryBatch, type DeliveryFacts, type LinkUrlFor } from './delivery-facts.ts'
import { calendarAttachment } from './calendar-attachment.ts'
import { kindPolicies } from './kinds.ts'
import { recordFailure, recordSkipped } from './ledger.ts'
import type { RecordSent } from './sent-recorder.ts'
import { renderEmail } from './render.ts'
import { classifySendError, replyCode, type SendFailure } from './smtp-failure.ts'
import type { MailTransport } from './transport.ts'

export interface DeliveryDependencies {
  pool: pg.Pool
  transport: MailTransport
  /**
   * Bounds the sends in flight in this process (EMAIL_SEND_CONCURRENCY),
   * across all batches: each holds its message in memory, and the bound is
   * also the most a killed worker can send twice.
   */
  sendLimit: LimitFunction
  /** Records a sent e-mail; resolves once it has committed (see sent-recorder.ts). */
  recordSent: RecordSent
  config: Pick<Config, 'MAIL_FROM' | 'COMPANY_NAME' | 'PUBLIC_URL'>
  /** A scheduling link's URL from its id (the worker holds the signing key). */
  linkUrlFor: LinkUrlFor
}

export type Outcome = 'sent' | 'skipped' | 'failed' | 'retrying'

export interface BatchResult {
  /** Notifications of the batch that were owed and claimed by this job; the rest were settled already or held by another job. */
  claimed: number
  sent: number
  skipped: number
  failed: number
  retrying: number
}

/** Thrown when some e-mails of a batch failed transiently and are owed a retry (BullMQ retries the job with backoff). */
export class TransientDeliveryFailure extends Error {
  override name = 'TransientDeliveryFailure'
  constructor(readonly result: BatchResult) {
    super(`${result.retrying} of ${result.claimed} e-mails failed transiently and will be retried`)
  }
}

/**
 * Sends a batch: claims the notifications still owed (one statement), sends
 * each within the process-wide limit, and records each outcome as soon as it
 * is known, so a crash loses at most the records of sends in flight. A
 * notification the ledger says was sent already, by this job's earlier run or
 * any other, is not claimed, so a re-delivered job never sends it again. The
 * window for a duplicate is between the SMTP server accepting a message and
 * its SENT record committing: a process killed there sends that message again
 * when the job is retried, so duplicates are bounded by the sends in flight
 * (EMAIL_SEND_CONCURRENCY per killed worker) and carry the same Message-ID.
 * `lastAttempt` says whether a transient failure still gets a retry.
 */
export async function deliverBatch(deps: DeliveryDependencies, notificationIds: string[], claimant: string, lastAttempt: boolean): Promise<BatchResult> {
  const owed = await loadDeliveryBatch(deps.pool, notificationIds, claimant, deps.linkUrlFor)
  // allSettled, not all: an unexpected error on one e-mail (a template that
  // cannot render) must not end the job while others are still being sent. The
  // job's last-attempt handler fails whatever is still claimed, and a send that
  // finished after it would stay FAILED and go out again on a retry.
  const settled = await Promise.allSettled(owed.map((n) => deps.sendLimit(() => deliverOne(deps, n, lastAttempt))))
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failure) throw failure.reason
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<Outcome>).value)
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length
  const result = { claimed: owed.length, sent: count('sent'), skipped: count('skipped'), failed: count('failed'), retrying: count('retrying') }
  if (result.retrying) throw new TransientDeliveryFailure(result)
  return result
}

async function deliverOne(deps: DeliveryDependencies, n: DeliveryFacts, lastAttempt: boolean): Promise<Outcome> {
  const skip = whyNotSend(n)
  if (skip) {
    await recordSkipped(deps.pool, n.id, skip)
    return 'skipped'
  }
  const email = renderEmail(n.kind, n.override ?? defaultTemplates[n.kind], emailContext(n.facts, deps.config))
  const to = n.toAddress!
  const icalEvent = calendarAttachment(n, email.subject, deps.config)
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
      ...(icalEvent ? { icalEvent } : {}),
    })
  } catch (error) {
    const failure: SendFailure = classifySendError(error)
    const final = failure.permanent || lastAttempt
    await recordFailure(deps.pool, n.id, { ...failure, final, toAddress: to, subject: email.subject })
    return final ? 'failed' : 'retrying'
  }
  await deps.recordSent({ notificationId: n.id, smtpCode: replyCode(info.response), response: info.response?.slice(0, 500) ?? null, toAddress: to, subject: email.subject })
  return 'sent'
}

/** Why an owed e-mail is not sent after all, checked at the last moment. */
function whyNotSend(n: DeliveryFacts): string | null {
  const policy = kindPolicies[n.kind]
  if (policy.audience === 'candidate') {
    if (n.candidateErased) return 'candidate erased'
    if (n.addressErased) return 'address erased at its owner\'s request'
    if (policy.optional && n.candidateOptedOut) return 'candidate opted out of optional e-mail'
  } else if (!n.recipientActive) {
    return 'recipient deactivated'
  }
  // A rejection waits out the job's delay so a mistake can be undone unseen.
  if (n.kind === 'REJECTION' && n.applicationStatus !== 'REJECTED') return 'application no longer rejected'
  // An invitation, update or reminder overtaken by a later change is not sent: the e-mail about that change is.
  if (n.calendar && policy.supersedable) {
    if (n.calendar.sequence !== n.calendar.currentSequence) return 'superseded by a later change to the interview'
    if (n.calendar.status !== 'SCHEDULED') return 'interview no longer scheduled'
  }
  if (!n.toAddress) return 'no e-mail address'
  return null
}
