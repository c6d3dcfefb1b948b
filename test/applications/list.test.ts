// Listing applications: GET /applications with filters and keyset pages.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, moved, plainPlan } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const interviewerA = await createUser(app, 'INTERVIEWER')
const jobA = await createJob(app, { plan: plainPlan, team: [{ user: interviewerA, role: 'INTERVIEWER' }] })
const jobB = await createJob(app, { plan: plainPlan })

interface Item { id: string; jobId: string; stageId: string; status: string; createdAt: string; candidate: { id: string; source: string | null }; stage: { name: string } }
async function list(user: TestUser, query: string) {
  const res = await app.inject({ method: 'GET', url: `/applications?${query}`, headers: bearer(user) })
  if (res.statusCode !== 200) throw new Error(`list failed: ${res.statusCode} ${res.body}`)
  return res.json() as { items: Item[]; nextCursor: string | null }
}
async function listAll(user: TestUser, query: string, limit: number) {
  const seen: Item[] = []
  let cursor: string | null = null
  do {
    const page = await list(user, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return seen
}

// Seven applications to job A at known times, varied sources and skills; two to job B.
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12)).toISOString()
const onA: string[] = []
for (let i = 1; i <= 7; i++) {
  const candidate = await createCandidate(app, { source: i % 2 ? 'referral' : 'job-board', skills: i <= 3 ? ['go', 'sql', 'redis'] : ['go'] })
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobA.id })
  // Days 1, 2, 3, 3, 3, 4, 5: ties on created_at are broken by id.
  await app.db.application.update({ where: { id: application.id }, data: { createdAt: day([1, 2, 3, 3, 3, 4, 5][i - 1]!) } })
  onA.push(application.id)
}
const onB = [
  await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobB.id }),
  await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobB.id }),
].map((a) => a.id)
await moved(app, recruiter, onA[0]!, 1, { action: 'advance' })
await moved(app, recruiter, onA[1]!, 1, { action: 'reject', reason: 'OTHER', notifyCandidate: false })

t.test('pages of any size walk every application once, oldest first, in a stable order', async (t) => {
  const whole = await listAll(recruiter, `jobId=${jobA.id}`, 50)
  t.equal(whole.length, 7)
  const keys = whole.map((i) => [i.createdAt, i.id].join())
  t.same(keys, [...keys].sort(), 'ordered by (createdAt, id)')
  for (const limit of [1, 2, 3]) t.same((await listAll(recruiter, `jobId=${jobA.id}`, limit)).map((i) => i.id), whole.map((i) => i.id), `pages of ${limit} agree`)
  t.match(whole[0], { id: onA[0], stage: { name: 'Technical interview' }, candidate: { source: 'referral' } })
})

t.test('filters narrow by job, stage, status, candidate source, all of the given skills, and application date', async (t) => {
  const ids = async (q: string) => (await listAll(recruiter, q, 50)).map((i) => i.id).sort()
  t.same(await ids(`jobId=${jobB.id}`), [...onB].sort(), 'job')
  t.same(await ids(`jobId=${jobA.id}&stageId=${jobA.stages[1]!.id}`), [onA[0]], 'stage')
  t.same(await ids(`jobId=${jobA.id}&status=REJECTED`), [onA[1]], 'status')
  t.same(await ids(`jobId=${jobA.id}&status=ACTIVE&stageId=${jobA.stages[0]!.id}`), onA.slice(2).sort(), 'stage and status')
  t.same(await ids(`jobId=${jobA.id}&source=referral`), [onA[0], onA[2], onA[4], onA[6]].sort(), 'source')
  t.same(await ids(`jobId=${jobA.id}&tags=sql&tags=go`), onA.slice(0, 3).sort(), 'all of the skills')
  t.same(await ids(`jobId=${jobA.id}&tags=go`), [...onA].sort(), 'a single skill')
  t.same(await ids(`jobId=${jobA.id}&tags=sql&tags=kotlin`), [], 'a skill nobody has')
  t.same(await ids(`jobId=${jobA.id}&tags=SQL&tags=Go`), onA.slice(0, 3).sort(), 'skills in any letter case')
  t.same(await ids(`jobId=${jobA.id}&appliedAfter=${day(3)}&appliedBefore=${day(5)}`), onA.slice(2, 6).sort(), 'applied from day 3 up to day 5')
  t.same(await ids(`stageId=${jobA.stages[1]!.id}&status=ACTIVE`), [onA[0]], 'without a job')
})

t.test('an interviewer of job A lists job A applications only: job B is absent even when asked for', async (t) => {
  const mine = await listAll(interviewerA, 'status=ACTIVE', 50)
  t.ok(mine.length > 0)
  t.ok(mine.every((i) => i.jobId === jobA.id), 'only job A')
  t.same((await list(interviewerA, `jobId=${jobB.id}`)).items, [], 'asking for job B finds nothing')
  const everyone = await listAll(recruiter, '', 200)
  t.ok(onB.every((id) => everyone.some((i) => i.id === id)), 'a recruiter sees both')
})

t.test('bad filters are 400s', async (t) => {
  for (const q of ['status=LOST', 'jobId=abc', 'appliedAfter=yesterday', 'limit=0', 'limit=1000', 'colour=red']) {
    const res = await app.inject({ method: 'GET', url: `/applications?${q}`, headers: bearer(recruiter) })
    t.equal(res.statusCode, 400, q)
  }
})
