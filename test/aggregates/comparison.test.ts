// GET /jobs/:jobId/stages/:stageId/comparison: a job's candidates at a stage,
// ranked by overall weighted score, raw or calibrated, a page at a time.
//
// Template: sql w1 · apis w1. History (5 rejected applications at the stage):
// F1 = F2 = x and L = x + 1 on both attributes, x in 2 3 2 3 3. So, over 10
// comparable ratings each: L raw +1, applied 1 · 10/15 = 0.667; F1 raw −0.5,
// applied −0.5 · 10/15 = −0.333. The candidates now in the stage:
//   W: L alone, sql 4 apis 4  → raw 4,   calibrated 4 − 0.667 = 3.333
//   V: F1 alone, sql 3 apis 4 → raw 3.5, calibrated (3.333 + min(4.333, 4)) / 2 = 3.667
//   U: N (no history), sql 2 apis 3 → raw 2.5 = calibrated
//   T: no scorecard → unscored, last
// Raw: W V U T. Calibrated: V W U T (the lenient assessor's candidate drops).
import t from 'tap'
import { captureStatements } from '../../scripts/bench/capture-sql.ts'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { addScorecard, createApplication, createAssessor, createJob, createTemplate } from './fixtures.ts'

const { app } = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '100000' })
const [manager, recruiter, interviewer, managerAsInterviewer, otherManager] = await Promise.all([
  createUser(app, 'HIRING_MANAGER'), createUser(app, 'RECRUITER'), createUser(app, 'INTERVIEWER'), createUser(app, 'HIRING_MANAGER'), createUser(app, 'HIRING_MANAGER'),
])
const [L, F1, F2, N] = await Promise.all([createAssessor(app), createAssessor(app), createAssessor(app), createAssessor(app)])
const template = await createTemplate(app, [{ key: 'sql', weight: 1 }, { key: 'apis', weight: 1, section: 'TECHNICAL' }])
const job = await createJob(app, {
  stages: [{ name: 'Technical interview', template }],
  team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' }],
})
const stageId = job.stages[0]!.id
const card = (applicationId: string, authorId: string, sql: number, apis: number) =>
  addScorecard(app, { applicationId, stageId, template, authorId, recommendation: sql, ratings: { sql, apis } })

for (const x of [2, 3, 2, 3, 3]) {
  const past = await createApplication(app, job.id, stageId, { status: 'REJECTED' })
  await card(past.id, L.id, x + 1, x + 1)
  await card(past.id, F1.id, x, x)
  await card(past.id, F2.id, x, x)
}
const W = await createApplication(app, job.id, stageId, { firstName: 'W' })
await card(W.id, L.id, 4, 4)
const V = await createApplication(app, job.id, stageId, { firstName: 'V' })
await card(V.id, F1.id, 3, 4)
const U = await createApplication(app, job.id, stageId, { firstName: 'U' })
await card(U.id, N.id, 2, 3)
const T = await createApplication(app, job.id, stageId, { firstName: 'T' })

const compare = (user: { token: string }, query = '', ids = { jobId: job.id, stageId }) =>
  app.inject({ method: 'GET', url: `/jobs/${ids.jobId}/stages/${ids.stageId}/comparison${query}`, headers: bearer(user) })

interface Item {
  rank: number
  application: { id: string }
  overall: { raw: number | null; calibrated: number | null }
  attributes: Array<{ key: string; n: number; mean: number | null; calibratedMean: number | null }>
}
interface Page {
  items: Item[]
  nextCursor: string | null
  total: number
  attributes: Array<{ key: string }>
}

t.test('ranked by the calibrated score by default: the lenient assessor\'s candidate drops below the fair one', async (t) => {
  const res = await compare(manager)
  t.equal(res.statusCode, 200, res.body)
  const page = res.json() as Page
  t.same(page.items.map((i) => i.application.id), [V.id, W.id, U.id, T.id])
  t.same(page.items.map((i) => i.rank), [1, 2, 3, 4])
  t.same(page.items.map((i) => i.overall), [
    { raw: 3.5, calibrated: 3.667 },
    { raw: 4, calibrated: 3.333 },
    { raw: 2.5, calibrated: 2.5 },
    { raw: null, calibrated: null },
  ])
  t.equal(page.total, 4, 'only the active applications in the stage')
  t.same(page.attributes.map((a) => a.key), ['sql', 'apis'])
  t.same(page.items[0]!.attributes, [
    { key: 'sql', n: 1, mean: 3, calibratedMean: 3.333, disagreement: false },
    { key: 'apis', n: 1, mean: 4, calibratedMean: 4, disagreement: false },
  ], 'V side by side by attribute (4.333 clamped to 4)')
})

