import t from 'tap'
import pLimit from 'p-limit'
import { deliverBatch } from '../../src/email/deliver.ts'
import { createSentRecorder } from '../../src/email/sent-recorder.ts'
import { startSinkWithTransport } from '../helpers/smtp-sink.ts'
import { multipartFile } from '../fixtures/multipart.ts'
import { eraseCandidate } from '../../src/services/candidate-erasure.ts'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { findEverywhere, makePii, plantCandidateEverywhere } from './fixtures.ts'
import { berlinWeekday, book, bookingBody, json, schedulingWorld } from '../scheduling/fixtures.ts'

const { app } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')
const interviewer = await createUser(app, 'INTERVIEWER')

t.test('a subject access export contains everything held on the candidate', async (t) => {
  const pii = makePii('4711')
  const { candidate } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const res = await app.inject({ url: `/candidates/${candidate.id}/personal-data`, headers: bearer(recruiter) })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-disposition'], /attachment/)
  t.equal(res.headers['cache-control'], 'no-store', 'personal data is not kept in caches')
  const body = res.body
  for (const value of [pii.email, pii.phone, pii.noteText, pii.reasonText, pii.answerText]) t.ok(body.includes(value), `export includes ${value}`)
  const data = res.json()
  t.equal(data.candidate.applications.length, 1)
  t.equal(data.candidate.applications[0].transitions.length, 1)
  t.equal(data.candidate.notifications.length, 3)
  const [application] = data.candidate.applications
  t.match(application.interviews[0], { panelNotes: pii.noteText, changes: [{ kind: 'RESCHEDULED', reason: `Moved: ${pii.noteText}`, byCandidate: true }] }, "the panel's notes and the candidate's own reason for a change")
  t.match(application.scorecards[0], { status: 'SUBMITTED', revisions: [{ revision: 1, snapshot: { answers: { summary: pii.answerText } } }] }, 'every revision of a scorecard')
  t.match(application.schedulingLinks[0], { purpose: 'PICK', timeZone: 'Pacific/Chatham', slots: [{ bookedAt: null }] }, 'the scheduling links, with the times offered')
  t.ok(data.candidate.notifications.some((n: { lastError: string | null }) => n.lastError?.includes(pii.email)), "an e-mail's last error")
  t.ok(data.candidate.notifications.some((n: { deliveries: Array<{ detail: string | null }> }) => n.deliveries.some((d) => d.detail?.includes(pii.email))), 'each delivery attempt')
  t.ok(data.candidate.auditEvents.some((e: { payload: { before?: { email?: string } } }) => e.payload.before?.email === pii.email), 'the audit trail with its details')
})

t.test('erasure removes personal data from every table, keeps the history and is audited', async (t) => {
  const pii = makePii('4712')
  const { candidate, application } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const before = await findEverywhere(app, pii.firstName)
  t.ok(before.length >= 3, `planted in ${before.join(', ')}`)

  const res = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { candidateId: candidate.id, alreadyErased: false })

  for (const needle of Object.values(pii)) {
    t.same(await findEverywhere(app, needle), [], `no trace of "${needle}"`)
  }

  const kept = await app.db.application.findUnique({ where: { id: application.id }, include: { transitions: true, scorecards: { include: { ratings: true } } } })
  t.equal(kept?.status, 'REJECTED', 'the application and its outcome are kept')
  t.equal(kept?.transitions.length, 1, 'stage history kept')
  t.equal(kept?.scorecards[0]?.ratings[0]?.rating, 2, 'ratings kept for aggregates')

  const pending = await app.db.notification.count({ where: { candidateId: candidate.id, status: 'PENDING' } })
  t.equal(pending, 0, 'no e-mail is left to send')
  const erased = await app.db.candidate.findUnique({ where: { id: candidate.id } })
  t.ok(erased?.erasedAt && erased.emailOptOut)
  const audit = await app.db.auditEvent.findFirst({ where: { action: 'candidate.erased', entityId: candidate.id } })
  t.equal(audit?.actorId, recruiter.id, 'the erasure is audited with who did it')

  const again = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.same(again.json(), { candidateId: candidate.id, alreadyErased: true }, 'erasing twice is harmless')
})

