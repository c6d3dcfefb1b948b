import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Config } from '../src/config.ts'
import { dispatchDueOutbox, enqueuePendingNotifications } from '../src/email/dispatch.ts'
import { requeueEmailsOfLostJobs } from '../src/email/requeue-lost-jobs.ts'
import { REMINDER_SYNC_BATCH, syncInterviewReminders } from '../src/scheduling/reminders.ts'

export interface OutboxDispatcher {
  /** Resolves once the loop has stopped (after the batch in progress, if any). */
  stop(): Promise<void>
}

const BATCH = 500
const MAX_BACKOFF_MS = 5000
// How often a pass also looks for e-mails whose send job Redis lost. A lost job
// is found a little after its grace, and the look costs one query when nothing
// is lost. (The configuration keeps the grace above this; tests that shorten
// the grace below it get a look per grace instead.)
const REQUEUE_CHECK_MS = 60_000

/**
 * The outbox dispatcher's loop, one per worker process. Each pass turns due
 * outbox rows into notifications (PostgreSQL only), then queues the send jobs
 * of notifications not yet queued (Redis). Before that step, the first pass
 * and then one a minute hand back the e-mails whose send job Redis has lost
 * or that finished without settling them (requeue-lost-jobs.ts), so the step
 * queues them again; that look failing is logged and does not fail the pass.
 * A full batch is followed at once by the next, an empty one by a pause of
 * OUTBOX_POLL_MS. When a pass fails (Redis or the database away) it waits
 * longer each time, up to 5 s, and keeps going:
 * nothing is lost, the rows wait in PostgreSQL and flow once both answer.
 * Written here rather than as a repeatable BullMQ job because it must keep
 * running, and keep the rows safe, while Redis is down.
 */
export function startOutboxDispatcher(deps: {
  pool: pg.Pool
  emailQueue: Queue
  /** Interview reminders' delayed jobs, kept in line with the interviews (a third step of each pass). */
  reminderQueue: Queue
  config: Pick<Config, 'MAIL_FROM' | 'EMAIL_MAX_ATTEMPTS' | 'EMAIL_RETRY_DELAY_MS' | 'EMAIL_BATCH_SIZE' | 'OUTBOX_POLL_MS' | 'EMAIL_REQUEUE_AFTER_MS'>
  log: Logger
}): OutboxDispatcher {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let wake: (() => void) | undefined
  let failures = 0
  let requeueCheckDue = 0

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve
      timer = setTimeout(resolve, ms)
    })

  // Its own failures are its own: a check that fails on every pass (a timeout, a
  // deadlock, a Redis command refused) must not stop new e-mails from being
  // queued. It is logged and tried again when next due, not on every pass.
  const requeueLostJobs = async () => {
    try {
      const requeued = await requeueEmailsOfLostJobs(deps.pool, deps.emailQueue, deps.config)
      if (requeued) deps.log.warn({ requeued }, 'queued e-mails whose send job Redis no longer holds, or that finished without settling them, are queued again (Redis lost data? a job stalled out?)')
    } catch (error) {
      deps.log.warn({ err: error }, 'looking for e-mails whose send job was lost failed; new e-mails are still queued, and it is tried again when next due')
    } finally {
      requeueCheckDue = Date.now() + Math.min(REQUEUE_CHECK_MS, deps.config.EMAIL_REQUEUE_AFTER_MS)
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const dispatched = await dispatchDueOutbox(deps.pool, deps.config, BATCH)
        if (Date.now() >= requeueCheckDue) await requeueLostJobs()
        const queued = await enqueuePendingNotifications(deps.pool, deps.emailQueue, deps.config, BATCH)
        const reminders = await syncInterviewReminders(deps.pool, deps.reminderQueue)
        if (dispatched.failed) deps.log.warn({ failed: dispatched.failed }, 'outbox rows could not be dispatched: put back with a delay (see outbox_events.last_error)')
        if (failures) deps.log.info({ afterFailures: failures }, 'outbox dispatch recovered')
        failures = 0
        if (dispatched.events || queued || reminders) deps.log.debug({ ...dispatched, queued, reminders }, 'outbox dispatched')
        if (dispatched.events < BATCH && queued < BATCH && reminders < REMINDER_SYNC_BATCH) await pause(deps.config.OUTBOX_POLL_MS)
      } catch (error) {
        failures++
        // Once, then every 20th: an outage must not flood the log.
        if (failures === 1 || failures % 20 === 0) deps.log.warn({ err: error, failures }, 'outbox dispatch failed; rows stay due and will be retried')
        await pause(Math.min(deps.config.OUTBOX_POLL_MS * 2 ** failures, MAX_BACKOFF_MS))
      }
    }
  })()

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      wake?.()
      await loop
    },
  }
}
