// A job closing, or a plan edit archiving a stage, while an apply or a move is
// between its checks and its write: the write re-checks under share locks, so
// it waits for the other transaction and then refuses with the rule (409).
import t from 'tap'
import pg from 'pg'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, plainPlan, writtenRows } from './fixtures.ts'
import { bearer } from '../helpers/users.ts'

const { app, config } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')

/** Runs `change` in a transaction that stays open (holding its row locks) until `release` is called. */
async function holdOpen(change: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: config.DATABASE_URL })
  await client.connect()
  await client.query('BEGIN')
  await client.query(change, params)
  return async () => {
    await client.query('COMMIT')
    await client.end()
  }
}

/** Resolves once PostgreSQL shows a statement of ours waiting on a lock. */
async function someoneWaitsOnALock() {
  for (let i = 0; i < 200; i++) {
    const rows = await app.db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
    if (rows[0]!.n > 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('no statement ever waited on the lock')
}

t.test('an advance racing the job being closed waits for it, then is refused: the job is closed', async (t) => {
  const job = await createJob(app, { plan: plainPlan })
  const application = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id })
  const before = await writtenRows(app)
  const release = await holdOpen(`UPDATE jobs SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [job.id])
  const move = app.inject({
    method: 'POST', url: `/applications/${application.id}/moves`,
    headers: { ...bearer(recruiter), 'if-match': `"${application.version}"` }, payload: { action: 'advance' },
  })
  await someoneWaitsOnALock()
  await release()
  const res = await move
  t.equal(res.statusCode, 409)
  t.match(res.json().detail, /job is closed/)
  t.same(await writtenRows(app), before, 'nothing was written')
})

t.test('an apply racing its stage being archived waits for the plan edit, then is refused', async (t) => {
  const job = await createJob(app, { plan: plainPlan })
  const candidate = await createCandidate(app)
  const release = await holdOpen(`UPDATE stages SET archived_at = now() WHERE id = $1`, [job.stages[0]!.id])
  const apply = app.inject({ method: 'POST', url: '/applications', headers: bearer(recruiter), payload: { candidateId: candidate.id, jobId: job.id } })
  await someoneWaitsOnALock()
  await release()
  const res = await apply
  t.equal(res.statusCode, 409)
  t.equal(await app.db.application.count({ where: { candidateId: candidate.id } }), 0, 'no application was created')
})
