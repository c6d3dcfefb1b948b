import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

// Every setting comes from the environment. The API, the workers and the scripts
// all read it through loadConfig, so a bad value stops each of them the same way.
const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], { default: 'development' }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  PUBLIC_URL: Type.String({ default: 'http://127.0.0.1:3000', pattern: '^https?://' }),

  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  DATABASE_POOL_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100 }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 15000, minimum: 100 }),

  REDIS_URL: Type.String({ pattern: '^rediss?://' }),
  REDIS_PREFIX: Type.String({ default: 'shortlist', pattern: '^[A-Za-z0-9_.-]+$' }),

  SMTP_URL: Type.String({ pattern: '^smtps?://' }),
  MAIL_FROM: Type.String({ default: 'Shortlist <no-reply@shortlist.localhost>', pattern: '@[^@\\s>]+>?\\s*$' }),
  COMPANY_NAME: Type.String({ default: 'Shortlist', minLength: 1, maxLength: 100 }),
  // Sending: how many e-mails one worker process sends at once, over how many
  // pooled SMTP connections; how often a transient failure is retried, the
  // first retry after EMAIL_RETRY_DELAY_MS, doubling (with jitter) each time.
  EMAIL_SEND_CONCURRENCY: Type.Integer({ default: 20, minimum: 1, maximum: 200 }),
  // E-mails per send job: one job, one claim and one read for many e-mails.
  EMAIL_BATCH_SIZE: Type.Integer({ default: 50, minimum: 1, maximum: 500 }),
  SMTP_POOL_CONNECTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 50 }),
  EMAIL_MAX_ATTEMPTS: Type.Integer({ default: 8, minimum: 1, maximum: 30 }),
  EMAIL_RETRY_DELAY_MS: Type.Integer({ default: 30000, minimum: 10 }),
  // The dispatcher's poll for due outbox rows when it last found none.
  OUTBOX_POLL_MS: Type.Integer({ default: 500, minimum: 10, maximum: 60000 }),
  // A queued e-mail whose send job Redis no longer holds (data lost) is queued
  // again once it has been untouched this long. At least two minutes: over
  // twice the longest one send can take (SMTP gives up on a silent server after 60 s).
  EMAIL_REQUEUE_AFTER_MS: Type.Integer({ default: 600000, minimum: 120000, maximum: 86400000 }),
  // How long a worker that died holds its jobs before another worker takes them over.
  JOB_LOCK_MS: Type.Integer({ default: 30000, minimum: 1000 }),
  // Bearer token for GET /metrics (Prometheus); empty turns the endpoint off.
  METRICS_TOKEN: Type.String({ default: '', pattern: '^(|[\\x21-\\x7e]{24,})$' }),

  JWT_SECRET: Type.String({ minLength: 32 }),
  // Signs candidates' scheduling links. Empty: a key derived from JWT_SECRET.
  // Changing it invalidates every link already e-mailed.
  SCHEDULING_LINK_SECRET: Type.String({ default: '', pattern: '^(|.{32,})$' }),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ default: 900, minimum: 30, maximum: 86400 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ default: 30, minimum: 1, maximum: 365 }),
  LOGIN_RATE_LIMIT_MAX: Type.Integer({ default: 10, minimum: 1 }),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ default: 60, minimum: 1 }),
  // A second limit per account (e-mail), whatever the address: guesses spread
  // over many addresses. Right passwords count too, as above.
  LOGIN_ACCOUNT_RATE_LIMIT_MAX: Type.Integer({ default: 10, minimum: 1 }),
  LOGIN_ACCOUNT_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ default: 900, minimum: 1 }),

  RESUME_STORAGE_DIR: Type.String({ default: './var/resumes', minLength: 1 }),
  RESUME_MAX_BYTES: Type.Integer({ default: 10485760, minimum: 1024 }),
  IMPORT_MAX_BYTES: Type.Integer({ default: 268435456, minimum: 1024 }),
  RETENTION_MONTHS: Type.Integer({ default: 24, minimum: 0, description: '0 turns the retention rule off' }),

  // Behind a load balancer, the client's address is in X-Forwarded-For: trust it
  // only from the proxies named here (true: any; or a comma-separated list of
  // addresses or CIDRs), or rate limits key on the proxy.
  TRUST_PROXY: Type.String({ default: 'false', pattern: '^(true|false|[0-9a-fA-F.:/, ]+)$' }),
  CORS_ORIGINS: Type.String({ default: '' }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1048576, minimum: 1024 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10000, minimum: 100 }),
})

export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Validates the environment, filling defaults; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    // env: false: validate exactly `env`; env-schema would otherwise merge process.env underneath it.
    return envSchema<Config>({ schema: ConfigSchema, data: env, env: false, dotenv: false })
  } catch (error) {
    throw new ConfigError(describeEnvError(error))
  }
}

type EnvError = { keyword: string; instancePath: string; message?: string; params?: Record<string, unknown> }

function describeEnvError(error: unknown): string {
  const errors = (error as { errors?: EnvError[] }).errors
  if (!errors?.length) return `invalid configuration: ${(error as Error).message}`
  // One line per variable; a union of literals (NODE_ENV, LOG_LEVEL) fails once per
  // literal plus once for anyOf: turn those into "must be one of ...".
  const problems = new Map<string, { message?: string; allowed: unknown[] }>()
  for (const e of errors) {
    const missing = e.params?.missingProperty as string | undefined
    const name = missing ?? e.instancePath.replace(/^\//, '')
    const entry = problems.get(name) ?? { allowed: [] }
    problems.set(name, entry)
    if (e.keyword === 'const') entry.allowed.push(e.params?.allowedValue)
    else if (e.keyword !== 'anyOf') entry.message ??= missing ? 'is required' : e.message
  }
  const lines = [...problems].map(([name, p]) => `  ${name}: ${p.message ?? (p.allowed.length ? `must be one of ${p.allowed.join(', ')}` : 'is invalid')}`)
  return `invalid configuration (environment variables):\n${lines.join('\n')}`
}
