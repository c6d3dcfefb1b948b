// Export of the application list: GET /applications/export streams the list's
// rows (same filters, same order; admins and recruiters only) as spreadsheet-safe CSV or JSON,
// every row once across the export's batches, and records that it happened.
import t from 'tap'
import { parse } from 'csv-parse/sync'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, moved, plainPlan } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const [recruiter, interviewerA, interviewerB] = await Promise.all([
  createUser(app, 'RECRUITER'), createUser(app, 'INTERVIEWER', 'interviewer-a'), createUser(app, 'INTERVIEWER', 'interviewer-b'),
])
const jobA = await createJob(app, { plan: plainPlan, team: [{ user: interviewerA, role: 'INTERVIEWER' }] })
const jobB = await createJob(app, { plan: plainPlan, team: [{ user: interviewerB, role: 'INTERVIEWER' }] })
await app.db.job.update({ where: { id: jobA.id }, data: { title: '+Platform engineer' } })

const COLUMNS = ['id', 'candidateId', 'firstName', 'lastName', 'email', 'jobId', 'jobTitle', 'stageId', 'stageName', 'status', 'rejectionReason', 'stageEnteredAt', 'createdAt', 'updatedAt', 'closedAt']
type Row = Record<string, string | null>

const exportOf = (query: string, user: TestUser = recruiter) => app.inject({ method: 'GET', url: `/applications/export?${query}`, headers: bearer(user) })
async function csvRows(query: string, user: TestUser = recruiter): Promise<Row[]> {
  const res = await exportOf(`format=csv&${query}`, user)
  if (res.statusCode !== 200) throw new Error(`export failed: ${res.statusCode} ${res.body}`)
  return parse(res.body, { columns: true }) as Row[]
}
async function jsonRows(query: string, user: TestUser = recruiter): Promise<Row[]> {
  const res = await exportOf(`format=json&${query}`, user)
  if (res.statusCode !== 200) throw new Error(`export failed: ${res.statusCode} ${res.body}`)
  return res.json() as Row[]
}
/** Every page of GET /applications: what the export must agree with. */
async function listed(query: string, user: TestUser = recruiter): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const res = await app.inject({ method: 'GET', url: `/applications?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(user) })
    const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null }
    ids.push(...page.items.map((i) => i.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

// Five applications to job A on known days (one with a name a spreadsheet would run), one to job B.
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12)).toISOString()
const risky = await createCandidate(app, { firstName: '=HYPERLINK("http://evil.example","click")', source: 'referral', skills: ['go', 'sql'] })
const onA: string[] = []
for (let i = 1; i <= 5; i++) {
  const candidate = i === 1 ? risky : await createCandidate(app, { firstName: `Ada${i}`, source: i % 2 ? 'referral' : 'job-board', skills: i <= 2 ? ['go', 'sql'] : ['go'] })
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobA.id })
  await app.db.application.update({ where: { id: application.id }, data: { createdAt: day(i) } })
  onA.push(application.id)
}
const onB = (await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobB.id })).id
await moved(app, recruiter, onA[0]!, 1, { action: 'advance' })
const REJECTION_NOTE = 'Talked over the panel, team only'
await moved(app, recruiter, onA[1]!, 1, { action: 'reject', reason: 'SKILLS_MISMATCH', note: REJECTION_NOTE, notifyCandidate: false })

t.test('CSV: the export headers, one row per application with its candidate, job and stage, formulas defused', async (t) => {
  const res = await exportOf(`format=csv&jobId=${jobA.id}`)
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
  t.match(res.headers['content-disposition'], /^attachment; filename="applications-\d{4}-\d{2}-\d{2}\.csv"$/)
  t.equal(res.headers['cache-control'], 'no-store', 'personal data is not kept in caches')
  const rows = parse(res.body, { columns: true }) as Row[]
  t.same(Object.keys(rows[0]!), COLUMNS)
  t.same(rows.map((r) => r.id), onA, 'oldest first, as the list, and job A only')

  const candidate = await app.db.candidate.findUniqueOrThrow({ where: { id: risky.id } })
  t.match(rows[0], {
    candidateId: risky.id, firstName: `'=HYPERLINK("http://evil.example","click")`, lastName: 'Lovelace', email: candidate.email,
    jobId: jobA.id, jobTitle: "'+Platform engineer", stageId: jobA.stages[1]!.id, stageName: 'Technical interview',
    status: 'ACTIVE', rejectionReason: '', createdAt: day(1), closedAt: '',
  }, 'a cell starting with = or + gets a quote prefix')
  t.match(rows[0]!.stageEnteredAt, /^\d{4}-\d{2}-\d{2}T.*Z$/)
  t.match(rows[1], { status: 'REJECTED', rejectionReason: 'SKILLS_MISMATCH', stageName: 'Resume review', closedAt: /^\d{4}-\d{2}-\d{2}T.*Z$/ })
  t.notOk(res.body.includes(REJECTION_NOTE), 'the rejection note is not a column')
})

