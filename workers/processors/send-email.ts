import type { Job } from 'bullmq'
import { deliverBatch, TransientDeliveryFailure, type DeliveryDependencies } from '../../src/email/deliver.ts'
import { failClaimed } from '../../src/email/ledger.ts'
import { sendRunClaimant } from '../../src/email/send-job-claim.ts'
import type { SendEmailData } from '../../src/queues/index.ts'

/**
 * Sends a batch of e-mails. Permanent failures are marked FAILED in the
 * ledger and end there (an admin retries them through the API); if any failed
 * transiently, the job throws after the rest are sent, so BullMQ retries it
 * with backoff, and the retry sends only those (the ledger says the others
 * went). Each run of the job claims the batch for itself (sendRunClaimant); a
 * job that took over rows handed back from a lost one checks each before
 * sending it (deliverBatch).
 * The result is kept in Redis: counts only, no addresses or subjects.
 */
export async function sendEmail(deps: DeliveryDependencies, job: Job<SendEmailData>) {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
  // attemptsStarted counts every start, a stalled job's restart too: each run claims apart.
  const claimant = sendRunClaimant(job.id!, job.attemptsStarted)
  try {
    return await deliverBatch(deps, job.data.notificationIds, claimant, lastAttempt)
  } catch (error) {
    // Transient SMTP failures were recorded one by one (FAILED on the last attempt); anything else would strand the batch.
    if (lastAttempt && !(error instanceof TransientDeliveryFailure)) await failClaimed(deps.pool, claimant, `send job failed: ${(error as Error).message}`)
    throw error
  }
}
