import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { migrate } from '../../src/db/migrations.ts'
import { seedLarge } from '../seed-large/seed.ts'
import { DEFAULT_SEED } from '../seed-large/options.ts'

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prisma', 'migrations')

export interface BenchDataSize { candidates: number; applications: number; jobs: number }

/** What the bench database was seeded with, kept as the database's comment (the bench owns the database, so it may). */
interface SeedMark extends BenchDataSize { seed: number; seededAt: string; seedSeconds: number }

export function databaseUrlFor(baseUrl: string, name: string): string {
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return url.toString()
}

const quoteIdent = (name: string) => pg.escapeIdentifier(name)

/**
 * The dedicated bench database: created if missing, migrated (new migrations
 * apply to it like to any other), and seeded once with the large set; later
 * runs of the same size reuse it. A different size re-seeds it from empty.
 * Returns its URL and what the seed took (null when reused).
 */
export async function ensureBenchDatabase(baseUrl: string, name: string, size: BenchDataSize, log: (line: string) => void): Promise<{ url: string; seededSeconds: number | null; mark: SeedMark }> {
  const url = databaseUrlFor(baseUrl, name)
  const admin = new pg.Client({ connectionString: baseUrl, application_name: 'shortlist-bench' })
  await admin.connect()
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!exists.rowCount) {
      log(`creating database ${name}`)
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`)
    }
    const comment = await admin.query<{ mark: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`, [name])
    const applied = await migrate(url, migrationsDir, log)
    if (applied.applied.length) log(`applied ${applied.applied.length} migration(s) to ${name}`)
    const previous = parseMark(comment.rows[0]?.mark ?? null)
    if (previous && previous.candidates === size.candidates && previous.applications === size.applications && previous.jobs === size.jobs && previous.seed === DEFAULT_SEED) {
      log(`reusing ${name}: ${size.candidates.toLocaleString('en')} candidates, ${size.applications.toLocaleString('en')} applications (seeded ${previous.seededAt} in ${previous.seedSeconds.toFixed(0)} s)`)
      await settle(url, log)
      return { url, seededSeconds: null, mark: previous }
    }
    log(previous ? `re-seeding ${name} at the requested size (it holds ${previous.candidates} candidates, ${previous.applications} applications)` : `seeding ${name} (once; later runs reuse it)`)
    // Cleared first: a seed that fails half-way must not look finished next time.
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS NULL`)
    const result = await seedLarge(url, size, (line) => log(`  ${line}`), { deleteEverything: true, seed: DEFAULT_SEED })
    const mark: SeedMark = { ...size, seed: DEFAULT_SEED, seededAt: new Date().toISOString(), seedSeconds: result.totalSeconds }
    await admin.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${pg.escapeLiteral(JSON.stringify(mark))}`)
    return { url, seededSeconds: result.totalSeconds, mark }
  } finally {
    await admin.end()
  }
}

/**
 * VACUUM (ANALYZE) of the tables the last run's moves and e-mails changed, so
 * a reused database starts as a seeded one does: otherwise autovacuum may work
 * through their dead rows during the first pairs, and index-only scans visit
 * the heap for pages the moves left not all-visible. Both sides of every pair
 * read the same settled tables.
 */
async function settle(url: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'shortlist-bench' })
  await client.connect()
  try {
    const started = performance.now()
    await client.query('VACUUM (ANALYZE) applications, stage_transitions, audit_events, notifications, outbox_events, candidates')
    log(`vacuumed what earlier runs changed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    await client.end()
  }
}

function parseMark(text: string | null): SeedMark | null {
  if (!text) return null
  try {
    const mark = JSON.parse(text) as Partial<SeedMark>
    return typeof mark.candidates === 'number' && typeof mark.applications === 'number' && typeof mark.jobs === 'number' && typeof mark.seed === 'number'
      ? (mark as SeedMark)
      : null
  } catch {
    return null
  }
}
