// The worker process: runs queued and scheduled jobs; serves no HTTP. Start it
// with `npm run worker`; run as many as you like, they share the queues.
import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig, type Config } from '../src/config.ts'
import { allQueueNames, jobSchedules } from '../src/queues/index.ts'
import { createWorkerLogger } from './logger.ts'
import { startWorkerRuntime } from './runtime.ts'

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
const runtime = await startWorkerRuntime(config, log)

// SIGTERM/SIGINT: stop taking jobs and let the ones in progress finish
// (worker.close() waits for them), then close queues, Redis and the database.
// A job still running after SHUTDOWN_GRACE_MS is cut off (exit 1); BullMQ hands
// it to another worker once its lock expires, so nothing is lost.
closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS, logger: { error: (message: unknown) => log.error(message) } }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an error')
  else log.info({ signal }, 'shutting down: finishing jobs in progress')
  await runtime.stop()
  log.info('worker stopped')
})

log.info({ queues: allQueueNames(), schedules: jobSchedules.map((s) => s.id) }, 'worker ready')
