import type { RepeatOptions } from 'bullmq'
import type { JobItem } from './jobs.ts'
import { JobName, JOBS_TO_QUEUE, type QueueName } from './names.ts'
import type { Queues } from './queues.ts'

/** A job that runs on a timetable. The id names its BullMQ job scheduler. */
export interface JobSchedule {
  id: string
  repeat: Omit<RepeatOptions, 'key'>
  job: JobItem
}

// Times are UTC and chosen for the quiet hours of most deployments.
export const jobSchedules: JobSchedule[] = [
  {
    id: 'purge-expired-sessions',
    repeat: { pattern: '17 3 * * *', tz: 'UTC' }, // daily, 03:17 UTC (off the hour, when everyone else's cron runs)
    job: { name: JobName.PurgeExpiredSessions, data: {} },
  },
  {
    id: 'apply-retention',
    repeat: { pattern: '43 2 * * *', tz: 'UTC' }, // daily, 02:43 UTC
    job: { name: JobName.ApplyRetention, data: {} },
  },
  {
    id: 'scorecard-deadlines',
    repeat: { pattern: '*/15 * * * *', tz: 'UTC' }, // every 15 minutes: reminders go out at most a quarter of an hour late
    job: { name: JobName.ScorecardDeadlines, data: {} },
  },
  {
    id: 'remove-resume-files',
    // Hourly: the API deletes an erased candidate's files at once, so this only finishes what failed there.
    repeat: { pattern: '29 * * * *', tz: 'UTC' },
    job: { name: JobName.RemoveResumeFiles, data: {} },
  },
]

/**
 * Makes Redis hold exactly the schedules above. upsertJobScheduler is keyed by
 * the schedule id, so every worker process can call this at start-up without
 * creating duplicates; schedulers no longer declared here are removed, so a
 * schedule deleted from the code stops running.
 */
export async function syncJobSchedules(queues: Queues, schedules: JobSchedule[] = jobSchedules): Promise<void> {
  for (const schedule of schedules) {
    const queue = queues[JOBS_TO_QUEUE[schedule.job.name]]
    await queue.upsertJobScheduler(schedule.id, schedule.repeat, { name: schedule.job.name, data: schedule.job.data })
  }
  for (const [name, queue] of Object.entries(queues) as Array<[QueueName, Queues[QueueName]]>) {
    const declared = new Set(schedules.filter((s) => JOBS_TO_QUEUE[s.job.name] === name).map((s) => s.id))
    for (const scheduler of await queue.getJobSchedulers()) {
      const id = scheduler.id ?? scheduler.key
      if (!declared.has(id)) await queue.removeJobScheduler(id)
    }
  }
}