t.test('ranked by the raw score on request', async (t) => {
  const page = (await compare(recruiter, '?rankBy=raw')).json() as Page
  t.same(page.items.map((i) => i.application.id), [W.id, V.id, U.id, T.id])
})

t.test('pages follow one ordering: no row skipped or repeated', async (t) => {
  const first = (await compare(manager, '?limit=3')).json() as Page
  t.same(first.items.map((i) => i.application.id), [V.id, W.id, U.id])
  t.type(first.nextCursor, 'string')
  const second = (await compare(manager, `?limit=3&cursor=${first.nextCursor}`)).json() as Page
  t.same(second.items.map((i) => [i.rank, i.application.id]), [[4, T.id]])
  t.equal(second.nextCursor, null)
  t.equal((await compare(manager, '?cursor=bm90LWEtY3Vyc29y')).statusCode, 400, 'a cursor we did not issue')
})

t.test('include=all adds the applications that have left the stage or closed', async (t) => {
  const page = (await compare(manager, '?include=all&limit=100')).json() as Page
  t.equal(page.total, 9)
})

t.test('only the job\'s hiring managers, recruiters and admins compare', async (t) => {
  t.equal((await compare(interviewer)).statusCode, 403, 'an interviewer: by role')
  t.equal((await compare(managerAsInterviewer)).statusCode, 403, 'a hiring manager interviewing on this job')
  t.equal((await compare(otherManager)).statusCode, 404, 'a hiring manager of other jobs does not see this one')
  t.equal((await compare(manager, '', { jobId: job.id, stageId: '0190a000-0000-7000-8000-000000000000' })).statusCode, 404, 'a stage of another plan')
})

t.test("a row shows its panel's scores, so comparing records a first look at each application on the page: once, one write for the page", async (t) => {
  const admin = await createUser(app, 'ADMIN')
  const seen = async () => {
    const views = await app.db.scorecardView.findMany({ where: { userId: admin.id }, select: { applicationId: true, stageId: true } })
    const events = await app.db.auditEvent.findMany({ where: { action: 'scorecard.others_first_seen', actorId: admin.id }, select: { entityId: true, jobId: true, payload: true } })
    return {
      views: views.map((v) => `${v.applicationId}:${v.stageId}`).sort(),
      events: events.map((e) => ({ ...e, payload: e.payload as { stageId: string; scorecardIds: string[] } })).sort((a, b) => a.entityId!.localeCompare(b.entityId!)),
    }
  }
  const cardsOf = (applicationId: string) => app.db.scorecard.findMany({ where: { applicationId, stageId }, select: { id: true } }).then((cs) => cs.map((c) => c.id))
  const writes = (statements: Array<{ text: string }>) => statements.filter((s) => /\bINSERT\b/i.test(s.text)).length

  const first = await captureStatements(() => compare(admin, '?limit=2'))
  t.same((first.result.json() as Page).items.map((i) => i.application.id), [V.id, W.id])
  t.equal(writes(first.statements), 1, 'the views and their audit events in one statement')
  t.same(await seen(), {
    views: [`${V.id}:${stageId}`, `${W.id}:${stageId}`].sort(),
    events: [
      { entityId: V.id, jobId: job.id, payload: { stageId, scorecardIds: await cardsOf(V.id) } },
      { entityId: W.id, jobId: job.id, payload: { stageId, scorecardIds: await cardsOf(W.id) } },
    ].sort((a, b) => a.entityId.localeCompare(b.entityId)),
  }, "the page's two applications, each with an event naming the scorecards shown; not U, which was only ranked below them")

  const again = await captureStatements(() => compare(admin, '?limit=2'))
  t.equal(writes(again.statements), 0, 'looking again writes nothing')
  const next = (await compare(admin, `?limit=2&cursor=${(first.result.json() as Page).nextCursor}`)).json() as Page
  t.same(next.items.map((i) => i.application.id), [U.id, T.id])
  const after = await seen()
  t.equal(after.events.length, 3, 'one more event, for U')
  t.ok(after.views.includes(`${U.id}:${stageId}`), 'U is recorded on its page')
  t.notOk(after.views.includes(`${T.id}:${stageId}`), 'T has no scorecard to see')
})
