// The large seed loads a realistic, internally consistent data set with COPY:
// search columns exactly as the trigger computes them, every application's
// history leading to where it is, the scorecards its stage needed; the same
// seed gives the same data; it never writes over data without being told to;
// and the API works on what it loaded.
import t from 'tap'
import pg from 'pg'
import { buildApp } from '../../src/app.ts'
import { DEMO_PASSWORD } from '../../scripts/lib/seed/demo-staff.ts'
import { LargeSeedRefused, seedLarge } from '../../scripts/seed-large.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { runScript } from './run-script.ts'

const database = await createTestDatabase()
const db = new pg.Client({ connectionString: database.url })
await db.connect()
t.teardown(async () => {
  await db.end()
  await database.drop()
})

const size = { candidates: 400, applications: 1600, jobs: 10 }
const now = Date.UTC(2026, 10, 1, 12)
const lines: string[] = []
const result = await seedLarge(database.url, size, (line) => lines.push(line), { seed: 42, now })
const one = async <T = Record<string, unknown>>(sql: string) => (await db.query(sql)).rows[0] as T
const count = async (sql: string) => (await one<{ n: number }>(`SELECT (${sql})::int AS n`)).n

t.test('it loads the requested candidates, applications and jobs, with staff and the default plan', async (t) => {
  t.match(result.rows, { candidates: 400, applications: 1600, jobs: 10, stages: 90, scorecard_templates: 8 })
  t.equal(await count('SELECT count(*) FROM applications'), 1600)
  const roles = (await db.query(`SELECT role::text, count(*)::int AS n FROM users GROUP BY role ORDER BY role::text`)).rows
  t.same(roles.map((r) => r.role), ['ADMIN', 'HIRING_MANAGER', 'INTERVIEWER', 'RECRUITER'], 'staff of every role')
  t.equal(await count(`SELECT count(*) FROM stages s JOIN jobs j ON j.id = s.job_id WHERE s.kind <> 'OFFER' AND s.template_id IS NULL`), 0, 'every stage but the offer uses a template')
  t.ok(await count(`SELECT count(DISTINCT job_id) FROM hiring_team_members WHERE role = 'INTERVIEWER'`) === 10, 'every job has interviewers')
  t.ok(lines.some((l) => /^applications\s+1,600 rows\s+[\d.]+ s$/.test(l)), 'prints rows and seconds per table')
  t.ok(lines.some((l) => l.startsWith('vacuum analyze')), 'and the closing VACUUM ANALYZE')
  t.ok(result.seconds.candidates! >= 0 && result.totalSeconds > 0, 'and returns the timings')
})

t.test("candidates' e-mails are unique and lowercase, and their search columns are exactly what the trigger computes", async (t) => {
  t.equal(await count(`SELECT count(*) FROM candidates WHERE email <> lower(email) OR email !~ '^[a-z0-9._]+@[a-z.]+$'`), 0)
  t.equal(await count(`SELECT count(*) FROM candidates
    WHERE search_words IS DISTINCT FROM lower(concat_ws(' ', first_name, last_name, email, array_to_string(skills, ' ')))
       OR search_document IS DISTINCT FROM candidate_search_document(id, first_name, last_name, email, skills)
       OR team_search_document IS DISTINCT FROM candidate_team_search_document(id, first_name, last_name, email, skills)`), 0)
  t.ok(await count(`SELECT count(*) FROM candidates WHERE 'PostgreSQL' = ANY (skills)`) > 20, 'back-end skills are common')
})

t.test('every application is consistent with its history', async (t) => {
  const statuses = Object.fromEntries((await db.query(`SELECT status::text, count(*)::int AS n FROM applications GROUP BY status`)).rows.map((r) => [r.status, r.n]))
  t.ok(statuses.ACTIVE > statuses.REJECTED && statuses.REJECTED > 0 && statuses.WITHDRAWN > 0, `mostly active, some closed (${JSON.stringify(statuses)})`)
  t.equal(await count(`SELECT count(*) FROM (SELECT candidate_id, job_id FROM applications GROUP BY 1, 2 HAVING count(*) > 1) x`), 0, 'one application per candidate and job')
  t.equal(await count(`SELECT count(*) FROM applications a JOIN candidates c ON c.id = a.candidate_id
    WHERE a.created_at < c.created_at OR a.stage_entered_at < a.created_at OR a.closed_at < a.stage_entered_at OR a.created_at > to_timestamp(${now / 1000})`), 0, 'times in order')
  t.equal(await count(`SELECT count(*) FROM applications WHERE (status = 'ACTIVE') <> (closed_at IS NULL) OR (status = 'REJECTED') <> (rejection_reason IS NOT NULL)`), 0, 'closed ones have a close date; rejections a reason')
  t.equal(await count(`SELECT count(*) FROM applications a WHERE a.version <> (SELECT count(*) FROM stage_transitions t WHERE t.application_id = a.id)`), 0, 'one transition per version')
  t.equal(await count(`SELECT count(*) FROM applications a
    WHERE (SELECT kind FROM stage_transitions t WHERE t.application_id = a.id ORDER BY created_at, kind LIMIT 1) <> 'APPLIED'
       OR NOT EXISTS (SELECT 1 FROM stage_transitions t WHERE t.application_id = a.id AND t.to_stage_id = a.stage_id AND t.to_status = a.status
                        AND t.created_at = (SELECT max(created_at) FROM stage_transitions u WHERE u.application_id = a.id))`), 0,
  'each starts APPLIED and its latest transition leads to its stage and status')
  t.equal(await count(`SELECT count(*) FROM applications a JOIN stages s ON s.id = a.stage_id WHERE s.job_id <> a.job_id`), 0, "stages belong to the application's job")
})

