import { createPrismaClient, type Db } from '../../src/db/client.ts'

/** Exit code for a missing or invalid setting (EX_CONFIG), as the API and worker use. */
export const EXIT_CONFIG = 78

/**
 * The database for a one-off script. Scripts need only DATABASE_URL (not the
 * API's secrets), get a small pool, and a longer statement timeout than the
 * API's because bulk inserts are legitimately slow.
 */
export function openScriptDatabase(env: NodeJS.ProcessEnv, applicationName: string): Db {
  const url = env.DATABASE_URL
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('DATABASE_URL is required: a postgresql:// URL (see .env.example)\n')
    process.exit(EXIT_CONFIG)
  }
  return createPrismaClient(
    { DATABASE_URL: url, DATABASE_POOL_MAX: 4, DATABASE_CONNECT_TIMEOUT_MS: 5000, DATABASE_STATEMENT_TIMEOUT_MS: 120_000 },
    applicationName,
  )
}
