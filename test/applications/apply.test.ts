// Applying a candidate to a job: POST /applications.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { apply, createCandidate, createJob, manyLogins, problemOf, writtenRows } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')

t.test('a recruiter applies a candidate to an open job: the application starts in the first stage, with its transition, audit event and outbox row', async (t) => {
  const job = await createJob(app)
  const candidate = await createCandidate(app)
  const res = await apply(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.equal(res.headers.location, `/applications/${body.id}`, 'Location names the new application')
  t.equal(res.headers.etag, '"1"', 'the ETag is the first version')
  t.match(body, { candidateId: candidate.id, jobId: job.id, stageId: job.stages[0]!.id, status: 'ACTIVE', version: 1, closedAt: null, rejectionReason: null })

  const transitions = await app.db.stageTransition.findMany({ where: { applicationId: body.id } })
  t.equal(transitions.length, 1)
  t.match(transitions[0], { kind: 'APPLIED', fromStageId: null, toStageId: job.stages[0]!.id, fromStatus: null, toStatus: 'ACTIVE', actorId: recruiter.id })
  const audit = await app.db.auditEvent.findMany({ where: { entityId: body.id } })
  t.match(audit, [{ action: 'application.applied', actorId: recruiter.id, candidateId: candidate.id, jobId: job.id }])
  const outbox = await app.db.outboxEvent.findMany({ where: { topic: 'application.received', payload: { path: ['applicationId'], equals: body.id } } })
  t.equal(outbox.length, 1, 'one "application received" e-mail is owed')
})

t.test('an application can start in a later stage of the plan, but not in another job\'s stage or an archived one', async (t) => {
  const job = await createJob(app)
  const other = await createJob(app)
  const third = job.stages[2]!
  const res = await apply(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id, stageId: third.id })
  t.equal(res.statusCode, 201)
  t.equal(res.json().stageId, third.id)

  const foreign = await apply(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id, stageId: other.stages[0]!.id })
  t.equal(foreign.statusCode, 404, "another job's stage is not a stage of this job")
  t.match(problemOf(foreign).detail, /Stage not found/)

  await app.db.stage.update({ where: { id: job.stages[1]!.id }, data: { archivedAt: new Date() } })
  const archived = await apply(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id, stageId: job.stages[1]!.id })
  t.equal(archived.statusCode, 409)
  t.match(problemOf(archived).detail, /no longer in the plan/)
})

t.test('the default starting stage skips archived stages', async (t) => {
  const job = await createJob(app)
  await app.db.stage.update({ where: { id: job.stages[0]!.id }, data: { archivedAt: new Date() } })
  const res = await apply(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: job.id })
  t.equal(res.statusCode, 201)
  t.equal(res.json().stageId, job.stages[1]!.id)
})

t.test('a second active application of the same candidate to the same job is refused with the id of the first', async (t) => {
  const job = await createJob(app)
  const candidate = await createCandidate(app)
  const first = await apply(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  const before = await writtenRows(app)
  const second = await apply(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  t.equal(second.statusCode, 409)
  t.match(second.headers['content-type'], /^application\/problem\+json/)
  t.match(problemOf(second).detail, /already has an active application for this job/)
  t.match(problemOf(second).detail, first.json().id)
  t.same(await writtenRows(app), before, 'nothing was written')

  const elsewhere = await apply(app, recruiter, { candidateId: candidate.id, jobId: (await createJob(app)).id })
  t.equal(elsewhere.statusCode, 201, 'the same candidate may apply to another job')
})

t.test('racing applications of one candidate to one job: exactly one is created, the partial unique index answers the other with 409', async (t) => {
  const job = await createJob(app)
  const candidate = await createCandidate(app)
  const results = await Promise.all(Array.from({ length: 6 }, () => apply(app, recruiter, { candidateId: candidate.id, jobId: job.id })))
  t.same(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409])
  for (const r of results.filter((r) => r.statusCode === 409)) t.match(problemOf(r).detail, /already has an active application for this job/)
  t.equal(await app.db.application.count({ where: { candidateId: candidate.id, jobId: job.id } }), 1)
  t.equal(await app.db.stageTransition.count({ where: { application: { candidateId: candidate.id, jobId: job.id } } }), 1, 'and one transition')
})

t.test('a closed or draft job takes no applications', async (t) => {
  const candidate = await createCandidate(app)
  const closed = await apply(app, recruiter, { candidateId: candidate.id, jobId: (await createJob(app, { status: 'CLOSED' })).id })
  t.equal(closed.statusCode, 409)
  t.match(problemOf(closed).detail, /job is closed/)
  const draft = await apply(app, recruiter, { candidateId: candidate.id, jobId: (await createJob(app, { status: 'DRAFT' })).id })
  t.equal(draft.statusCode, 409)
  t.match(problemOf(draft).detail, /job is not open/)
})

t.test('unknown jobs and candidates answer 404; an erased candidate cannot apply', async (t) => {
  const job = await createJob(app)
  const candidate = await createCandidate(app)
  const unknownJob = await apply(app, recruiter, { candidateId: candidate.id, jobId: '01890000-0000-7000-8000-000000000000' })
  t.equal(unknownJob.statusCode, 404)
  t.match(problemOf(unknownJob).detail, /Job not found/)
  const unknownCandidate = await apply(app, recruiter, { candidateId: '01890000-0000-7000-8000-000000000000', jobId: job.id })
  t.equal(unknownCandidate.statusCode, 404)
  t.match(problemOf(unknownCandidate).detail, /Candidate not found/)
  await app.db.candidate.update({ where: { id: candidate.id }, data: { erasedAt: new Date(), email: null } })
  const erased = await apply(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  t.equal(erased.statusCode, 409)
  t.match(problemOf(erased).detail, /erased/)
})

t.test('bad bodies get 400 and only admins and recruiters may apply candidates', async (t) => {
  const job = await createJob(app)
  const candidate = await createCandidate(app)
  t.equal((await apply(app, recruiter, { candidateId: candidate.id })).statusCode, 400, 'jobId is required')
  t.equal((await apply(app, recruiter, { candidateId: 'nope', jobId: job.id })).statusCode, 400, 'ids are UUIDs')
  t.equal((await apply(app, recruiter, { candidateId: candidate.id, jobId: job.id, status: 'HIRED' })).statusCode, 400, 'unknown properties are refused')
  for (const role of ['HIRING_MANAGER', 'INTERVIEWER'] as const) {
    const res = await apply(app, await createUser(app, role), { candidateId: candidate.id, jobId: job.id })
    t.equal(res.statusCode, 403, `${role} may not`)
  }
  t.equal((await apply(app, await createUser(app, 'ADMIN'), { candidateId: candidate.id, jobId: job.id })).statusCode, 201, 'an admin may')
})
