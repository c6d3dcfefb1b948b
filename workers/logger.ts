import { pino, type DestinationStream, type Logger } from 'pino'
import { redactedPaths } from '../src/logger.ts'

/**
 * The worker process's logger: the API's level and redaction (credentials and
 * personal data never reach the logs), JSON lines on stdout, one `name` so the
 * worker's lines are told apart from the API's in a shared log store.
 */
export function createWorkerLogger(config: { LOG_LEVEL: string }, destination?: DestinationStream): Logger {
  const options = { name: 'shortlist-worker', level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' } }
  return destination ? pino(options, destination) : pino(options)
}
