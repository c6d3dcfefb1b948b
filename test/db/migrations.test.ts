// src/db/migrations.ts applies prisma/migrations the way `prisma migrate deploy`
// does, so what it records must be what Prisma records. What Prisma does, from
// prisma-engines (schema-engine):
//
// - connectors/sql-schema-connector/src/flavour/postgres.rs, create_migrations_table:
//   the _prisma_migrations columns and types compared below; acquire_lock takes
//   pg_advisory_lock(72707369).
// - commands/src/commands/apply_migrations.rs + sql_migration_persistence.rs: per
//   migration, insert (id = UUID v4, checksum, migration_name, started_at), run
//   the script, then applied_steps_count = applied_steps_count + 1 and
//   finished_at = now. logs stays NULL unless the script fails.
// - connectors/schema-connector/src/checksum.rs: checksum = lowercase hex
//   sha256 of the script exactly as read (no normalisation when recording).
//   Comparing (script_matches_checksum, used by migrate dev/status) accepts the
//   script as is, with CRLF→LF, or with LF→CRLF, "because git messes with line
//   endings". `migrate deploy` itself never compares checksums; refusing an
//   edited migration is this project's choice (src/db/migrations.ts).
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { migrate, MigrationError } from '../../src/db/migrations.ts'
import {
  addMigration,
  copyOfMigrations,
  emptyDatabase,
  fileChecksum,
  history,
  migrationNames,
  migrationsDir,
  runMigrateScript,
  tableExists,
} from './migration-fixtures.ts'
import { runSql, tableNames } from './postgres.ts'

const names = await migrationNames()
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('migrating an empty database applies every migration and records it as Prisma does', async (t) => {
  const db = await emptyDatabase(t, 'fresh')
  const lines: string[] = []
  const result = await migrate(db.url, migrationsDir, (line) => lines.push(line))
  t.same(result, { applied: names, alreadyApplied: 0 })
  t.same(lines, names.map((name) => `applying ${name}`))

  // Prisma's own table definition (flavour/postgres.rs), column by column, in order.
  const columns = await runSql(db.url, `
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
           pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = '"_prisma_migrations"'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`)
  t.same(columns, [
    { name: 'id', type: 'character varying(36)', not_null: true, default: null },
    { name: 'checksum', type: 'character varying(64)', not_null: true, default: null },
    { name: 'finished_at', type: 'timestamp with time zone', not_null: false, default: null },
    { name: 'migration_name', type: 'character varying(255)', not_null: true, default: null },
    { name: 'logs', type: 'text', not_null: false, default: null },
    { name: 'rolled_back_at', type: 'timestamp with time zone', not_null: false, default: null },
    { name: 'started_at', type: 'timestamp with time zone', not_null: true, default: 'now()' },
    { name: 'applied_steps_count', type: 'integer', not_null: true, default: '0' },
  ])
  const constraints = await runSql(db.url, `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '"_prisma_migrations"'::regclass`)
  t.same(constraints, [{ conname: '_prisma_migrations_pkey', def: 'PRIMARY KEY (id)' }], 'only the primary key, on id')

  const rows = await history(db.url)
  t.same(rows.map((r) => r.migration_name), names, 'one row per migration, in order')
  for (const row of rows) {
    t.equal(row.checksum, await fileChecksum(migrationsDir, row.migration_name), `${row.migration_name}: checksum is sha256 of the file's bytes`)
    t.match(row.id, UUID_V4, 'id is a UUID v4, as Prisma makes them')
    t.equal(row.applied_steps_count, 1, 'one successful step: the script')
    t.ok(row.finished_at && row.finished_at >= row.started_at, 'finished_at set, not before started_at')
    t.equal(row.logs, null)
    t.equal(row.rolled_back_at, null)
  }
  // Prisma stamps started_at before the script and finished_at after it (wall
  // clock, in milliseconds): the first migration, which builds every table, takes some.
  t.ok(rows[0]!.finished_at! > rows[0]!.started_at, 'finished_at is when the script finished, not when it started')
  t.ok(await tableExists(db.url, 'users'), 'the migrations really ran')

  t.test('running it again changes nothing', async (t) => {
    const tablesBefore = await tableNames(db.url)
    t.same(await migrate(db.url, migrationsDir), { applied: [], alreadyApplied: names.length })
    t.same(await history(db.url), rows, 'same rows, same ids and times')
    t.same(await tableNames(db.url), tablesBefore)
  })
})

