// Stop Redis during a burst of stage moves, start it again: the moves succeed
// (they write PostgreSQL only), the e-mails they owe wait in the ledger, and
// every one arrives once Redis is back. Redis here is a server of this test's
// own, stopped and started for real.
import t from 'tap'
import { applied, createCandidate, createJob, moved, plainPlan } from '../applications/fixtures.ts'
import { startOwnRedis } from '../helpers/redis-server.ts'
import { createUser } from '../helpers/users.ts'
import { eventually, startMailPipeline } from './pipeline.ts'

const MOVES = 40
const redis = await startOwnRedis()
t.teardown(() => redis.remove())
const { app, sink } = await startMailPipeline(t, { REDIS_URL: redis.url })
const recruiter = await createUser(app, 'RECRUITER')

t.test('moves made while Redis is down succeed, and their e-mails arrive once it is back', async (t) => {
  const job = await createJob(app, { plan: plainPlan, stageMovedEmails: true })
  const applications = []
  for (let i = 0; i < MOVES; i++) applications.push(await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id }))
  await sink.waitFor(MOVES)

  await redis.stop()
  const results = await Promise.all(applications.map((a) => moved(app, recruiter, a.id, a.version, { action: 'advance' }).then(() => 'moved', (e: Error) => e.message)))
  t.same(new Set(results), new Set(['moved']), `all ${MOVES} moves succeed with Redis down`)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal(sink.received.length, MOVES, 'no stage-moved e-mail can be queued meanwhile')
  t.equal(await app.db.notification.count({ where: { kind: 'STAGE_MOVED', status: 'PENDING', enqueuedAt: null } }), MOVES, 'they wait in the ledger, owed and not yet queued')

  await redis.start()
  await sink.waitFor(2 * MOVES, 60_000)
  const sent = await eventually('every stage-moved e-mail recorded sent', async () => {
    const count = await app.db.notification.count({ where: { kind: 'STAGE_MOVED', status: 'SENT' } })
    return count === MOVES ? count : undefined
  })
  t.equal(sent, MOVES, 'every one arrives after Redis is back')
  await new Promise((resolve) => setTimeout(resolve, 500))
  const subjects = sink.received.map((m) => /^Subject:\s*(.*)$/im.exec(m.raw)?.[1] ?? '')
  t.equal(subjects.filter((s) => s.includes('next step')).length, MOVES, 'each exactly once')
})
