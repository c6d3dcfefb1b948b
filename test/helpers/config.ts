import { randomBytes } from 'node:crypto'
import { loadConfig, type Config } from '../../src/config.ts'
import { redisUrl, smtpUrl } from './environment.ts'

/** A configuration for one test file: its own database and its own Redis key prefix. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '5',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `test-${process.pid}-${randomBytes(3).toString('hex')}`,
    SMTP_URL: smtpUrl,
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    // Files log in many users; the rate-limit test sets its own limits.
    LOGIN_RATE_LIMIT_MAX: '100000',
    LOGIN_ACCOUNT_RATE_LIMIT_MAX: '100000',
    ...overrides,
  })
}