t.test('active applications have the scorecards of the stage they left, so they can be moved back and forth', async (t) => {
  t.equal(await count(`SELECT count(*) FROM applications a JOIN stages s ON s.id = a.stage_id
    JOIN stages p ON p.job_id = a.job_id AND p.position = s.position - 1
   WHERE a.status = 'ACTIVE'
     AND (SELECT count(*) FROM scorecards x WHERE x.application_id = a.id AND x.stage_id = p.id AND x.status = 'SUBMITTED') < p.required_scorecards`), 0)
  t.ok(await count(`SELECT count(*) FROM scorecards x JOIN applications a ON a.id = x.application_id WHERE x.stage_id = a.stage_id AND x.status = 'SUBMITTED'`) > 0, 'and some of their current stage')
  t.equal(await count(`SELECT count(*) FROM scorecards x WHERE x.status = 'SUBMITTED' AND NOT EXISTS (SELECT 1 FROM scorecard_revisions r WHERE r.scorecard_id = x.id AND r.revision = 1)`), 0, 'each submission has its revision 1')
})

t.test('the API serves the seeded data to the seeded recruiter', async (t) => {
  const config = testConfig(database.url)
  const app = await buildApp(config, { fastify: { logger: false } })
  t.teardown(async () => {
    await app.close()
    await deleteRedisKeys(config)
  })
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: result.logins.recruiter, password: DEMO_PASSWORD } })
  t.equal(login.statusCode, 200, 'the recruiter logs in with the published password')
  const headers = { authorization: `Bearer ${login.json().accessToken}` }
  const job = await one<{ id: string }>(`SELECT job_id AS id FROM applications GROUP BY job_id ORDER BY count(*) DESC LIMIT 1`)
  const board = await app.inject({ url: `/jobs/${job.id}/board`, headers })
  t.equal(board.statusCode, 200, 'reads the busiest board')
  t.equal(board.json().stages.length, 9, 'the board shows the eight steps and the offer')
  const search = await app.inject({ url: `/candidates/search?q=${encodeURIComponent('Postgress')}`, headers })
  t.equal(search.statusCode, 200, 'searches')
  t.ok(search.json().items.length > 0, 'a misspelt skill finds candidates')
})

t.test('the same seed gives the same data; it refuses a database with data unless told to empty it', async (t) => {
  const fingerprint = () => one<{ emails: string; ids: string }>(`SELECT md5(string_agg(email, ',' ORDER BY email)) AS emails,
    (SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM applications) AS ids FROM candidates`)
  const before = await fingerprint()
  await t.rejects(seedLarge(database.url, size, () => {}, { seed: 42, now }), LargeSeedRefused)
  t.equal(await count('SELECT count(*) FROM candidates'), 400, 'the refused seed changed nothing')
  await seedLarge(database.url, size, () => {}, { seed: 42, now, deleteEverything: true })
  t.same(await fingerprint(), before, 'emptied and loaded again: the same candidates and applications')
})

t.test('the command line checks its arguments and refuses data it would overwrite', async (t) => {
  const bad = await runScript('scripts/seed-large.ts', ['--candidates', 'many'], { DATABASE_URL: database.url })
  t.equal(bad.code, 64)
  t.match(bad.stderr, '--candidates must be a whole number')
  const tooMany = await runScript('scripts/seed-large.ts', ['--candidates', '10', '--applications', '100000', '--jobs', '5'], { DATABASE_URL: database.url })
  t.equal(tooMany.code, 64, 'more applications than candidates and open jobs can hold is a usage error')
  const noUrl = await runScript('scripts/seed-large.ts', [], { DATABASE_URL: '' })
  t.equal(noUrl.code, 78)
  const refused = await runScript('scripts/seed-large.ts', ['--candidates', '20', '--applications', '40', '--jobs', '3'], { DATABASE_URL: database.url })
  t.equal(refused.code, 3, 'a database with data is refused')
  t.match(refused.stderr, '--yes-delete-everything')
  const production = await runScript('scripts/seed-large.ts', [], { DATABASE_URL: database.url, NODE_ENV: 'production' })
  t.equal(production.code, 3)
})
