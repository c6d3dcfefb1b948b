// Runs once before all test files (tap's `before`): builds the migrated template
// database that every test file clones (CREATE DATABASE … TEMPLATE is fast).
// It is rebuilt only when the migrations changed since it was made.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import pg from 'pg'
import { migrate, readMigrations } from '../../src/db/migrations.ts'
import { baseDatabaseUrl, databaseUrlFor, templateDatabaseName } from '../helpers/environment.ts'

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations')
const fingerprint = createHash('sha256')
  .update((await readMigrations(migrationsDir)).map((m) => `${m.name}:${m.checksum}`).join('\n'))
  .digest('hex')

const admin = new pg.Client({ connectionString: baseDatabaseUrl })
await admin.connect()
// Several runs (or developers' editors) may start at once: build the template one at a time.
await admin.query('SELECT pg_advisory_lock(7270736901)')
try {
  const { rows } = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [templateDatabaseName],
  )
  if (rows[0]?.comment !== `migrations ${fingerprint}`) {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabaseName}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${templateDatabaseName}"`)
    await migrate(databaseUrlFor(templateDatabaseName), migrationsDir)
    await admin.query(`COMMENT ON DATABASE "${templateDatabaseName}" IS 'migrations ${fingerprint}'`)
  }
} finally {
  await admin.query('SELECT pg_advisory_unlock(7270736901)')
  await admin.end()
}
