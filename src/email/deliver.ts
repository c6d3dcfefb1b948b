import type pg from 'pg'
import type { LimitFunction } from 'p-limit'
import type { Config } from '../config.ts'
import { emailContext } from './context.ts'
import { defaultTemplates } from './default-templates.ts'
import { loadDeliveryBatch, type DeliveryFacts, type LinkUrlFor } from './delivery-facts.ts'
import { calendarAttachment } from './calendar-attachment.ts'
import { kindPolicies } from './kinds.ts'
import { recordFailure, recordSkipped } from './ledger.ts'
import { isTakeover } from './send-job-claim.ts'
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
  /** EMAIL_REQUEUE_AFTER_MS and JOB_LOCK_MS: a batch's claim is trusted without a check for half the shorter (see claimHold). */
  config: Pick<Config, 'MAIL_FROM' | 'COMPANY_NAME' | 'PUBLIC_URL' | 'EMAIL_REQUEUE_AFTER_MS' | 'JOB_LOCK_MS'>
  /** A scheduling link's URL from its id (the worker holds the signing key). */
  linkUrlFor: LinkUrlFor
}

/** 'handedOver': no longer this job's to send (another job holds it now, or it was settled meanwhile): neither sent nor recorded here. */
export type Outcome = 'sent' | 'skipped' | 'failed' | 'retrying' | 'handedOver'

export interface BatchResult {
  /** Notifications of the batch that were owed and claimed by this job; the rest were settled already or held by another job. */
  claimed: number
  sent: number
  skipped: number
  failed: number
  retrying: number
  /** Claimed at first, then taken over by another job (or settled by one) before this job sent them. */
  handedOver: number
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
 *
 * A send goes out only while the claim is still this run's: a job Redis lost
 * (or that finished) has its rows handed to another job once they are left
 * untouched for EMAIL_REQUEUE_AFTER_MS (requeue-lost-jobs.ts), and a job
 * BullMQ starts again while this run still goes on (its worker lost Redis for
 * longer than JOB_LOCK_MS) takes them over at once. Claiming the rows stamps
 * them, so for half the shorter of the two nothing can take them unnoticed and
 * sends need no check; a send that starts later first renews the hold, one
 * statement for the whole batch (see claimHold), and leaves what is no longer
 * its own. That bound is also how long a send may go out after its candidate's
 * erasure cancelled it: about 15 s by default.
 * A takeover job (its claim says so: isTakeover) took over rows handed back
 * from another job, which may still be sending some of them, so every send
 * checks first (and skips a row the old run has recorded sent meanwhile).
 */
export async function deliverBatch(
  deps: DeliveryDependencies,
  notificationIds: string[],
  claimant: string,
  lastAttempt: boolean,
): Promise<BatchResult> {
  const trustedFor = isTakeover(claimant) ? 0 : Math.min(deps.config.EMAIL_REQUEUE_AFTER_MS, deps.config.JOB_LOCK_MS) / 2
  const claimedAt = performance.now()
  const owed = await loadDeliveryBatch(deps.pool, notificationIds, claimant, deps.linkUrlFor)
  const hold = claimHold(deps.pool, claimant, owed.map((n) => n.id), claimedAt, trustedFor)
  // allSettled, not all: an unexpected error on one e-mail (a template that
  // cannot render) must not end the job while others are still being sent. The
  // job's last-attempt handler fails whatever is still claimed, and a send that
  // finished after it would stay FAILED and go out again on a retry.
  const settled = await Promise.allSettled(owed.map((n) => deps.sendLimit(async () => ((await hold.stillHolds(n.id)) ? deliverOne(deps, n, lastAttempt) : 'handedOver' as const))))
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failure) throw failure.reason
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<Outcome>).value)
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length
  const result = { claimed: owed.length, sent: count('sent'), skipped: count('skipped'), failed: count('failed'), retrying: count('retrying'), handedOver: count('handedOver') }
  if (result.retrying) throw new TransientDeliveryFailure(result)
  return result
}

/**
 * A send job's hold on its batch. Claiming the rows stamped them at
 * `claimedAt`; the requeue takes only rows untouched for the grace, and a new
 * run of the job comes only after the lock has lapsed, so a claim stamped less
 * than `trustedFor` (half the shorter) ago is still this run's, by
 * the clock of this process (monotonic; measured from before the statement, so
 * it errs short). Past that, the next send renews the hold first: one UPDATE
 * of the batch's rows still PENDING and claimed by this job, which stamps them
 * again (the requeue, which re-checks the grace row by row, then leaves them
 * alone) and answers which they are. Sends starting while a renewal is under
 * way share it. A fast batch, the usual case, never renews: the path
 * `npm run bench` measures gains no round trip. With `trustedFor` 0 each send
 * checks (a takeover job, rare).
 */
function claimHold(pool: pg.Pool, claimant: string, ids: string[], claimedAt: number, trustedFor: number) {
  let held = new Set(ids)
  let stampedAt = claimedAt
  let renewal: Promise<void> | null = null
  const renew = async () => {
    const startedAt = performance.now()
    const { rows } = await pool.query<{ id: string }>({
      name: 'delivery-claim-renew',
      // Rows locked in id order, the order the sent recorder writes them in (it retries a deadlock all the same).
      text: `UPDATE notifications SET updated_at = now()
              WHERE id IN (SELECT id FROM notifications WHERE id = ANY($1::uuid[]) AND status = 'PENDING' AND claimed_by = $2 ORDER BY id FOR UPDATE)
              RETURNING id`,
      values: [ids, claimant],
    })
    held = new Set(rows.map((r) => r.id))
    stampedAt = startedAt
  }
  return {
    async stillHolds(id: string): Promise<boolean> {
      if (renewal || performance.now() - stampedAt >= trustedFor) {
        renewal ??= renew().finally(() => (renewal = null))
        await renewal
      }
      return held.has(id)
    },
  }
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