t.test('erasure needs confirmation, a known candidate and the right role', async (t) => {
  const pii = makePii('4713')
  const { candidate } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const unconfirmed = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: {} })
  t.equal(unconfirmed.statusCode, 400)
  const unknown = await app.inject({ method: 'POST', url: `/candidates/${crypto.randomUUID()}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.equal(unknown.statusCode, 404)
  const forbidden = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(interviewer), payload: { confirm: true } })
  t.equal(forbidden.statusCode, 403)
  t.ok((await findEverywhere(app, pii.noteText)).length > 0, 'refused erasures changed nothing')
})

t.test('erasing a candidate still in the process withdraws them, cancels their interviews and refuses new text about them', async (t) => {
  const world = await schedulingWorld(app)
  const application = await world.newApplication('Erin')
  const interviewer = world.first
  const template = await app.db.scorecardTemplate.create({ data: { lineageId: crypto.randomUUID(), name: 'Review', attributes: { create: [{ key: 'sql', section: 'TECHNICAL', name: 'SQL', position: 0 }] } } })
  await app.db.stage.update({ where: { id: application.stageId }, data: { templateId: template.id } })
  const draft = await app.inject({ method: 'POST', url: '/scorecards', headers: bearer(interviewer), payload: { applicationId: application.id, stageId: application.stageId } })
  t.equal(draft.statusCode, 201, `a draft scorecard before the erasure: ${draft.body}`)
  const startsAt = berlinWeekday(3).at('10:00')
  const booked = await book(app, world.recruiter, application.id, bookingBody(world, startsAt))
  t.equal(booked.statusCode, 201, booked.body)
  const interviewId = json(booked).id as string
  await app.db.interview.update({ where: { id: interviewId }, data: { timeZone: 'Pacific/Chatham' } }) // as if the candidate had picked it

  const erased = await app.inject({ method: 'POST', url: `/candidates/${application.candidateId}/erasure`, headers: bearer(world.recruiter), payload: { confirm: true } })
  t.equal(erased.statusCode, 200, erased.body)

  const after = await app.db.application.findUniqueOrThrow({ where: { id: application.id }, include: { transitions: { orderBy: { createdAt: 'desc' }, take: 1 } } })
  t.match(after, { status: 'WITHDRAWN', version: application.version + 1 }, 'the active application is withdrawn, as a new version')
  t.ok(after.closedAt, 'and closed')
  t.match(after.transitions[0], { kind: 'WITHDRAWN', fromStatus: 'ACTIVE', toStatus: 'WITHDRAWN', reason: 'candidate erased', actorId: world.recruiter.id }, 'the move is recorded with who and why')
  const withdrawal = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'application.withdrawn', entityId: application.id } })
  t.same(withdrawal.payload, {
    transitionId: after.transitions[0]!.id, version: after.version, fromStageId: application.stageId, toStageId: application.stageId,
    fromStatus: 'ACTIVE', toStatus: 'WITHDRAWN', overridden: false, reason: 'candidate erased',
  }, 'its audit event is a move\'s: the transition and the version it made, and ids only')
  t.equal(await app.db.outboxEvent.count({ where: { payload: { path: ['applicationId'], equals: application.id }, topic: 'application.withdrawn' } }), 0, 'and it owes the candidate no e-mail')

  const interview = await app.db.interview.findUniqueOrThrow({ where: { id: interviewId }, include: { panel: true } })
  t.match(interview, { status: 'CANCELLED', timeZone: 'UTC' }, 'the upcoming interview is cancelled and the zone they picked reset')
  t.ok(interview.panel.every((p) => !p.active), 'its panel is free again')
  const told = await app.db.outboxEvent.findMany({ where: { topic: 'interview.cancelled', payload: { path: ['interviewId'], equals: interviewId } } })
  t.equal(told.length, 1, 'the cancellation goes out to the panel (the erased candidate is never e-mailed)')
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'candidate.erased', entityId: application.candidateId } })
  t.match(audit.payload, { withdrawn: 1, interviewsCancelled: 1 }, 'the erasure says what it ended')

  const refusals = [
    await app.inject({ method: 'PATCH', url: `/scorecards/${json(draft).id}`, headers: bearer(interviewer), payload: { answers: {} } }),
    await app.inject({ method: 'POST', url: '/scorecards', headers: bearer(world.second), payload: { applicationId: application.id, stageId: application.stageId } }),
    await app.inject({ method: 'POST', url: `/candidates/${application.candidateId}/notes`, headers: bearer(world.recruiter), payload: { body: 'more' } }),
  ]
  t.same(refusals.map((r) => r.statusCode), [409, 409, 409], 'no scorecard or note is written about them afterwards')
  for (const refusal of refusals) t.match(json(refusal), { detail: /erased/ }, 'the problem says why')
  // An application still active (one that raced the erasure) takes no interview either.
  await app.db.application.update({ where: { id: application.id }, data: { status: 'ACTIVE' } })
  const booking = await book(app, world.recruiter, application.id, bookingBody(world, berlinWeekday(4).at('10:00')))
  t.equal(booking.statusCode, 409)
  t.match(json(booking), { detail: /erased/ }, 'no interview is arranged with them')
})

t.test('an e-mail already being sent when the candidate is erased is recorded as sent, without what erasure removed', async (t) => {
  const { sink, transport } = await startSinkWithTransport(t, 1)
  const pii = makePii('4714')
  const { candidate, application } = await plantCandidateEverywhere(app, recruiter.id, pii)
  const owed = await app.db.notification.create({
    data: { kind: 'APPLICATION_RECEIVED', idempotencyKey: crypto.randomUUID(), messageId: `<${crypto.randomUUID()}@test>`, candidateId: candidate.id, applicationId: application.id },
  })
  const slowServer = sink.hold()
  const deps = { pool: app.pg, transport, sendLimit: pLimit(1), recordSent: createSentRecorder(app.pg), config: app.config, linkUrlFor: () => 'https://example.test/link' }
  const sending = deliverBatch(deps, [owed.id], 'job:in-flight', false)
  await slowServer.receiving // the message is at the server, not yet accepted

  const erased = await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })
  t.equal(erased.statusCode, 200)
  slowServer.release()
  t.match(await sending, { sent: 1 })
  t.equal(sink.received.length, 1, 'it did go out: it was on its way')

  const row = await app.db.notification.findUniqueOrThrow({ where: { id: owed.id }, include: { deliveries: true } })
  t.match(row, { status: 'SENT', toAddress: null, subject: null, claimedBy: null }, 'the ledger says so, without the address or subject')
  t.ok(row.sentAt, 'with when')
  t.match(row.deliveries, [{ outcome: 'SENT', detail: null }], "and the server's reply is not kept")
  t.same(await findEverywhere(app, pii.email), [], 'the address is nowhere')
})

t.test('someone erased at their request is not added again, by hand or by import, and nothing is sent to their address', async (t) => {
  const pii = makePii('4715')
  const { candidate, application } = await plantCandidateEverywhere(app, recruiter.id, pii)
  t.equal((await app.inject({ method: 'POST', url: `/candidates/${candidate.id}/erasure`, headers: bearer(recruiter), payload: { confirm: true } })).statusCode, 200)
  t.same(await findEverywhere(app, pii.email), [], 'the address itself is kept nowhere')

  const again = await app.inject({ method: 'POST', url: '/candidates', headers: bearer(recruiter), payload: { firstName: 'Grace', lastName: 'Again', email: pii.email.toUpperCase() } })
  t.equal(again.statusCode, 409, 'creating them again, in any letter case, is refused')
  t.match(again.json(), { detail: /asked to be erased/ })
  const other = await app.inject({ method: 'POST', url: '/candidates', headers: bearer(recruiter), payload: { firstName: 'Someone', lastName: 'Else', email: `someone.else.4715@example.test` } })
  t.equal(other.statusCode, 201)
  const renamed = await app.inject({ method: 'PATCH', url: `/candidates/${other.json().id}`, headers: bearer(recruiter), payload: { email: pii.email } })
  t.equal(renamed.statusCode, 409, "nor can another candidate take the address")

  const { payload, headers } = multipartFile(Buffer.from(`firstName,lastName,email\nGrace,Imported,${pii.email}\nNew,Person,new.person.4715@example.test\n`), { filename: 'c.csv', contentType: 'text/csv' })
  const imported = await app.inject({ method: 'POST', url: '/candidates/import', headers: { ...bearer(recruiter), ...headers }, payload })
  const lines = imported.body.trim().split('\n').map((l) => JSON.parse(l))
  t.match(lines[0], { line: 2, status: 'rejected', reason: /asked to be erased/ }, 'an old file re-imported rejects their row')
  t.match(lines[1], { line: 3, status: 'created' }, 'and imports the others')
  t.equal(await app.db.candidate.count({ where: { email: pii.email } }), 0)

  // Should a record with the address exist anyway (written before this check, or by hand), no e-mail goes to it.
  const stray = await app.db.candidate.create({ data: { email: pii.email, firstName: 'Stray', lastName: 'Record' } })
  const owed = await app.db.notification.create({
    data: { kind: 'APPLICATION_RECEIVED', idempotencyKey: crypto.randomUUID(), messageId: `<${crypto.randomUUID()}@test>`, candidateId: stray.id, applicationId: application.id },
  })
  const { sink, transport } = await startSinkWithTransport(t, 1)
  const deps = { pool: app.pg, transport, sendLimit: pLimit(1), recordSent: createSentRecorder(app.pg), config: app.config, linkUrlFor: () => 'https://example.test/link' }
  t.match(await deliverBatch(deps, [owed.id], 'job:stray', false), { sent: 0, skipped: 1 })
  t.equal(sink.received.length, 0, 'nothing reached the server')
  t.match(await app.db.notificationAttempt.findFirst({ where: { notificationId: owed.id } }), { outcome: 'SKIPPED', detail: /erased at its owner's request/ })
})

t.test('a retention erasure keeps no such record: someone forgotten after years of silence may apply again', async (t) => {
  const pii = makePii('4716')
  const { candidate } = await plantCandidateEverywhere(app, recruiter.id, pii)
  await eraseCandidate(app.db, candidate.id, { actorId: null, basis: 'retention' })
  const back = await app.inject({ method: 'POST', url: '/candidates', headers: bearer(recruiter), payload: { firstName: 'Grace', lastName: 'Back', email: pii.email } })
  t.equal(back.statusCode, 201)
})
