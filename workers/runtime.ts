import pLimit from 'p-limit'
import type { Logger } from 'pino'
import type { Config } from '../src/config.ts'
import { createPool, createPrismaClient } from '../src/db/client.ts'
import { createMailTransport } from '../src/email/transport.ts'
import { createSentRecorder } from '../src/email/sent-recorder.ts'
import { closeQueues, createQueues, QueueName, syncJobSchedules } from '../src/queues/index.ts'
import { createErrorReporter } from './connection-errors.ts'
import { startOutboxDispatcher } from './outbox-dispatcher.ts'
import { createProcessors } from './processors/index.ts'
import { linkUrlBuilder } from '../src/scheduling/link-token.ts'
import { startWorkers } from './start-workers.ts'

export interface WorkerRuntime {
  /** Stops taking work, lets jobs in progress finish, closes Redis, SMTP and the database. */
  stop(): Promise<void>
}

/**
 * Everything a worker process runs: the BullMQ workers, the outbox dispatcher
 * and the schedules, over one database pool, one SMTP transport and the Redis
 * connections BullMQ opens. `npm run worker` starts it; tests start the same.
 */
export async function startWorkerRuntime(config: Config, log: Logger): Promise<WorkerRuntime> {
  const pool = createPool(config, 'shortlist-worker')
  const db = createPrismaClient(config, 'shortlist-worker', pool)
  const transport = createMailTransport(config)
  const reportError = createErrorReporter(log)
  const onQueueError = (err: Error, queue: QueueName) => reportError(err, { queue, role: 'queue' })
  const queues = createQueues(config, 'worker', onQueueError)
  // The dispatcher adds jobs inside a database transaction, so it must not wait
  // for Redis: a producer connection fails at once and the transaction rolls back.
  const dispatchQueues = createQueues(config, 'producer', onQueueError)
  const sendLimit = pLimit(config.EMAIL_SEND_CONCURRENCY)
  const workers = startWorkers(config, createProcessors({ db, pool, log, transport, sendLimit, recordSent: createSentRecorder(pool), config, linkUrlFor: linkUrlBuilder(config) }), log, reportError)
  const dispatcher = startOutboxDispatcher({ pool, emailQueue: dispatchQueues[QueueName.Email], reminderQueue: dispatchQueues[QueueName.Reminders], config, log })

  const stop = async () => {
    await dispatcher.stop()
    await Promise.all(workers.map((worker) => worker.close()))
    transport.close()
    await Promise.all([closeQueues(queues), closeQueues(dispatchQueues)])
    await db.$disconnect()
    if (!pool.ended) await pool.end()
  }

  // The database is not needed to start: jobs that need it fail and retry with backoff.
  await pool.query('SELECT 1').catch((err: Error) => log.warn({ error: err.message }, 'database unavailable at start-up; jobs will retry'))
  // Schedules are upserted by id, so every worker process may do this without duplicating them.
  await syncJobSchedules(queues)
  return { stop }
}