t.test('runners started at once apply each migration exactly once', async (t) => {
  t.test('five migrate() calls in one process', async (t) => {
    const db = await emptyDatabase(t, 'concurrent')
    // allSettled: a failing runner must not leave the others running past the test.
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => migrate(db.url, migrationsDir)))
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []))
    t.same(failures, [], 'all five succeed')
    const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    t.same(results.flatMap((r) => r.applied).sort(), names, 'every migration applied by exactly one runner')
    t.equal(results.filter((r) => r.applied.length > 0).length, 1, 'the first runner to get the lock applied them all')
    t.same((await history(db.url)).map((r) => r.migration_name), names, 'recorded once each')
  })

  // Prisma's own `migrate deploy` takes pg_advisory_lock(72707369) (flavour/postgres.rs):
  // while it holds that lock, our runner must wait rather than migrate alongside it.
  t.test('it waits for the lock Prisma Migrate takes', async (t) => {
    const db = await emptyDatabase(t, 'prisma-lock')
    const holder = new pg.Client({ connectionString: db.url })
    await holder.connect()
    t.teardown(() => holder.end())
    await holder.query('SELECT pg_advisory_lock(72707369)')
    let settled = false
    const running = migrate(db.url, migrationsDir).finally(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 500))
    t.notOk(settled, 'still waiting while the lock is held')
    t.notOk(await tableExists(db.url, '_prisma_migrations'), 'nothing done yet')
    await holder.query('SELECT pg_advisory_unlock(72707369)')
    t.same(await running, { applied: names, alreadyApplied: 0 }, 'proceeds once it is released')
  })

  t.test('four scripts/migrate.ts processes', async (t) => {
    const db = await emptyDatabase(t, 'processes')
    const runs = await Promise.all(Array.from({ length: 4 }, () => runMigrateScript(db.url)))
    t.same(runs.map((r) => r.code), [0, 0, 0, 0], runs.map((r) => r.stderr).join(''))
    t.equal(runs.filter((r) => r.stdout.startsWith('applying ')).length, 1, 'one process applied the migrations')
    t.equal(runs.filter((r) => r.stdout === `database is up to date (${names.length} migration(s) applied)\n`).length, 3, 'the others found nothing to do')
    t.same((await history(db.url)).map((r) => r.migration_name), names, 'recorded once each')
  })
})

t.test('an applied migration whose file was edited is refused, and nothing is applied', async (t) => {
  const db = await emptyDatabase(t, 'edited')
  const dir = await copyOfMigrations(t)
  await migrate(db.url, dir)
  const before = await history(db.url)

  const edited = names[0]!
  await appendFile(path.join(dir, edited, 'migration.sql'), '\n-- an afterthought\n')
  await addMigration(dir, '29990101000000_pending', 'CREATE TABLE "pending_thing" ("id" INTEGER);\n')

  const error = await migrate(db.url, dir).then(() => undefined, (e: unknown) => e)
  t.type(error, MigrationError)
  t.match((error as Error).message, new RegExp(`changed since being applied: ${edited}\\b`), 'names the edited migration')
  t.same(await history(db.url), before, 'history unchanged')
  t.notOk(await tableExists(db.url, 'pending_thing'), 'the pending migration was not applied either')
})

