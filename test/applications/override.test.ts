// The scorecard rule and who may waive it: a hiring manager of the job, or an admin, with a reason.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { addScorecards, applied, createCandidate, createJob, manyLogins, moved, moveReq, problemOf, writtenRows } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const otherManager = await createUser(app, 'HIRING_MANAGER')
const managerAsInterviewer = await createUser(app, 'HIRING_MANAGER')
const admin = await createUser(app, 'ADMIN')

async function technicalInterview() {
  const job = await createJob(app, {
    team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' }, { user: recruiter, role: 'RECRUITER' }],
  })
  const candidate = await createCandidate(app)
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id, stageId: job.stages[1]!.id })
  return { job, application }
}

t.test('with 1 of the 2 scorecards the technical interview needs, advancing is refused with the count', async (t) => {
  const { application, job } = await technicalInterview()
  await addScorecards(app, application.id, job.stages[1]!.id, [3])
  await addScorecards(app, application.id, job.stages[1]!.id, [4], { status: 'DRAFT' })
  await addScorecards(app, application.id, job.stages[0]!.id, [4, 4], {})
  const res = await moveReq(app, manager, application.id, 1, { action: 'advance' })
  t.equal(res.statusCode, 409, 'drafts and scorecards of other stages do not count')
  t.match(problemOf(res).detail, '1 of 2 required scorecards submitted for stage Technical interview')
  const hire = await moveReq(app, manager, application.id, 1, { action: 'move', toStageId: job.stages.at(-1)!.id, reason: 'Straight to offer' })
  t.equal(hire.statusCode, 409, 'skipping ahead is leaving the stage too')
})

t.test('reopening in a later stage than it was in leaves that stage: it needs its scorecards, or an override', async (t) => {
  const { application, job } = await technicalInterview()
  const rejected = await moved(app, recruiter, application.id, 1, { action: 'reject', reason: 'NOT_QUALIFIED', notifyCandidate: false })
  const later = job.stages[3]!.id
  const res = await moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Reconsidered', toStageId: later })
  t.equal(res.statusCode, 409)
  t.match(problemOf(res).detail, '0 of 2 required scorecards submitted for stage Technical interview')
  const same = await moved(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Reconsidered' })
  t.equal(same.stageId, job.stages[1]!.id, 'reopening where it was needs nothing')
  const again = await moved(app, recruiter, application.id, same.version, { action: 'reject', reason: 'NOT_QUALIFIED', notifyCandidate: false })
  const overridden = await moved(app, manager, application.id, again.version, { action: 'reopen', reason: 'Reconsidered', toStageId: later, override: { reason: 'Panel agreed' } })
  t.match(overridden, { stageId: later, transition: { kind: 'REOPENED', overridden: true } })
})

t.test('the hiring manager of the job overrides with a reason: the move is made and recorded as overridden', async (t) => {
  const { application, job } = await technicalInterview()
  const res = await moved(app, manager, application.id, 1, { action: 'advance', override: { reason: 'Panel agreed verbally; cards to follow' } })
  t.equal(res.stageId, job.stages[2]!.id)
  t.equal(res.transition.overridden, true)
  const row = await app.db.stageTransition.findUniqueOrThrow({ where: { id: res.transition.id } })
  t.match(row, { kind: 'ADVANCED', overridden: true, actorId: manager.id, reason: 'Override: Panel agreed verbally; cards to follow' })
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { entityId: application.id, action: 'application.advanced' } })
  t.match(audit.payload, { overridden: true, transitionId: res.transition.id })
})

t.test('an override on a move keeps both reasons; an override that was not needed is not recorded as one', async (t) => {
  const { application, job } = await technicalInterview()
  const skipped = await moved(app, manager, application.id, 1, { action: 'move', toStageId: job.stages[4]!.id, reason: 'Portfolio seen already', override: { reason: 'Urgent hire' } })
  const row = await app.db.stageTransition.findUniqueOrThrow({ where: { id: skipped.transition.id } })
  t.equal(row.reason, 'Portfolio seen already\nOverride: Urgent hire')
  t.equal(row.overridden, true)

  const other = await technicalInterview()
  await addScorecards(app, other.application.id, other.job.stages[1]!.id, [3, 4])
  const unneeded = await moved(app, manager, other.application.id, 1, { action: 'advance', override: { reason: 'Just in case' } })
  t.equal(unneeded.transition.overridden, false, 'the scorecards were in: nothing was overridden')
})

t.test('an admin may override too', async (t) => {
  const { application } = await technicalInterview()
  const res = await moved(app, admin, application.id, 1, { action: 'advance', override: { reason: 'Escalated' } })
  t.equal(res.transition.overridden, true)
})

t.test('a recruiter, a hiring manager who is only an interviewer on the job, or a manager of another job cannot override', async (t) => {
  const { application } = await technicalInterview()
  for (const [who, user, status] of [['a recruiter', recruiter, 403], ['an interviewing manager', managerAsInterviewer, 403], ['a manager of another job', otherManager, 404]] as const) {
    const before = await writtenRows(app)
    const res = await moveReq(app, user, application.id, 1, { action: 'advance', override: { reason: 'I say so' } })
    t.equal(res.statusCode, status, `${who}: ${status}`)
    t.same(await writtenRows(app), before, 'nothing written')
  }
  const res = await moveReq(app, recruiter, application.id, 1, { action: 'advance', override: { reason: 'I say so' } })
  t.match(problemOf(res).detail, /override the scorecard requirement/)
  t.equal((await moveReq(app, manager, application.id, 1, { action: 'advance', override: {} })).statusCode, 400, 'an override needs its reason')
})

t.test('hiring managers move applications on their own jobs only', async (t) => {
  const { application, job } = await technicalInterview()
  await addScorecards(app, application.id, job.stages[1]!.id, [3, 3])
  t.equal((await moveReq(app, otherManager, application.id, 1, { action: 'advance' })).statusCode, 404, 'another job is invisible to them')
  t.equal((await moveReq(app, manager, application.id, 1, { action: 'advance' })).statusCode, 200)
})
