// The pipeline board: GET /jobs/:jobId/board.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, moved, plainPlan } from '../applications/fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const interviewerA = await createUser(app, 'INTERVIEWER')
const interviewerB = await createUser(app, 'INTERVIEWER')
const job = await createJob(app, { plan: plainPlan, team: [{ user: interviewerA, role: 'INTERVIEWER' }] })
const otherJob = await createJob(app, { plan: plainPlan, team: [{ user: interviewerB, role: 'INTERVIEWER' }] })

const board = (user: TestUser, jobId: string, query = '') => app.inject({ method: 'GET', url: `/jobs/${jobId}/board${query}`, headers: bearer(user) })

// Job: five in resume review, two in the technical interview, one hired, one rejected, one withdrawn.
const inReview: string[] = []
for (let i = 0; i < 10; i++) {
  const a = await applied(app, recruiter, { candidateId: (await createCandidate(app, { firstName: `C${i}` })).id, jobId: job.id })
  await app.db.application.update({ where: { id: a.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1 + i)) } })
  if (i < 5) inReview.push(a.id)
  else if (i < 7) await moved(app, recruiter, a.id, 1, { action: 'advance' })
  else if (i === 7) {
    const offer = await moved(app, recruiter, a.id, 1, { action: 'move', toStageId: job.stages.at(-1)!.id, reason: 'Fast track' })
    await moved(app, recruiter, a.id, offer.version, { action: 'hire' })
  } else if (i === 8) await moved(app, recruiter, a.id, 1, { action: 'reject', reason: 'OTHER', notifyCandidate: false })
  else await moved(app, recruiter, a.id, 1, { action: 'withdraw' })
}
await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: otherJob.id })

t.test('every live stage in plan order with its active count and first page, and the closed totals, in one call', async (t) => {
  const res = await board(recruiter, job.id, '?limit=3')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.job, { id: job.id, title: job.title, status: 'OPEN' })
  t.same(body.stages.map((s: { stage: { id: string } }) => s.stage.id), job.stages.map((s) => s.id), 'every stage, in plan order')
  t.same(body.stages.map((s: { count: number }) => s.count), [5, 2, 0, 0, 0, 0, 0, 0, 0], 'active applications only; the hired one no longer counts in Offer')
  const review = body.stages[0]
  t.same(review.items.map((i: { id: string }) => i.id), inReview.slice(0, 3), 'the first page holds the oldest three')
  t.match(review.items[0], { version: 1, candidate: { firstName: 'C0', lastName: 'Lovelace' } })
  t.type(review.nextCursor, 'string', 'and says there is more')
  t.equal(body.stages[1].nextCursor, null, 'a stage that fits on one page has no next cursor')
  t.same(body.stages[2].items, [])
  t.same(body.closed, { hired: 1, rejected: 1, withdrawn: 1 })
})

t.test("a stage's next cursor continues as GET /applications for that stage", async (t) => {
  const first = (await board(recruiter, job.id, '?limit=3')).json().stages[0]
  const res = await app.inject({
    method: 'GET',
    url: `/applications?jobId=${job.id}&stageId=${job.stages[0]!.id}&status=ACTIVE&limit=3&cursor=${first.nextCursor}`,
    headers: bearer(recruiter),
  })
  t.equal(res.statusCode, 200)
  t.same(res.json().items.map((i: { id: string }) => i.id), inReview.slice(3), 'the rest of resume review, no repeats, no gaps')
  t.equal(res.json().nextCursor, null)
})

t.test('archived stages leave the board; the default page size is 20', async (t) => {
  const j = await createJob(app, { plan: plainPlan })
  await app.db.stage.update({ where: { id: j.stages[4]!.id }, data: { archivedAt: new Date() } })
  for (let i = 0; i < 21; i++) await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: j.id })
  const body = (await board(recruiter, j.id)).json()
  t.equal(body.stages.length, 8)
  t.notOk(body.stages.some((s: { stage: { id: string } }) => s.stage.id === j.stages[4]!.id))
  t.equal(body.stages[0].count, 21)
  t.equal(body.stages[0].items.length, 20)
  t.same(body.closed, { hired: 0, rejected: 0, withdrawn: 0 })
})

t.test("an interviewer sees their own job's board; another job's is a 404, like an unknown one", async (t) => {
  t.equal((await board(interviewerA, job.id)).statusCode, 200)
  const hidden = await board(interviewerB, job.id)
  t.equal(hidden.statusCode, 404)
  t.same(hidden.json().detail, (await board(interviewerB, '01890000-0000-7000-8000-000000000000')).json().detail)
  t.equal((await board(recruiter, 'nope')).statusCode, 400)
  t.equal((await board(recruiter, job.id, '?limit=500')).statusCode, 400)
})
