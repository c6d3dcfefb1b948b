import { JobName } from './names.ts'

// The payload of every job, by name. Payloads carry ids and settings, never
// personal data or secrets: they sit in Redis, outside the database's erasure.

/** Nothing to pass: the purge works from the clock and the retention rules. */
export type PurgeExpiredSessionsData = Record<string, never>

/** Nothing to pass: the period comes from the worker's configuration (RETENTION_MONTHS). */
export type ApplyRetentionData = Record<string, never>

/** Nothing to pass: the deadlines come from each job's settings and the clock. */
export type ScorecardDeadlinesData = Record<string, never>

/** Nothing to pass: the files to delete are listed in the database, and the store is the worker's RESUME_STORAGE_DIR. */
export type RemoveResumeFilesData = Record<string, never>

/** Notification rows to send, as a batch; the ledger in PostgreSQL says which still need sending. */
export interface SendEmailData {
  notificationIds: string[]
}

/** Which reminder of which interview, and the start it was set for: a reminder for a time the interview no longer has is dropped. */
export interface InterviewReminderData {
  interviewId: string
  startsAt: string
  offset: '24h' | '1h'
}

export interface JobPayloads {
  [JobName.PurgeExpiredSessions]: PurgeExpiredSessionsData
  [JobName.ApplyRetention]: ApplyRetentionData
  [JobName.ScorecardDeadlines]: ScorecardDeadlinesData
  [JobName.RemoveResumeFiles]: RemoveResumeFilesData
  [JobName.SendEmail]: SendEmailData
  [JobName.InterviewReminder]: InterviewReminderData
}

/** One job as a discriminated union of name and data (immich's JobItem). */
export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName]

export type JobData<N extends JobName> = JobPayloads[N]
