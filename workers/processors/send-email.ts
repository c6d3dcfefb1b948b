import { UnrecoverableError, type Job } from 'bullmq'
import { deliverNotification, DeliveryFailed, type DeliveryDependencies } from '../../src/email/deliver.ts'
import type { SendEmailData } from '../../src/queues/index.ts'

/**
 * Sends one e-mail. A transient failure is thrown as is, so BullMQ retries it
 * with the job's backoff; a permanent one (the notification is already marked
 * FAILED) as UnrecoverableError, so it is not retried: the admin's retry
 * endpoint is the way to send it again. The result is kept in Redis: no
 * addresses, no subjects.
 */
export async function sendEmail(deps: DeliveryDependencies, job: Job<SendEmailData>) {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
  try {
    return await deliverNotification(deps, job.data.notificationId, lastAttempt)
  } catch (error) {
    if (error instanceof DeliveryFailed && error.failure.permanent) throw new UnrecoverableError(error.message)
    throw error
  }
}
