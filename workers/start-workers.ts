import { UnrecoverableError, Worker, type Job } from 'bullmq'
import type { Logger } from 'pino'
import type { Config } from '../src/config.ts'
import { allQueueNames, JOBS_TO_QUEUE, queuePrefix, QueueName, workerConnection, type JobName } from '../src/queues/index.ts'
import type { ErrorReporter } from './connection-errors.ts'
import type { Processors } from './processors/index.ts'

type WorkerSettings = Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX' | 'JOB_LOCK_MS'>

/** Jobs run at once per worker process, per queue. */
const concurrency: Record<QueueName, number> = {
  // Housekeeping is one statement at a time; running two purges in parallel only adds lock contention.
  [QueueName.Maintenance]: 1,
  // Batches at once: enough that one is being claimed and read while others
  // send. The sends themselves are bounded process-wide by EMAIL_SEND_CONCURRENCY.
  [QueueName.Email]: 4,
  // A reminder is one insert.
  [QueueName.Reminders]: 2,
}

/**
 * One BullMQ Worker per queue, dispatching on the job name. Every Worker gets an
 * `error` listener (an unhandled one would crash the process on a Redis blip)
 * and logs each job's end with ids and counts only.
 */
export function startWorkers(config: WorkerSettings, processors: Processors, log: Logger, reportError: ErrorReporter): Worker[] {
  return allQueueNames().map((queue) => {
    const worker = new Worker(queue, (job) => dispatch(queue, processors, job), {
      connection: workerConnection(config),
      prefix: queuePrefix(config),
      concurrency: concurrency[queue],
      // A killed worker's jobs return to the queue once their lock lapses. A
      // job may stall a few times (crashes, deploys) before BullMQ gives up on it.
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.JOB_LOCK_MS,
      maxStalledCount: 5,
    })
    const jobLog = (job: Job | undefined) => ({ queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade })
    worker.on('error', (err) => reportError(err, { queue, role: 'worker' }))
    // One line per e-mail sent would drown the log at volume: those are at debug, and counted in /metrics.
    const completedLevel = queue === QueueName.Email ? 'debug' : 'info'
    worker.on('completed', (job, result) => log[completedLevel]({ ...jobLog(job), result, ms: Date.now() - (job.processedOn ?? Date.now()) }, 'job completed'))
    worker.on('failed', (job, err) => log.warn({ ...jobLog(job), err }, 'job failed'))
    worker.on('stalled', (jobId) => log.warn({ queue, jobId }, 'job stalled; it will be retried'))
    return worker
  })
}

function dispatch(queue: QueueName, processors: Processors, job: Job) {
  const name = job.name as JobName
  // A job name this build does not know (left by a newer or older release) fails
  // without retries instead of looping through its attempts.
  if (!(name in processors) || JOBS_TO_QUEUE[name] !== queue) throw new UnrecoverableError(`unknown job ${job.name} on queue ${queue}`)
  return (processors[name] as (job: Job) => Promise<unknown>)(job)
}
