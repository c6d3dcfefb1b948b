import type { DefaultJobOptions } from 'bullmq'
import type { Config } from '../config.ts'
import { QueueName } from './names.ts'

const HOUR = 3600
const DAY = 24 * HOUR

/**
 * Finished jobs are removed automatically so Redis does not grow without bound.
 * Completed ones are kept a day (enough to see what ran overnight), failed ones
 * a week (time to notice and retry); the counts cap a burst. The database, not
 * Redis, is the record of what happened.
 */
const defaults: DefaultJobOptions = {
  attempts: 5,
  // 10 s, 20 s, 40 s, 80 s: rides out a database restart or a deploy.
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: DAY, count: 1000 },
  removeOnFail: { age: 7 * DAY, count: 5000 },
}

/** Per-queue differences from the defaults; a new queue needs an entry (empty if the defaults fit). */
const perQueue: Record<QueueName, Partial<DefaultJobOptions>> = {
  // A missed purge is harmless (tomorrow's run catches up), so retry a little and keep few records.
  [QueueName.Maintenance]: { attempts: 3, removeOnComplete: { age: 7 * DAY, count: 50 }, removeOnFail: { age: 30 * DAY, count: 100 } },
  // Attempts and backoff come from the configuration, per job (see emailJobOptions).
  // Sent e-mails are recorded in PostgreSQL; Redis keeps only the last hour's for the dashboard.
  [QueueName.Email]: { removeOnComplete: { age: HOUR, count: 2000 } },
  // A fired reminder only writes an outbox row; keep a week of them for the dashboard.
  [QueueName.Reminders]: { removeOnComplete: { age: 7 * DAY, count: 5000 } },
}

type EmailRetrySettings = Pick<Config, 'EMAIL_MAX_ATTEMPTS' | 'EMAIL_RETRY_DELAY_MS'>

/**
 * A send job's id and retries. The id is derived from the notification, so
 * adding the same one twice is a no-op while the first job exists. Retries
 * back off exponentially with jitter, so a burst that met an SMTP outage does
 * not come back as one burst.
 */
export function emailJobOptions(config: EmailRetrySettings, jobId: string) {
  return { jobId, attempts: config.EMAIL_MAX_ATTEMPTS, backoff: { type: 'exponential' as const, delay: config.EMAIL_RETRY_DELAY_MS, jitter: 0.5 } }
}

export function defaultJobOptions(queue: QueueName): DefaultJobOptions {
  return { ...defaults, ...perQueue[queue] }
}
