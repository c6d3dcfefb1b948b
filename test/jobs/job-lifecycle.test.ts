// A job's life: editing its details and team, opening, closing and reopening it.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { assertJobOpen } from '../../src/services/jobs.ts'
import { api, assertProblem, createApplication, createJob, rowCounts } from './fixtures.ts'

const { app } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const interviewer = await createUser(app, 'INTERVIEWER')
const as = api(app, recruiter)

t.test('a job opens from draft, closes, and reopens; every other step is refused naming the rule', async (t) => {
  const job = await createJob(app, recruiter)
  assertProblem(t, await as.post(`/jobs/${job.id}/close`), 409, 'conflict')

  const opened = await as.post(`/jobs/${job.id}/open`)
  t.equal(opened.statusCode, 200)
  t.equal(opened.json().status, 'OPEN')
  const firstOpenedAt = opened.json().openedAt
  t.ok(firstOpenedAt, 'openedAt is set')
  const again = assertProblem(t, await as.post(`/jobs/${job.id}/open`), 409)
  t.match(again.detail, /already open/)

  const closed = await as.post(`/jobs/${job.id}/close`)
  t.equal(closed.json().status, 'CLOSED')
  t.ok(closed.json().closedAt, 'closedAt is set')
  const twice = assertProblem(t, await as.post(`/jobs/${job.id}/close`), 409)
  t.match(twice.detail, /only an open job can be closed/)

  const reopened = await as.post(`/jobs/${job.id}/open`)
  t.equal(reopened.json().status, 'OPEN')
  t.equal(reopened.json().closedAt, null, 'reopening clears closedAt')
  t.equal(reopened.json().openedAt, firstOpenedAt, 'openedAt keeps the first opening')

  const actions = await app.db.auditEvent.findMany({ where: { entityId: job.id }, orderBy: { createdAt: 'asc' }, select: { action: true } })
  t.same(actions.map((a) => a.action), ['job.created', 'job.opened', 'job.closed', 'job.reopened'], 'each change of status is audited')
})

t.test('closing a job leaves its applications alone, and assertJobOpen then refuses new ones', async (t) => {
  const job = await createJob(app, recruiter)
  await as.post(`/jobs/${job.id}/open`)
  await t.resolves(assertJobOpen(app.db, job.id), 'an open job takes applications')
  const application = await createApplication(app, job.id, job.plan[1]!.id)
  await as.post(`/jobs/${job.id}/close`)
  const after = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
  t.match(after, { status: 'ACTIVE', stageId: job.plan[1]!.id, version: application.version }, 'the application is untouched')
  await t.rejects(assertJobOpen(app.db, job.id), { code: 'SL_CONFLICT', message: /the job is closed/ })
  await t.rejects(assertJobOpen(app.db, crypto.randomUUID()), { code: 'SL_NOT_FOUND' })
})

t.test('only admins and recruiters open and close jobs; an unknown job is 404', async (t) => {
  const job = await createJob(app, recruiter, { team: [{ userId: manager.id, role: 'HIRING_MANAGER' }] })
  assertProblem(t, await api(app, manager).post(`/jobs/${job.id}/open`), 403, 'forbidden')
  assertProblem(t, await api(app, interviewer).post(`/jobs/${job.id}/close`), 403, 'forbidden')
  assertProblem(t, await as.post(`/jobs/${crypto.randomUUID()}/open`), 404, 'not-found')
  assertProblem(t, await as.post(`/jobs/urn:uuid:${job.id}/open`), 400, 'validation-error')
  t.equal((await app.db.job.findUniqueOrThrow({ where: { id: job.id } })).status, 'DRAFT')
})

t.test('PATCH changes the details and settings it is given, and only those', async (t) => {
  const job = await createJob(app, recruiter, { department: 'Engineering', scorecardReminderHours: 12 })
  const res = await as.patch(`/jobs/${job.id}`, { title: 'Senior back-end developer', location: null, scorecardEscalationHours: 36 })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { title: 'Senior back-end developer', location: null, department: 'Engineering', scorecardReminderHours: 12, scorecardEscalationHours: 36 })
  const audit = await app.db.auditEvent.findFirst({ where: { entityId: job.id, action: 'job.updated' } })
  t.same(audit?.payload, { fields: ['title', 'location', 'scorecardEscalationHours'] }, 'the audit names the fields, not their values')

  const before = await rowCounts(app)
  assertProblem(t, await as.patch(`/jobs/${job.id}`, { scorecardEscalationHours: 6 }), 400, 'validation-error')
  assertProblem(t, await as.patch(`/jobs/${job.id}`, {}), 400, 'validation-error')
  assertProblem(t, await as.patch(`/jobs/${job.id}`, { status: 'OPEN' }), 400, 'validation-error')
  assertProblem(t, await as.patch(`/jobs/${job.id}`, { plan: { preset: 'lean' } }), 400, 'validation-error')
  assertProblem(t, await as.patch(`/jobs/${crypto.randomUUID()}`, { title: 'x' }), 404, 'not-found')
  assertProblem(t, await api(app, manager).patch(`/jobs/${job.id}`, { title: 'x' }), 403, 'forbidden')
  t.same(await rowCounts(app), before, 'refused edits write nothing')
})

t.test('the team is replaced as a whole; members who stay keep their row', async (t) => {
  const other = await createUser(app, 'INTERVIEWER')
  const job = await createJob(app, recruiter, { team: [{ userId: manager.id, role: 'HIRING_MANAGER' }, { userId: interviewer.id, role: 'INTERVIEWER' }] })
  const kept = await app.db.hiringTeamMember.findFirstOrThrow({ where: { jobId: job.id, userId: manager.id } })

  const res = await as.put(`/jobs/${job.id}/team`, { team: [{ userId: manager.id, role: 'HIRING_MANAGER' }, { userId: other.id, role: 'INTERVIEWER' }, { userId: recruiter.id, role: 'RECRUITER' }] })
  t.equal(res.statusCode, 200)
  t.same(new Set(res.json().team.map((m: { userId: string }) => m.userId)), new Set([manager.id, other.id, recruiter.id]))
  t.equal((await app.db.hiringTeamMember.findFirstOrThrow({ where: { jobId: job.id, userId: manager.id } })).id, kept.id)
  const audit = await app.db.auditEvent.findFirst({ where: { entityId: job.id, action: 'job.team_changed' } })
  t.match(audit?.payload, { removed: [interviewer.id], roleChanged: [] })

  const before = await rowCounts(app)
  assertProblem(t, await as.put(`/jobs/${job.id}/team`, { team: [{ userId: other.id, role: 'HIRING_MANAGER' }] }), 409, 'conflict')
  assertProblem(t, await as.put(`/jobs/${job.id}/team`, { team: [{ userId: crypto.randomUUID(), role: 'INTERVIEWER' }] }), 404, 'not-found')
  assertProblem(t, await as.put(`/jobs/${crypto.randomUUID()}/team`, { team: [] }), 404, 'not-found')
  assertProblem(t, await api(app, manager).put(`/jobs/${job.id}/team`, { team: [] }), 403, 'forbidden')
  t.same(await rowCounts(app), before, 'a refused team change writes nothing')

  const emptied = await as.put(`/jobs/${job.id}/team`, { team: [] })
  t.same(emptied.json().team, [], 'a team may be emptied')
})
