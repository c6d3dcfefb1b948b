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
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
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
