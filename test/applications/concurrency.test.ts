// Concurrent moves on one application: of all the moves made from one version, exactly one wins.
import t, { type Test } from 'tap'
import { Prisma } from '../../src/generated/prisma/client.ts'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, moved, moveReq, plainPlan, problemOf } from './fixtures.ts'

// Enough connections for twenty moves to be inside their transactions at once.
const { app } = await buildTestApp(t, { ...manyLogins, DATABASE_POOL_MAX: '30' })
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')

async function freshApplication() {
  const job = await createJob(app, { plan: plainPlan, team: [{ user: manager, role: 'HIRING_MANAGER' }] })
  const candidate = await createCandidate(app)
  return { job, candidate, application: await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id }) }
}

const statuses = (responses: Array<{ statusCode: number }>) => responses.map((r) => r.statusCode).sort()

t.test('two different moves sent at once with the same If-Match: one answers 200, the other 412', async (t) => {
  const { job, application } = await freshApplication()
  const [a, b] = await Promise.all([
    moveReq(app, recruiter, application.id, 1, { action: 'advance' }),
    moveReq(app, manager, application.id, 1, { action: 'reject', reason: 'NOT_QUALIFIED', notifyCandidate: true }),
  ])
  t.same(statuses([a!, b!]), [200, 412])
  const loser = a!.statusCode === 412 ? a! : b!
  t.match(problemOf(loser).detail, /changed since version 1/)
  const row = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
  t.equal(row.version, 2, 'one change was made')
  t.equal(await app.db.stageTransition.count({ where: { applicationId: application.id } }), 2, 'APPLIED and the winning move: the loser left no transition')
  t.equal(await app.db.auditEvent.count({ where: { entityId: application.id } }), 2, 'nor an audit event')
  const rejectionMails = await app.db.outboxEvent.count({ where: { topic: 'application.rejected', payload: { path: ['applicationId'], equals: application.id } } })
  t.equal(rejectionMails, row.status === 'REJECTED' ? 1 : 0, 'and an e-mail is owed only if the rejection won')
  t.ok(row.status === 'REJECTED' || row.stageId === job.stages[1]!.id)
})

/**
 * Holds `lockSql` (a FOR UPDATE of one row) in a transaction while `requests`
 * run, until `count` of their statements queue behind it: then each is past
 * its read and sure of what it saw. Resolves with their responses.
 */
async function pastTheirReads<T>(t: Test, lockSql: Prisma.Sql, count: number, requests: () => Promise<T>): Promise<T> {
  let release!: () => void
  let locked!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  const lockTaken = new Promise<void>((resolve) => (locked = resolve))
  const locker = app.db.$transaction(
    async (tx) => {
      await tx.$queryRaw(lockSql)
      locked()
      await held
    },
    { timeout: 30_000 },
  )
  await lockTaken
  const responses = requests()
  const waiting = async () =>
    (await app.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%UPDATE applications%'`)[0]!.n
  const deadline = Date.now() + 15_000
  while ((await waiting()) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  t.equal(await waiting(), count, `all ${count} are queued on their UPDATE, each sure of the version it saw`)
  release()
  await locker
  return responses
}

t.test('twenty advances from one version, all past their read before any writes: exactly one moves the application', async (t) => {
  const { job, application } = await freshApplication()
  // Hold the row so every request reads version 1 and then queues on its conditional UPDATE.
  const responses = await pastTheirReads(t, Prisma.sql`SELECT 1 FROM applications WHERE id = ${application.id}::uuid FOR UPDATE`, 20, () =>
    Promise.all(Array.from({ length: 20 }, () => moveReq(app, recruiter, application.id, 1, { action: 'advance' }))))
  t.same(statuses(responses), [200, ...Array(19).fill(412)], 'one wins, nineteen are told their version is stale')
  const row = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
  t.match(row, { version: 2, stageId: job.stages[1]!.id }, 'the application advanced exactly one stage')
  t.equal(await app.db.stageTransition.count({ where: { applicationId: application.id, kind: 'ADVANCED' } }), 1)
  t.equal(await app.db.auditEvent.count({ where: { entityId: application.id, action: 'application.advanced' } }), 1)
})

t.test('twenty advances fired at once without help: still exactly one winner', async (t) => {
  const { application } = await freshApplication()
  const responses = await Promise.all(Array.from({ length: 20 }, () => moveReq(app, recruiter, application.id, 1, { action: 'advance' })))
  t.same(statuses(responses), [200, ...Array(19).fill(412)])
  t.equal(await app.db.stageTransition.count({ where: { applicationId: application.id, kind: 'ADVANCED' } }), 1)
})

t.test('two closed applications of one candidate reopened at once: the partial unique index lets one back, the other gets 409', async (t) => {
  const { job, candidate, application } = await freshApplication()
  const first = await moved(app, recruiter, application.id, 1, { action: 'withdraw' })
  const second = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  const secondClosed = await moved(app, recruiter, second.id, 1, { action: 'reject', reason: 'OTHER', notifyCandidate: false })
  const responses = await Promise.all([
    moveReq(app, recruiter, application.id, first.version, { action: 'reopen', reason: 'Back in the running' }),
    moveReq(app, recruiter, second.id, secondClosed.version, { action: 'reopen', reason: 'Back in the running' }),
  ])
  t.same(statuses(responses), [200, 409])
  t.match(problemOf(responses.find((r) => r.statusCode === 409)!).detail, /already has an active application for this job/)
  t.equal(await app.db.application.count({ where: { candidateId: candidate.id, jobId: job.id, status: 'ACTIVE' } }), 1)
  t.equal(await app.db.stageTransition.count({ where: { application: { candidateId: candidate.id }, kind: 'REOPENED' } }), 1)
})

t.test('two reopens both past their read (neither saw the other active): the unique index refuses the second with 409', async (t) => {
  const { job, candidate, application } = await freshApplication()
  const first = await moved(app, recruiter, application.id, 1, { action: 'withdraw' })
  const second = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  const secondClosed = await moved(app, recruiter, second.id, 1, { action: 'reject', reason: 'OTHER', notifyCandidate: false })
  // A reopen re-checks the job under a share lock in its write: holding the job queues both writes after both reads.
  const responses = await pastTheirReads(t, Prisma.sql`SELECT 1 FROM jobs WHERE id = ${job.id}::uuid FOR UPDATE`, 2, () => Promise.all([
    moveReq(app, recruiter, application.id, first.version, { action: 'reopen', reason: 'Back in the running' }),
    moveReq(app, recruiter, second.id, secondClosed.version, { action: 'reopen', reason: 'Back in the running' }),
  ]))
  t.same(statuses(responses), [200, 409])
  const winner = responses.find((r) => r.statusCode === 200)!.json<{ id: string }>()
  t.equal(problemOf(responses.find((r) => r.statusCode === 409)!).detail, `the candidate already has an active application for this job (${winner.id})`)
  t.equal(await app.db.stageTransition.count({ where: { application: { candidateId: candidate.id }, kind: 'REOPENED' } }), 1, 'the refused reopen left no transition')
  t.equal(await app.db.auditEvent.count({ where: { candidateId: candidate.id, action: 'application.reopened' } }), 1, 'nor an audit event')
})
