import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { baseDatabaseUrl, databaseUrlFor, templateDatabaseName } from './environment.ts'

export interface TestDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

/** A fresh database cloned from the migrated template; each test file owns its own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `shortlist_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabaseName}"`)
  return {
    name,
    url: databaseUrlFor(name),
    drop: () => dropDatabase(name),
  }
}

/**
 * Drops a test database. WITH (FORCE) ends our own lingering connections, but
 * as a non-superuser it fails (42501) while an autovacuum worker is on the
 * database (it runs as the superuser), typically right after a bulk write:
 * wait for it and try again. If it is still busy after ~20 s, leave the
 * database behind rather than fail a test that passed; the name says whose it is.
 */
async function dropDatabase(name: string, attempts = 40): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error
      if (attempt >= attempts) {
        process.stderr.write(`# could not drop ${name}: autovacuum is still working on it; left behind\n`)
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseDatabaseUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
