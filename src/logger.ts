import type { FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'

// Paths pino removes from every log line: credentials, and personal data that
// may ride along in objects we log (candidate and user e-mail addresses, names).
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password', '*.password',
  'token', '*.token', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken',
  'email', '*.email', '*.*.email', 'to', '*.to', 'toAddress', '*.toAddress',
  'phone', '*.phone', 'firstName', '*.firstName', 'lastName', '*.lastName',
]

export function loggerOptions(config: Pick<Config, 'LOG_LEVEL'>): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: config.LOG_LEVEL,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        url: loggedUrl(req.url),
        id: req.id,
      }),
      err: serializeError,
    },
  }
}

// A candidate's scheduling link is a bearer credential: whoever has it picks,
// moves or cancels their interview, so its token never reaches a log line.
const TOKEN_IN_PATH = /^(\/schedule\/)[^/]+/

/** A request's URL as logged: never the query string (search terms and tokens in links can be personal data), nor a token in the path. */
export function loggedUrl(url: string): string {
  return (url.split('?')[0] ?? '').replace(TOKEN_IN_PATH, '$1[redacted]')
}

type LoggedError = Error & { code?: unknown; statusCode?: unknown; cause?: unknown }

/**
 * Errors as pino's standard serializer writes them (type, message, stack, code),
 * except Prisma's: their message quotes the failing call with its arguments, and
 * the PostgreSQL errors they wrap echo the offending input (e-mail addresses,
 * names, hashes). Those are logged by call and code only; the stack is kept.
 */
export function serializeError(err: LoggedError): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err), stack: '' }
  if (!err.name.startsWith('PrismaClient')) {
    return { type: err.name, message: err.message, stack: err.stack ?? '', code: err.code, statusCode: err.statusCode }
  }
  const call = /Invalid `([^`]+)` invocation/.exec(err.message)?.[1] ?? 'prisma'
  const lastLine = err.message.trim().split('\n').at(-1) ?? ''
  // A validation error's last line names the argument, never its value.
  const message = err.name === 'PrismaClientValidationError' ? `${call}: ${lastLine}` : `${call} failed${err.code ? ` (${String(err.code)})` : ''}`
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
  return { type: err.name, message, code: err.code, stack: [`${err.name}: ${message}`, ...frames].join('\n') }
}
