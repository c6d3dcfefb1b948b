// The worker process: runs queued and scheduled jobs; serves no HTTP. Start it
// with `npm run worker`; run as many as you like, they share the queues.
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig, type Config } from '../src/config.ts'
import { createPrismaClient } from '../src/db/client.ts'
import { allQueueNames, closeQueues, createQueues, jobSchedules, syncJobSchedules } from '../src/queues/index.ts'
import { createErrorReporter } from './connection-errors.ts'
import { createWorkerLogger } from './logger.ts'
import { createProcessors } from './processors/index.ts'
import { startWorkers } from './start-workers.ts'

function readConfig(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(78) // EX_CONFIG, like the API
    }
    throw error
  }
}

const config = readConfig()
const log = createWorkerLogger(config)
const db = createPrismaClient(config, 'shortlist-worker')
const reportError = createErrorReporter(log)
const queues = createQueues(config, 'worker', (err, queue) => reportError(err, { queue, role: 'queue' }))
const workers = startWorkers(config, createProcessors({ db, log, config }), log, reportError)

// SIGTERM/SIGINT: stop taking jobs and let the ones in progress finish
// (worker.close() waits for them), then close queues, Redis and the database.
// A job still running after SHUTDOWN_GRACE_MS is cut off (exit 1); BullMQ hands
// it to another worker once its lock expires, so nothing is lost.
closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS, logger: { error: (message: unknown) => log.error(message) } }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an error')
  else log.info({ signal }, 'shutting down: finishing jobs in progress')
  await Promise.all(workers.map((worker) => worker.close()))
  await closeQueues(queues)
  await db.$disconnect()
  log.info('worker stopped')
})

// The database is not needed to start: jobs that need it fail and retry with backoff.
await db.$queryRaw`SELECT 1`.catch((err: Error) => log.warn({ error: err.message }, 'database unavailable at start-up; jobs will retry'))
// Schedules are upserted by id, so every worker process may do this without duplicating them.
await syncJobSchedules(queues)
log.info({ queues: allQueueNames(), schedules: jobSchedules.map((s) => s.id) }, 'worker ready')
