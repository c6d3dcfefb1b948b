// Fixtures for the migration-runner tests: empty databases, a private copy of
// prisma/migrations to edit freely, the recorded history, and scripts/migrate.ts
// run as a real process.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEmptyDatabase, runSql, type EmptyDatabase } from './postgres.ts'

export const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const migrationsDir = path.join(repoRoot, 'prisma', 'migrations')

interface Teardown {
  teardown(fn: () => unknown): void
}

export async function emptyDatabase(t: Teardown, label?: string): Promise<EmptyDatabase> {
  const db = await createEmptyDatabase(label)
  t.teardown(() => db.drop())
  return db
}

/** The migration names in prisma/migrations, in the order they apply. */
export async function migrationNames(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
}

/** A copy of prisma/migrations in the OS temp dir, removed after the test. */
export async function copyOfMigrations(t: Teardown): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'shortlist-migrations-'))
  t.teardown(() => rm(root, { recursive: true, force: true }))
  const dir = path.join(root, 'migrations')
  await cp(migrationsDir, dir, { recursive: true })
  return dir
}

export async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name))
  await writeFile(path.join(dir, name, 'migration.sql'), sql)
}

/** sha256 hex of the migration file's bytes: what Prisma records as the checksum. */
export async function fileChecksum(dir: string, name: string): Promise<string> {
  return createHash('sha256').update(await readFile(path.join(dir, name, 'migration.sql'))).digest('hex')
}

export interface HistoryRow {
  id: string
  checksum: string
  finished_at: Date | null
  migration_name: string
  logs: string | null
  rolled_back_at: Date | null
  started_at: Date
  applied_steps_count: number
}

export async function history(url: string): Promise<HistoryRow[]> {
  return runSql<HistoryRow>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name')
}

export async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await runSql<{ exists: boolean }>(url, 'SELECT to_regclass($1) IS NOT NULL AS exists', [`public.${table}`])
  return row!.exists
}

export interface ProcessResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs scripts/migrate.ts as its own process, as `npm run db:migrate` does
 * (node with tsx's loader: the same as `npx tsx scripts/migrate.ts`, without
 * npx's start-up cost and warnings).
 */
export function runMigrateScript(databaseUrl: string | undefined): Promise<ProcessResult> {
  const env = { ...process.env }
  delete env.DATABASE_URL
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'migrate.ts')], { cwd: repoRoot, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
