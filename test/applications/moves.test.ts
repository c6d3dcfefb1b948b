// Every kind of move, the rules that refuse them, and what a refusal leaves behind: nothing.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { addScorecards, applied, createCandidate, createJob, manyLogins, moved, moveReq, plainPlan, problemOf, writtenRows } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
type Asserts = Pick<typeof t, 'equal' | 'match' | 'same'>
const unknownId = '01890000-0000-7000-8000-000000000000'

async function freshApplication(options: Parameters<typeof createJob>[1] = {}) {
  const job = await createJob(app, options)
  const candidate = await createCandidate(app)
  const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  return { job, candidate, application }
}

/** Asserts a refused move answered `status` with a detail matching `detail`, and wrote nothing at all. */
async function refused(t: Asserts, send: () => ReturnType<typeof moveReq>, status: number, detail: RegExp | string) {
  const before = await writtenRows(app)
  const res = await send()
  t.equal(res.statusCode, status, `answers ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(problemOf(res).detail, detail)
  t.same(await writtenRows(app), before, 'and writes nothing: no state, transition, audit or outbox row')
}

t.test('advance goes to the next stage of the plan, skipping archived stages, and stops at the last', async (t) => {
  const { job, application } = await freshApplication({ plan: plainPlan })
  await app.db.stage.update({ where: { id: job.stages[1]!.id }, data: { archivedAt: new Date() } })
  const next = await moved(app, recruiter, application.id, 1, { action: 'advance' })
  t.equal(next.stageId, job.stages[2]!.id, 'the archived second stage is skipped')
  t.match(next.transition, { kind: 'ADVANCED', overridden: false })

  const last = job.stages.at(-1)!
  const atLast = await moved(app, recruiter, application.id, next.version, { action: 'move', toStageId: last.id, reason: 'Fast-tracked' })
  await refused(t, () => moveReq(app, recruiter, application.id, atLast.version, { action: 'advance' }), 409, /last stage of the plan \(Offer\): hire or reject/)
})

t.test('move skips forward or sends back with a reason; sending back needs no scorecards, skipping forward does', async (t) => {
  const { job, application } = await freshApplication()
  const [review, technical, portfolio] = job.stages
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'move', toStageId: portfolio!.id, reason: 'Strong referral' }), 409, '0 of 1 required scorecards submitted for stage Resume review')
  await addScorecards(app, application.id, review!.id, [4])
  const skipped = await moved(app, recruiter, application.id, 1, { action: 'move', toStageId: portfolio!.id, reason: 'Strong referral' })
  t.match(skipped, { stageId: portfolio!.id, transition: { kind: 'MOVED' } })
  const back = await moved(app, recruiter, application.id, skipped.version, { action: 'move', toStageId: technical!.id, reason: 'Needs a technical interview after all' })
  t.equal(back.stageId, technical!.id, 'sent back although Portfolio has none of its scorecards')
  const row = await app.db.stageTransition.findUniqueOrThrow({ where: { id: back.transition.id } })
  t.match(row, { fromStageId: portfolio!.id, toStageId: technical!.id, reason: 'Needs a technical interview after all', actorId: recruiter.id })
})

t.test('move refuses its own stage, an archived stage, and answers 404 for a stage of another job or none', async (t) => {
  const { job, application } = await freshApplication({ plan: plainPlan })
  const other = await createJob(app)
  const send = (toStageId: string) => () => moveReq(app, recruiter, application.id, 1, { action: 'move', toStageId, reason: 'Because' })
  await refused(t, send(job.stages[0]!.id), 409, /already in stage Resume review/)
  await app.db.stage.update({ where: { id: job.stages[3]!.id }, data: { archivedAt: new Date() } })
  await refused(t, send(job.stages[3]!.id), 409, /no longer in the plan/)
  await refused(t, send(other.stages[1]!.id), 404, /Stage not found/)
  await refused(t, send(unknownId), 404, /Stage not found/)
  const noReason = await moveReq(app, recruiter, application.id, 1, { action: 'move', toStageId: job.stages[2]!.id })
  t.equal(noReason.statusCode, 400, 'a move needs a reason')
  const blank = await moveReq(app, recruiter, application.id, 1, { action: 'move', toStageId: job.stages[2]!.id, reason: '   ' })
  t.equal(blank.statusCode, 400, 'a blank reason is none')
})

t.test('withdraw closes the application at its stage and owes a "withdrawn" message; a closed application moves no more', async (t) => {
  const { job, application } = await freshApplication()
  const withdrawn = await moved(app, recruiter, application.id, 1, { action: 'withdraw', reason: 'Took another offer' })
  t.match(withdrawn, { status: 'WITHDRAWN', stageId: job.stages[0]!.id, transition: { kind: 'WITHDRAWN' } })
  t.equal(await app.db.outboxEvent.count({ where: { topic: 'application.withdrawn', payload: { path: ['applicationId'], equals: application.id } } }), 1)
  await refused(t, () => moveReq(app, recruiter, application.id, withdrawn.version, { action: 'advance' }), 409, /withdrawn: only an active application/)
  await refused(t, () => moveReq(app, recruiter, application.id, withdrawn.version, { action: 'reject', reason: 'OTHER', notifyCandidate: false }), 409, /withdrawn/)
})

t.test('hire only from the offer stage, or from the last stage of a plan without one', async (t) => {
  const { job, application } = await freshApplication({ plan: plainPlan })
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'hire' }), 409, /only be hired from an offer stage; it is in Resume review/)
  const checks = job.stages.at(-2)!
  const atChecks = await moved(app, recruiter, application.id, 1, { action: 'move', toStageId: checks.id, reason: 'Referral' })
  await refused(t, () => moveReq(app, recruiter, application.id, atChecks.version, { action: 'hire' }), 409, /offer stage/)

  const lean = await freshApplication({
    plan: [
      { name: 'Resume review', kind: 'REVIEW' }, { name: 'Technical interview', kind: 'INTERVIEW' },
      { name: 'Portfolio', kind: 'REVIEW' }, { name: 'References', kind: 'CHECK' },
    ],
  })
  await refused(t, () => moveReq(app, recruiter, lean.application.id, 1, { action: 'hire' }), 409, /last stage of the plan \(References\)/)
  const atReferences = await moved(app, recruiter, lean.application.id, 1, { action: 'move', toStageId: lean.job.stages[3]!.id, reason: 'Fast track' })
  const hired = await moved(app, recruiter, lean.application.id, atReferences.version, { action: 'hire' })
  t.equal(hired.status, 'HIRED', 'the lean plan hires from its last stage')
})

t.test('reopen returns a closed application to its stage unless the job closed, another application is active, or the stage was archived', async (t) => {
  const { job, candidate, application } = await freshApplication({ plan: plainPlan })
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'reopen', reason: 'Why not' }), 409, /already active/)
  const rejected = await moved(app, recruiter, application.id, 1, { action: 'reject', reason: 'NOT_QUALIFIED', notifyCandidate: false })
  const second = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })
  await refused(t, () => moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake' }), 409, `already has an active application for this job (${second.id})`)
  await moved(app, recruiter, second.id, 1, { action: 'withdraw' })

  await app.db.job.update({ where: { id: job.id }, data: { status: 'CLOSED' } })
  await refused(t, () => moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake' }), 409, /job is closed/)
  await app.db.job.update({ where: { id: job.id }, data: { status: 'OPEN' } })
  await app.db.stage.update({ where: { id: job.stages[0]!.id }, data: { archivedAt: new Date() } })
  await refused(t, () => moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake' }), 409, /no longer in the plan/)
  await app.db.stage.update({ where: { id: job.stages[0]!.id }, data: { archivedAt: null } })
  const reopened = await moved(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake' })
  t.match(reopened, { status: 'ACTIVE', transition: { kind: 'REOPENED' } })
})

t.test('reopen with toStageId returns a closed application to a stage of the current plan, also when its own stage left the plan', async (t) => {
  const { job, application } = await freshApplication({ plan: plainPlan })
  const [technical, portfolio] = [job.stages[1]!, job.stages[2]!]
  const inTechnical = await moved(app, recruiter, application.id, 1, { action: 'move', toStageId: technical.id, reason: 'Strong CV' })
  const rejected = await moved(app, recruiter, application.id, inTechnical.version, { action: 'reject', reason: 'NOT_QUALIFIED', notifyCandidate: false })
  await app.db.stage.update({ where: { id: technical.id }, data: { archivedAt: new Date() } })

  await refused(t, () => moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake' }), 409, /no longer in the plan: reopen it with toStageId/)
  await refused(t, () => moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake', toStageId: technical.id }), 409, /Technical interview is no longer in the plan/)
  await refused(t, () => moveReq(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Mistake', toStageId: unknownId }), 404, /Stage/)

  const reopened = await moved(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Rejected by mistake', toStageId: portfolio.id })
  t.match(reopened, { status: 'ACTIVE', stageId: portfolio.id, closedAt: null, transition: { kind: 'REOPENED', fromStageId: technical.id, toStageId: portfolio.id, fromStatus: 'REJECTED', toStatus: 'ACTIVE' } })
  const row = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
  const transition = await app.db.stageTransition.findFirstOrThrow({ where: { applicationId: application.id, kind: 'REOPENED' } })
  t.same(row.stageEnteredAt, transition.createdAt, 'it entered the stage it was reopened in')
  t.ok(await app.db.auditEvent.findFirst({ where: { entityId: application.id, action: 'application.reopened', payload: { path: ['toStageId'], equals: portfolio.id } } }), 'the audit event names the stage')
})

t.test('reopened in the offer stage from another stage, the candidate is owed the offer e-mail; reopened where it was, the reopening one', async (t) => {
  const { job, application } = await freshApplication({ plan: plainPlan })
  const offer = job.stages.at(-1)!
  const owed = async () => (await app.db.outboxEvent.findMany({ where: { payload: { path: ['applicationId'], equals: application.id } }, orderBy: { id: 'asc' }, select: { topic: true } })).map((e) => e.topic)
  const rejected = await moved(app, recruiter, application.id, 1, { action: 'reject', reason: 'NOT_QUALIFIED', notifyCandidate: false })
  const inOffer = await moved(app, recruiter, application.id, rejected.version, { action: 'reopen', reason: 'Second look: we want them', toStageId: offer.id })
  t.same((await owed()).slice(1), ['application.offer'], 'the offer, as a move into the offer stage owes')
  const again = await moved(app, recruiter, application.id, inOffer.version, { action: 'reject', reason: 'COMPENSATION', notifyCandidate: false })
  await moved(app, recruiter, application.id, again.version, { action: 'reopen', reason: 'They changed their mind' })
  t.same((await owed()).slice(1), ['application.offer', 'application.reopened'], 'reopened in the offer stage it was in: the reopening, not a second offer')
})

t.test('a closed job takes no progress, but its applications can still be rejected or withdrawn', async (t) => {
  const { job, application } = await freshApplication({ plan: plainPlan })
  await app.db.job.update({ where: { id: job.id }, data: { status: 'CLOSED' } })
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'advance' }), 409, /job is closed/)
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'move', toStageId: job.stages[2]!.id, reason: 'x' }), 409, /job is closed/)
  const rejected = await moved(app, recruiter, application.id, 1, { action: 'reject', reason: 'POSITION_FILLED', notifyCandidate: true })
  t.equal(rejected.status, 'REJECTED')
})

t.test("an erased candidate's application does not move", async (t) => {
  const { candidate, application } = await freshApplication({ plan: plainPlan })
  await app.db.candidate.update({ where: { id: candidate.id }, data: { erasedAt: new Date(), email: null } })
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'advance' }), 409, /erased/)
})

t.test('stage-moved e-mails follow the job setting and the candidate opt-out', async (t) => {
  const count = (id: string) => app.db.outboxEvent.count({ where: { topic: 'application.stage_moved', payload: { path: ['applicationId'], equals: id } } })
  const off = await freshApplication({ plan: plainPlan, stageMovedEmails: false })
  await moved(app, recruiter, off.application.id, 1, { action: 'advance' })
  t.equal(await count(off.application.id), 0, 'none when the job sends none')
  const on = await freshApplication({ plan: plainPlan, stageMovedEmails: true })
  const step = await moved(app, recruiter, on.application.id, 1, { action: 'advance' })
  await moved(app, recruiter, on.application.id, step.version, { action: 'move', toStageId: on.job.stages[0]!.id, reason: 'Back' })
  t.equal(await count(on.application.id), 2, 'one per advance or move when it does')
  await app.db.candidate.update({ where: { id: on.candidate.id }, data: { emailOptOut: true } })
  await moved(app, recruiter, on.application.id, step.version + 1, { action: 'advance' })
  t.equal(await count(on.application.id), 2, 'none once the candidate opted out')
})

t.test('If-Match: missing or * answers 428, stale or malformed 412, and nothing is written', async (t) => {
  const { application } = await freshApplication({ plan: plainPlan })
  await refused(t, () => moveReq(app, recruiter, application.id, null, { action: 'advance' }), 428, /send If-Match/)
  await refused(t, () => moveReq(app, recruiter, application.id, '*', { action: 'advance' }), 428, /send If-Match/)
  await refused(t, () => moveReq(app, recruiter, application.id, 2, { action: 'advance' }), 412, /changed since version 2/)
  await refused(t, () => moveReq(app, recruiter, application.id, 'W/"1"', { action: 'advance' }), 412, /not a version/)
  const ok = await moveReq(app, recruiter, application.id, 1, { action: 'advance' })
  t.equal(ok.statusCode, 200)
  t.equal(ok.headers.etag, '"2"', 'the answer carries the new ETag')
  await refused(t, () => moveReq(app, recruiter, application.id, 1, { action: 'advance' }), 412, /changed since version 1/)
})

t.test('unknown applications answer 404, bad bodies 400, and interviewers may not move at all', async (t) => {
  await refused(t, () => moveReq(app, recruiter, unknownId, 1, { action: 'advance' }), 404, /Application not found/)
  const { application } = await freshApplication({ plan: plainPlan })
  for (const body of [{}, { action: 'promote' }, { action: 'reject', reason: 'BORED', notifyCandidate: true }, { action: 'reject', reason: 'OTHER' }, { action: 'advance', extra: 1 }]) {
    const res = await moveReq(app, recruiter, application.id, 1, body)
    t.equal(res.statusCode, 400, `${JSON.stringify(body)} is not a move`)
  }
  const interviewer = await createUser(app, 'INTERVIEWER')
  t.equal((await moveReq(app, interviewer, application.id, 1, { action: 'advance' })).statusCode, 403)
})
