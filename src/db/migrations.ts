import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

// Applies prisma/migrations the way `prisma migrate deploy` does, without
// Prisma's native schema engine (it cannot be downloaded everywhere we run).
// Same table, same columns, same sha256 checksums and the same advisory lock
// key, so Prisma's own `migrate status`/`deploy` agree with what we record.
// Unlike Prisma, each migration runs inside a transaction: a failure leaves
// nothing half-applied and nothing recorded.

/** The advisory lock key Prisma's migrate engine takes. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: sha256(sql) }
    }),
  )
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * Whether a file still matches the checksum recorded when it was applied. Like
 * Prisma, a checkout that only changed line endings (CRLF vs LF) still matches.
 */
export function matchesChecksum(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll('\r\n', '\n'), sql.replaceAll('\n', '\r\n')].some((variant) => sha256(variant) === checksum)
}

export interface MigrateResult {
  applied: string[]
  alreadyApplied: number
}

/**
 * Applies pending migrations in name order under Prisma's advisory lock, so
 * several instances starting at once apply each migration exactly once.
 * Refuses to run when an applied migration's file has changed since.
 */
export async function migrate(databaseUrl: string, migrationsDir: string, log: (line: string) => void = () => {}): Promise<MigrateResult> {
  const migrations = await readMigrations(migrationsDir)
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'shortlist-migrate' })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY])
    try {
      await client.query(CREATE_MIGRATIONS_TABLE)
      const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      )
      const applied = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]))
      const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name)
      if (failed.length) throw new MigrationError(`migration ${failed.join(', ')} failed earlier and is not resolved; fix the database, then mark it rolled back`)
      const changed = migrations.filter((m) => applied.has(m.name) && !matchesChecksum(m.sql, applied.get(m.name)!)).map((m) => m.name)
      if (changed.length) {
        throw new MigrationError(`applied migration${changed.length > 1 ? 's' : ''} changed since being applied: ${changed.join(', ')}. Restore the file${changed.length > 1 ? 's' : ''} and add a new migration instead.`)
      }
      const known = new Set(migrations.map((m) => m.name))
      const missing = [...applied.keys()].filter((name) => !known.has(name))
      if (missing.length) log(`warning: applied migrations not found locally: ${missing.join(', ')}`)

      const pending = migrations.filter((m) => !applied.has(m.name))
      for (const migration of pending) {
        log(`applying ${migration.name}`)
        await applyOne(client, migration)
      }
      return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY])
    }
  } finally {
    await client.end()
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile) {
  const id = randomUUID()
  await client.query('BEGIN')
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)',
      [id, migration.checksum, migration.name],
    )
    await client.query(migration.sql)
    await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1 WHERE id = $1', [id])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${(error as Error).message}`)
  }
}