t.test('a failing migration is rolled back entirely and named in the error', async (t) => {
  const db = await emptyDatabase(t, 'failing')
  const dir = await copyOfMigrations(t)
  const broken = '29990101000000_broken'
  // Two statements succeed before the third fails: all three must be undone.
  const sql = 'CREATE TABLE "half_done" ("id" INTEGER);\nINSERT INTO "half_done" VALUES (1);\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n'
  await addMigration(dir, broken, sql)

  const error = await migrate(db.url, dir).then(() => undefined, (e: unknown) => e)
  t.type(error, MigrationError)
  t.match((error as Error).message, new RegExp(`migration ${broken} failed and was rolled back: relation "no_such_table" does not exist`))
  t.notOk(await tableExists(db.url, 'half_done'), 'no partial table')
  t.same((await history(db.url)).map((r) => r.migration_name), names, 'the earlier migrations stay applied; no row for the broken one')

  // Nothing was recorded, so fixing the file is enough: no "failed migration" state to resolve.
  await writeFile(path.join(dir, broken, 'migration.sql'), sql.replace('"no_such_table"', '"half_done"'))
  t.same(await migrate(db.url, dir), { applied: [broken], alreadyApplied: names.length })
  t.ok(await tableExists(db.url, 'half_done'))
})

t.test('a migration added later is applied on the next run, alone', async (t) => {
  const db = await emptyDatabase(t, 'added')
  const dir = await copyOfMigrations(t)
  await migrate(db.url, dir)
  const before = await history(db.url)

  const added = '29990101000000_add_thing'
  await addMigration(dir, added, 'CREATE TABLE "thing" ("id" UUID NOT NULL PRIMARY KEY);\n')
  const lines: string[] = []
  t.same(await migrate(db.url, dir, (line) => lines.push(line)), { applied: [added], alreadyApplied: names.length })
  t.same(lines, [`applying ${added}`])
  const after = await history(db.url)
  t.same(after.slice(0, before.length), before, 'earlier rows untouched')
  t.equal(after.length, before.length + 1)
  t.equal(after.at(-1)!.migration_name, added)
  t.equal(after.at(-1)!.checksum, await fileChecksum(dir, added))
  t.ok(await tableExists(db.url, 'thing'))
})

t.test('line endings changed by git (CRLF checkout) do not count as an edit, as in Prisma', async (t) => {
  const db = await emptyDatabase(t, 'crlf')
  const dir = await copyOfMigrations(t)
  await migrate(db.url, dir)
  const file = path.join(dir, names[0]!, 'migration.sql')
  await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'))
  const outcome = await migrate(db.url, dir).catch((error: Error) => error.message)
  t.same(outcome, { applied: [], alreadyApplied: names.length }, 'CRLF copy of an applied migration is accepted')
})

t.test('scripts/migrate.ts as a process', async (t) => {
  const db = await emptyDatabase(t, 'script')

  const first = await runMigrateScript(db.url)
  t.equal(first.code, 0, first.stderr)
  t.equal(first.stdout, `${names.map((n) => `applying ${n}\n`).join('')}applied ${names.length} migration(s); 0 already applied\n`)
  t.equal(first.stderr, '')

  const second = await runMigrateScript(db.url)
  t.equal(second.code, 0, second.stderr)
  t.equal(second.stdout, `database is up to date (${names.length} migration(s) applied)\n`)

  // The script always reads the real prisma/migrations, which a test must not
  // edit; changing the recorded checksum is the same mismatch seen from the runner.
  const edited = names[0]!
  await runSql(db.url, `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [edited])
  const refused = await runMigrateScript(db.url)
  t.equal(refused.code, 1)
  t.equal(refused.stdout, '')
  t.match(refused.stderr, new RegExp(`^applied migration changed since being applied: ${edited}\\. Restore the file and add a new migration instead\\.\\n$`))

  const noUrl = await runMigrateScript(undefined)
  t.equal(noUrl.code, 78, 'EX_CONFIG without DATABASE_URL')
  t.equal(noUrl.stderr, 'DATABASE_URL is required\n')
})
