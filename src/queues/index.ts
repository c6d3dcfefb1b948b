// The job layer: queue and job names, payload types, connections, options and schedules.
export { QueueName, JobName, JOBS_TO_QUEUE, allQueueNames } from './names.ts'
export type { JobItem, JobPayloads, JobData, PurgeExpiredSessionsData, SendEmailData, InterviewReminderData } from './jobs.ts'
export { createQueues, addJob, closeQueues, type Queues, type QueueRole } from './queues.ts'
export { workerConnection, producerConnection, queuePrefix } from './connection.ts'
export { defaultJobOptions, emailJobOptions } from './job-options.ts'
export { jobSchedules, syncJobSchedules, type JobSchedule } from './schedules.ts'
