import type { Job } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Db } from '../../src/db/client.ts'
import type { MailTransport } from '../../src/email/transport.ts'
import type { LimitFunction } from 'p-limit'
import type { RecordSent } from '../../src/email/sent-recorder.ts'
import type { Config } from '../../src/config.ts'
import { JobName, type JobPayloads } from '../../src/queues/index.ts'
import { purgeExpiredSessions } from './purge-expired-sessions.ts'
import { applyRetentionRule } from './apply-retention.ts'
import { chaseOverdueScorecards } from './scorecard-deadlines.ts'
import { removeOrphanedResumeFiles } from './resume-files.ts'
import { sendEmail } from './send-email.ts'
import { fireInterviewReminder } from '../../src/scheduling/reminders.ts'
import type { LinkUrlFor } from '../../src/email/delivery-facts.ts'

/** What processors may use. Passed in explicitly so tests can call a processor with their own. */
export interface WorkerDependencies {
  db: Db
  /** The pool under `db`, for the statements on the sending path. */
  pool: pg.Pool
  log: Logger
  transport: MailTransport
  /** The process-wide bound on sends in flight (EMAIL_SEND_CONCURRENCY). */
  sendLimit: LimitFunction
  recordSent: RecordSent
  config: Pick<Config, 'RETENTION_MONTHS' | 'RESUME_STORAGE_DIR' | 'MAIL_FROM' | 'COMPANY_NAME' | 'PUBLIC_URL' | 'EMAIL_REQUEUE_AFTER_MS' | 'JOB_LOCK_MS'>
  /** Scheduling links' URLs, for the e-mails that carry them. */
  linkUrlFor: LinkUrlFor
}

export type Processor<N extends JobName> = (job: Job<JobPayloads[N], unknown, N>) => Promise<unknown>
export type Processors = { [N in JobName]: Processor<N> }

/**
 * The processor for every job name. A mapped type over JobName, so adding a job
 * name without a processor does not compile. Return values are kept on the
 * finished job in Redis: counts, never personal data.
 */
export function createProcessors(deps: WorkerDependencies): Processors {
  return {
    [JobName.PurgeExpiredSessions]: () => purgeExpiredSessions(deps.db),
    [JobName.ApplyRetention]: () => applyRetentionRule(deps.db, deps.config),
    [JobName.ScorecardDeadlines]: () => chaseOverdueScorecards(deps.db),
    [JobName.RemoveResumeFiles]: () => removeOrphanedResumeFiles(deps.db, deps.config.RESUME_STORAGE_DIR),
    [JobName.SendEmail]: (job) => sendEmail(deps, job),
    [JobName.InterviewReminder]: (job) => fireInterviewReminder(deps.pool, job.data),
  }
}
