// Small PostgreSQL helpers for the database-level tests (migration runner,
// schema match). test/helpers/database.ts clones the migrated template; the
// migration tests need databases that start EMPTY instead.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { baseDatabaseUrl, databaseUrlFor } from '../helpers/environment.ts'

export interface EmptyDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

/** A new, empty database (from template0, so nothing a local template1 holds leaks in). Drop it in t.teardown. */
export async function createEmptyDatabase(label = 'empty'): Promise<EmptyDatabase> {
  const name = `shortlist_test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`
  await runSql(baseDatabaseUrl, `CREATE DATABASE "${name}" TEMPLATE template0`)
  return {
    name,
    url: databaseUrlFor(name),
    drop: () => dropDatabase(name),
  }
}

/**
 * DROP DATABASE … WITH (FORCE), retried while it fails for lack of privilege:
 * a non-superuser cannot terminate an autovacuum worker (not our role) that
 * happens to be vacuuming a freshly migrated database. It finishes in moments.
 */
export async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runSql(baseDatabaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      return
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt === 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

/** Runs SQL on its own connection and returns the rows of the last statement. */
export async function runSql<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(sql, params)).rows
  } finally {
    await client.end()
  }
}

/** Names of the tables in the public schema, sorted. */
export async function tableNames(url: string): Promise<string[]> {
  const rows = await runSql<{ name: string }>(url, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
  return rows.map((r) => r.name)
}
