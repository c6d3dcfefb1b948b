import type { Job } from 'bullmq'
import { deliverBatch, type DeliveryDependencies } from '../../src/email/deliver.ts'
import type { SendEmailData } from '../../src/queues/index.ts'

/**
 * Sends a batch of e-mails. Permanent failures are marked FAILED in the
 * ledger and end there (an admin retries them through the API); if any failed
 * transiently, the job throws after the rest are sent, so BullMQ retries it
 * with backoff, and the retry sends only those (the ledger says the others
 * went). The job's id is its claim on the batch. The result is kept in Redis:
 * counts only, no addresses or subjects.
 */
export async function sendEmail(deps: DeliveryDependencies, job: Job<SendEmailData>) {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
  return deliverBatch(deps, job.data.notificationIds, `job:${job.id}`, lastAttempt)
}