t.test('JSON: an array of the same rows in the same order, values as stored', async (t) => {
  const res = await exportOf(`format=json&jobId=${jobA.id}`)
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json; charset=utf-8/)
  t.match(res.headers['content-disposition'], /^attachment; filename="applications-\d{4}-\d{2}-\d{2}\.json"$/)
  t.equal(res.headers['cache-control'], 'no-store')
  const rows = res.json() as Row[]
  t.same(rows.map((r) => r.id), onA)
  t.same(Object.keys(rows[0]!), COLUMNS)
  t.match(rows[0], { firstName: '=HYPERLINK("http://evil.example","click")', jobTitle: '+Platform engineer', rejectionReason: null, closedAt: null, createdAt: day(1) })
  t.same((await csvRows(`jobId=${jobA.id}`)).map((r) => r.updatedAt), rows.map((r) => r.updatedAt), 'CSV and JSON carry the same instants')
})

t.test('the list filters narrow the export exactly as they narrow the list', async (t) => {
  const queries = [
    `jobId=${jobB.id}`,
    `jobId=${jobA.id}&stageId=${jobA.stages[1]!.id}`,
    `jobId=${jobA.id}&status=REJECTED`,
    `status=ACTIVE&stageId=${jobA.stages[0]!.id}`,
    `jobId=${jobA.id}&source=referral`,
    `jobId=${jobA.id}&tags=sql&tags=go`,
    `jobId=${jobA.id}&tags=kotlin`,
    `jobId=${jobA.id}&appliedAfter=${day(2)}&appliedBefore=${day(4)}`,
  ]
  for (const q of queries) {
    const expected = await listed(q)
    t.same((await csvRows(q)).map((r) => r.id), expected, `CSV: ${q}`)
    t.same((await jsonRows(q)).map((r) => r.id), expected, `JSON: ${q}`)
  }
  t.same((await csvRows(`jobId=${jobA.id}&status=REJECTED`)).map((r) => r.id), [onA[1]], 'not vacuous: a filter picks the rejected one')
  t.same((await csvRows(`jobId=${jobB.id}`)).map((r) => r.id), [onB])
})

t.test('a bulk copy of candidates\' contact details is for admins and recruiters: the rest of the team gets 403, and nothing is recorded', async (t) => {
  const manager = await createUser(app, 'HIRING_MANAGER')
  await app.db.hiringTeamMember.create({ data: { jobId: jobA.id, userId: manager.id, role: 'HIRING_MANAGER' } })
  const audited = () => app.db.auditEvent.count({ where: { action: 'applications.exported' } })
  const before = await audited()
  for (const user of [interviewerA, interviewerB, manager]) t.equal((await exportOf(`jobId=${jobA.id}`, user)).statusCode, 403)
  t.equal(await audited(), before)
  const unknown = await exportOf('jobId=01890000-0000-7000-8000-000000000000')
  t.equal(unknown.statusCode, 404, 'a job that is not there is 404, as for the candidate export')
  t.equal(await audited(), before, 'and is not recorded either')
  const admin = await createUser(app, 'ADMIN')
  t.same((await jsonRows(`jobId=${jobA.id}`, admin)).map((r) => r.id), onA, 'an admin exports as a recruiter does')
})

