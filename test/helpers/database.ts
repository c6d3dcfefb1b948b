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
 * as a non-superuser it fails (42501) when an autovacuum worker happens to be
 * on the database: wait a moment and try again.
 */
async function dropDatabase(name: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
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
