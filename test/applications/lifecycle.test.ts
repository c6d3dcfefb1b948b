// The whole life of an application, through the REST API: from resume review to
// hire through every stage of the default plan, and from resume review to rejection.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { addScorecards, applied, createCandidate, createJob, defaultPlan, manyLogins, moved, moveReq, problemOf, read } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')

t.test('from resume review to hire: every stage of the default plan, each left once its scorecards are in', async (t) => {
  const job = await createJob(app, { stageMovedEmails: true, team: [{ user: manager, role: 'HIRING_MANAGER' }] })
  const candidate = await createCandidate(app)
  let current = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })

  for (const [i, stage] of job.stages.entries()) {
    const required = defaultPlan[i]!.requiredScorecards ?? 0
    t.equal(current.stageId, stage.id, `the application is in ${stage.name}`)
    if (required > 0) {
      const early = await moveReq(app, recruiter, current.id, current.version, { action: 'advance' })
      t.equal(early.statusCode, 409, `${stage.name} cannot be left before its scorecards are in`)
      t.match(problemOf(early).detail, `0 of ${required} required scorecards submitted`)
      await addScorecards(app, current.id, stage.id, Array.from({ length: required }, () => 4))
      const detail = (await read(app, manager, current.id)).json()
      t.match(detail.scorecards, { stageId: stage.id, required, submitted: required, recommendations: { strongYes: required } }, 'the summary counts them')
    }
    if (stage.kind === 'OFFER') break
    // The hiring manager drives half the moves: they own the job's decisions.
    current = await moved(app, i % 2 ? manager : recruiter, current.id, current.version, { action: 'advance' })
    t.equal(current.status, 'ACTIVE')
  }

  const hired = await moved(app, manager, current.id, current.version, { action: 'hire', reason: 'Offer accepted' })
  t.match(hired, { status: 'HIRED', stageId: job.stages.at(-1)!.id, version: job.stages.length + 1 })
  t.ok((hired as unknown as { closedAt: string }).closedAt, 'a hire closes the application')

  const transitions = await app.db.stageTransition.findMany({ where: { applicationId: current.id }, orderBy: { createdAt: 'asc' } })
  t.same(
    transitions.map((tr) => tr.kind),
    ['APPLIED', ...Array(job.stages.length - 1).fill('ADVANCED'), 'HIRED'],
    'every step is a transition',
  )
  t.same(transitions.slice(1, -1).map((tr) => [tr.fromStageId, tr.toStageId]), job.stages.slice(0, -1).map((s, i) => [s.id, job.stages[i + 1]!.id]), 'each from the stage before to the one after')
  t.notOk(transitions.some((tr) => tr.overridden), 'no step needed an override')
  const topics = (await app.db.outboxEvent.findMany({ where: { payload: { path: ['applicationId'], equals: current.id } }, orderBy: { createdAt: 'asc' } })).map((e) => e.topic)
  t.same(topics, ['application.received', ...Array(job.stages.length - 2).fill('application.stage_moved'), 'application.offer', 'application.hired'], 'each triggered its e-mail; reaching the offer stage, the offer')
  t.equal(await app.db.auditEvent.count({ where: { entityId: current.id, action: { startsWith: 'application.' } } }), transitions.length, 'and its audit event')
  const scored = defaultPlan.filter((s) => (s.requiredScorecards ?? 0) > 0).length
  t.equal(await app.db.auditEvent.count({ where: { entityId: current.id, action: 'scorecard.others_first_seen', actorId: manager.id } }), scored, "the manager's first sight of each stage's votes, in the tally, is on record once")

  const again = await moveReq(app, recruiter, current.id, hired.version, { action: 'advance' })
  t.equal(again.statusCode, 409, 'a hired application moves no more')
  t.match(problemOf(again).detail, /hired: only an active application/)
  const reopen = await moveReq(app, recruiter, current.id, hired.version, { action: 'reopen', reason: 'Changed their mind' })
  t.equal(reopen.statusCode, 409, 'and a hire is not reopened')
})

t.test('from resume review to rejection, with a delayed rejection e-mail; then reopened in the stage it was in', async (t) => {
  const job = await createJob(app, { rejectionEmailDelayHours: 24 })
  const candidate = await createCandidate(app)
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  await addScorecards(app, application.id, job.stages[0]!.id, [3])
  const second = await moved(app, recruiter, application.id, application.version, { action: 'advance' })

  const before = Date.now()
  const rejected = await moved(app, recruiter, application.id, second.version, {
    action: 'reject', reason: 'SKILLS_MISMATCH', note: 'No SQL experience', notifyCandidate: true,
  })
  t.match(rejected, { status: 'REJECTED', stageId: job.stages[1]!.id, rejectionReason: 'SKILLS_MISMATCH', rejectionNote: 'No SQL experience' })
  t.match(rejected.transition, { kind: 'REJECTED', overridden: false }, 'rejecting needs no scorecards: the stage asks for 2 and has none')
  const email = await app.db.outboxEvent.findFirstOrThrow({ where: { topic: 'application.rejected', payload: { path: ['applicationId'], equals: application.id } } })
  const delay = email.availableAt.getTime() - before
  t.ok(delay >= 24 * 3_600_000 - 5_000 && delay <= 24 * 3_600_000 + 5_000, "the rejection e-mail waits the job's 24 hours")
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { entityId: application.id, action: 'application.rejected' } })
  t.match(audit.payload, { rejectionReason: 'SKILLS_MISMATCH', toStatus: 'REJECTED' })
  t.notMatch(JSON.stringify(audit.payload), /SQL experience/, 'the free-text note stays out of the audit payload')

  const reopened = await moved(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Rejected by mistake' })
  t.match(reopened, { status: 'ACTIVE', stageId: job.stages[1]!.id, rejectionReason: null, rejectionNote: null, closedAt: null })
  t.ok(await app.db.outboxEvent.findFirst({ where: { topic: 'application.reopened', payload: { path: ['applicationId'], equals: application.id } } }))

  const silent = await moved(app, recruiter, application.id, reopened.version, { action: 'reject', reason: 'POSITION_FILLED', notifyCandidate: false })
  t.equal(silent.status, 'REJECTED')
  t.equal(await app.db.outboxEvent.count({ where: { topic: 'application.rejected', payload: { path: ['applicationId'], equals: application.id } } }), 1, 'no e-mail when the recruiter chose not to send one')
})