t.test("an erased candidate's row stays (history is kept) and shows no personal data", async (t) => {
  const candidate = await createCandidate(app, { firstName: 'Forgettable', source: 'erase-me', skills: ['cobol'] })
  const before = await app.db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobB.id })
  const erased = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.equal(erased.statusCode, 200, erased.body)

  const csv = await exportOf(`format=csv&jobId=${jobB.id}`)
  const json = await exportOf(`format=json&jobId=${jobB.id}`)
  for (const [format, body] of [['CSV', csv.body], ['JSON', json.body]] as const) {
    for (const value of [before.email!, 'Forgettable', 'erase-me', 'cobol']) t.notOk(body.includes(value), `${format} holds no ${value}`)
  }
  const row = (parse(csv.body, { columns: true }) as Row[]).find((r) => r.id === application.id)
  t.match(row, { candidateId: candidate.id, firstName: 'Erased', lastName: 'candidate', email: '', status: 'WITHDRAWN' })
  t.match((json.json() as Row[]).find((r) => r.id === application.id), { firstName: 'Erased', lastName: 'candidate', email: null })
})

t.test('a large export streams every application once, in list order, across batches', async (t) => {
  const job = await createJob(app, { plan: plainPlan })
  // 2,500 rows: more than two batches; created_at repeats every 7 rows, so ties are broken by id across batch ends.
  await app.db.$executeRaw`
    WITH c AS (
      INSERT INTO candidates (id, email, first_name, last_name, source, updated_at)
      SELECT gen_random_uuid(), 'bulk' || g || '@application-export.test', 'Bulk' || g, 'Row', 'bulk', now() FROM generate_series(1, 2500) g
      RETURNING id
    )
    INSERT INTO applications (id, candidate_id, job_id, stage_id, updated_at, created_at)
    SELECT gen_random_uuid(), c.id, ${job.id}::uuid, ${job.stages[0]!.id}::uuid, now(),
           timestamptz '2026-02-01' + ((row_number() OVER ()) % 7 || ' seconds')::interval
      FROM c`
  const csv = await csvRows(`jobId=${job.id}`)
  t.equal(csv.length, 2500)
  t.equal(new Set(csv.map((r) => r.id)).size, 2500, 'no application twice')
  const keys = csv.map((r) => `${r.createdAt} ${r.id}`)
  t.same(keys, [...keys].sort(), 'ordered by (createdAt, id) throughout')
  t.ok(csv.every((r) => r.jobTitle === job.title && r.email?.endsWith('@application-export.test')), 'every batch has its titles and e-mails')
  const json = await jsonRows(`jobId=${job.id}`)
  t.same(json.map((r) => r.id), csv.map((r) => r.id), 'CSV and JSON agree, in the same order')
  t.same(csv.map((r) => r.id), await listed(`jobId=${job.id}`), 'and agree with the list paged to the end')
})

t.test('each export is audited with its format and the names of its filters', async (t) => {
  await exportOf(`format=json&jobId=${jobA.id}&source=referral`)
  const event = await app.db.auditEvent.findFirst({ where: { action: 'applications.exported', actorId: recruiter.id }, orderBy: { createdAt: 'desc' } })
  t.match(event, { entityType: 'application_list', jobId: jobA.id, requestId: String, payload: { format: 'json' } })
  t.same((event!.payload as { filters: string[] }).filters.sort(), ['jobId', 'source'], 'names, not values: a source can be personal data')
  t.notOk(JSON.stringify(event!.payload).includes('referral'))
})

t.test('bad requests are 400s, and an anonymous caller is refused', async (t) => {
  for (const q of ['format=xml', 'status=LOST', 'jobId=abc', 'appliedAfter=yesterday', 'limit=10', 'cursor=abc', 'colour=red']) {
    const res = await exportOf(q)
    t.equal(res.statusCode, 400, q)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.equal((await app.inject({ method: 'GET', url: '/applications/export' })).statusCode, 401)
  t.equal((await exportOf('')).headers['content-type'], 'text/csv; charset=utf-8', 'CSV when no format is given')
})
