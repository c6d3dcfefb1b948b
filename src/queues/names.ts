// The queues and the jobs that run on them. Names are stored in Redis and in
// job ids, so they are part of the deployed state: rename one only with a
// migration plan for jobs already queued under the old name.

/** One BullMQ queue per kind of work, so each gets its own concurrency and its own failure budget. */
export const QueueName = {
  /** Housekeeping on a schedule: nothing user-facing waits for it. */
  Maintenance: 'maintenance',
  /** One job per e-mail to send: many at once, each retried on its own. */
  Email: 'email',
  /** Delayed jobs, one per interview and reminder (24 h and 1 h before): each fires once, at its time. */
  Reminders: 'interview-reminders',
} as const
export type QueueName = (typeof QueueName)[keyof typeof QueueName]

export const JobName = {
  PurgeExpiredSessions: 'purge-expired-sessions',
  ApplyRetention: 'apply-retention',
  ScorecardDeadlines: 'scorecard-deadlines',
  RemoveResumeFiles: 'remove-resume-files',
  SendEmail: 'send-email',
  InterviewReminder: 'interview-reminder',
} as const
export type JobName = (typeof JobName)[keyof typeof JobName]

/** Where each job runs. A Record, so adding a job name without a queue does not compile. */
export const JOBS_TO_QUEUE: Record<JobName, QueueName> = {
  [JobName.PurgeExpiredSessions]: QueueName.Maintenance,
  [JobName.ApplyRetention]: QueueName.Maintenance,
  // A sweep that only writes outbox rows; sending the e-mails is the outbox dispatcher's work.
  [JobName.ScorecardDeadlines]: QueueName.Maintenance,
  [JobName.RemoveResumeFiles]: QueueName.Maintenance,
  [JobName.SendEmail]: QueueName.Email,
  [JobName.InterviewReminder]: QueueName.Reminders,
}

export const allQueueNames = (): QueueName[] => Object.values(QueueName)
