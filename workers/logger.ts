import { pino, type DestinationStream, type Logger } from 'pino'
import { redactedPaths, serializeError } from '../src/logger.ts'

/**
 * The worker process's logger: the API's level, redaction (credentials and
 * personal data never reach the logs) and error serializer (a Prisma error is
 * logged by call and code, not with the values it quotes), JSON lines on stdout, one `name` so the
 * worker's lines are told apart from the API's in a shared log store.
 */
export function createWorkerLogger(config: { LOG_LEVEL: string }, destination?: DestinationStream): Logger {
  const options = { name: 'shortlist-worker', level: config.LOG_LEVEL, redact: { paths: redactedPaths, censor: '[redacted]' }, serializers: { err: serializeError } }
  return destination ? pino(options, destination) : pino(options)
}
