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
      // Never log query strings: search terms and tokens in links can be personal data.
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        id: req.id,
      }),
    },
  }
}
