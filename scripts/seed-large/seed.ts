import pg from 'pg'
import { hashPassword } from '../../src/auth/passwords.ts'
import { DEMO_PASSWORD } from '../lib/seed/demo-staff.ts'
import { applicationColumns, applicationPlans, transitionColumns, type ApplicationPlan, type ApplicationsInput } from './applications.ts'
import { candidateColumns, candidateRows } from './candidates.ts'
import { copyRows, type CopyValue } from './copy-rows.ts'
import { generateJobs, jobColumns, jobRows, stageColumns, stageRows, teamColumns, teamRows } from './jobs.ts'
import { DEFAULT_SEED, defaultJobs, type LargeSeedSize } from './options.ts'
import { revisionColumns, scorecardColumns } from './scorecards.ts'
import { attributeColumns, generateStaff, generateTemplates, staffEmail, templateColumns, userColumns, userRows } from './staff.ts'

export interface LargeSeedOptions {
  /** Empty every table first; without it the seed refuses a database that holds any data. */
  deleteEverything?: boolean
  seed?: number
  /** The moment the data is "as of" (default: now); with the seed it fixes every row. */
  now?: number
}

export interface LargeSeedResult {
  rows: Record<string, number>
  /** Seconds per step (tables, vacuum). */
  seconds: Record<string, number>
  totalSeconds: number
  /** Accounts that can log in, all with `password`. */
  logins: { admin: string; recruiter: string; hiringManager: string; interviewer: string; password: string }
}

/** The seed found data it was not told it may delete. */
export class LargeSeedRefused extends Error {
  override name = 'LargeSeedRefused'
}

/** The tables the seed writes, parents first. */
const SEEDED_TABLES = [
  'users', 'scorecard_templates', 'scorecard_attributes', 'jobs', 'stages', 'hiring_team_members',
  'candidates', 'applications', 'stage_transitions', 'scorecards', 'scorecard_revisions',
] as const

/**
 * Loads a large, realistic data set with COPY, in one transaction (a failure
 * leaves nothing behind), then VACUUM ANALYZE so the planner and index-only
 * scans see it as a long-running database would. The candidates' search columns
 * are filled by their own trigger while copying: measured against disabling it
 * and computing them afterwards (an UPDATE rewrites every row and its index
 * entries: slower) or from a staging table (the same cost), it is as fast and
 * exactly what the trigger computes by construction.
 */
export async function seedLarge(databaseUrl: string, size: LargeSeedSize, log: (line: string) => void = () => {}, options: LargeSeedOptions = {}): Promise<LargeSeedResult> {
  const seed = options.seed ?? DEFAULT_SEED
  const now = options.now ?? Date.now()
  const jobCount = size.jobs ?? defaultJobs(size.candidates)
  const staff = generateStaff(seed, jobCount, now)
  const templates = generateTemplates(seed, staff.admin.id, now)
  const jobs = generateJobs(seed, jobCount, staff, templates.ids, now)
  const openJobs = jobs.filter((j) => j.status === 'OPEN').length
  if (size.applications > size.candidates * Math.min(30, openJobs)) {
    throw new RangeError(`${size.applications} applications are too many for ${size.candidates} candidates and ${openJobs} open jobs (at most ${Math.min(30, openJobs)} each)`)
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const input: ApplicationsInput = { seed, now, candidates: size.candidates, applications: size.applications, jobs }

  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'shortlist-seed-large' })
  await client.connect()
  const rows: Record<string, number> = {}
  const seconds: Record<string, number> = {}
  const started = performance.now()
  const step = async (name: string, work: () => Promise<number | void>) => {
    const t0 = performance.now()
    const count = await work()
    seconds[name] = (performance.now() - t0) / 1000
    if (typeof count === 'number') rows[name] = count
    log(`${name.padEnd(22)} ${typeof count === 'number' ? count.toLocaleString('en').padStart(11) + ' rows' : ''.padStart(16)} ${seconds[name]!.toFixed(1).padStart(7)} s`)
  }
  const copy = (table: string, columns: readonly string[], source: Iterable<readonly CopyValue[]>) => step(table, () => copyRows(client, table, columns, source))
  const fromPlans = (pick: (plan: ApplicationPlan) => CopyValue[][]) => function* () {
    for (const plan of applicationPlans(input)) yield* pick(plan)
  }
  try {
    await client.query('BEGIN')
    await client.query('SET LOCAL statement_timeout = 0')
    // The demo seed takes the same lock: two seeds never interleave.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('shortlist-seed'))`)
    await emptyDatabase(client, options.deleteEverything === true, log)
    await copy('users', userColumns, userRows(staff, passwordHash, now))
    await copy('scorecard_templates', templateColumns, templates.templates)
    await copy('scorecard_attributes', attributeColumns, templates.attributes)
    await copy('jobs', jobColumns, jobRows(seed, jobs))
    await copy('stages', stageColumns, stageRows(jobs))
    await copy('hiring_team_members', teamColumns, teamRows(seed, jobs))
    await copy('candidates', candidateColumns, candidateRows(seed, size.candidates, now))
    await copy('applications', applicationColumns, fromPlans((p) => [p.application])())
    await copy('stage_transitions', transitionColumns, fromPlans((p) => p.transitions)())
    await copy('scorecards', scorecardColumns, fromPlans((p) => p.scorecards)())
    await copy('scorecard_revisions', revisionColumns, fromPlans((p) => p.revisions)())
    await step('commit', async () => void (await client.query('COMMIT')))
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    await client.end()
    throw error
  }
  try {
    await step('vacuum analyze', async () => void (await client.query(`VACUUM (ANALYZE) ${SEEDED_TABLES.map((t) => `"${t}"`).join(', ')}`)))
  } finally {
    await client.end()
  }
  const totalSeconds = (performance.now() - started) / 1000
  log(`${'total'.padEnd(22)} ${''.padStart(16)} ${totalSeconds.toFixed(1).padStart(7)} s`)
  return {
    rows, seconds, totalSeconds,
    logins: { admin: staffEmail('admin'), recruiter: staffEmail('recruiter'), hiringManager: staffEmail('manager'), interviewer: staffEmail('interviewer'), password: DEMO_PASSWORD },
  }
}

/** Refuses a database with data in it, unless told to empty it (in the seed's own transaction, so a failed seed restores it). */
async function emptyDatabase(client: pg.Client, deleteEverything: boolean, log: (line: string) => void) {
  const { rows } = await client.query<{ name: string }>(`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`)
  const tables = rows.map((r) => `"${r.name.replaceAll('"', '""')}"`)
  const holding = await client.query<{ any: boolean }>(`SELECT ${tables.map((t) => `EXISTS (SELECT 1 FROM ${t})`).join(' OR ')} AS any`)
  if (!holding.rows[0]?.any) return
  if (!deleteEverything) throw new LargeSeedRefused('the database already holds data: the large seed only loads into an empty one (pass --yes-delete-everything to empty it first)')
  await client.query(`TRUNCATE TABLE ${tables.join(', ')} RESTART IDENTITY CASCADE`)
  log(`emptied ${tables.length} tables`)
}
