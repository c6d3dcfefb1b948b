// The services tests run against: the developer's DATABASE_URL / REDIS_URL, or
// the local defaults scripts/services.sh provides.
export const baseDatabaseUrl = process.env.DATABASE_URL ?? 'postgresql://shortlist:shortlist@127.0.0.1:5432/shortlist'
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const smtpUrl = process.env.SMTP_URL ?? 'smtp://127.0.0.1:1025'

/** The migrated database every test file's database is cloned from. */
export const templateDatabaseName = 'shortlist_test_template'

export function databaseUrlFor(name: string): string {
  const url = new URL(baseDatabaseUrl)
  url.pathname = `/${name}`
  return url.toString()
}
