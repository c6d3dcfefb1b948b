// The subject access export and the e-mails about a candidate that went to the
// hiring team: queued with the application's id and no candidate's, their
// subjects naming the candidate. Written and sent here as the worker does it:
// a booking's outbox event dispatched into notifications, delivered to an SMTP sink.
import t from 'tap'
import pLimit from 'p-limit'
import { dispatchDueOutbox } from '../../src/email/dispatch.ts'
import { deliverBatch } from '../../src/email/deliver.ts'
import { createSentRecorder } from '../../src/email/sent-recorder.ts'
import { buildTestApp } from '../helpers/app.ts'
import { startSinkWithTransport } from '../helpers/smtp-sink.ts'
import { bearer } from '../helpers/users.ts'
import { berlinWeekday, book, bookingBody, json, manyLogins, schedulingWorld } from '../scheduling/fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const world = await schedulingWorld(app)
const { sink, transport } = await startSinkWithTransport(t, 2)
const deps = { pool: app.pg, transport, sendLimit: pLimit(2), recordSent: createSentRecorder(app.pg), config: app.config, linkUrlFor: () => 'https://example.test/link' }

/** Books an interview for a new candidate and sends every e-mail it owes: the candidate's invitation and the panel's. */
async function interviewedCandidate(firstName: string, day: number) {
  const application = await world.newApplication(firstName)
  const res = await book(app, world.recruiter, application.id, bookingBody(world, berlinWeekday(day).at('10:00')))
  if (res.statusCode !== 201) throw new Error(`book: ${res.statusCode} ${res.body}`)
  await dispatchDueOutbox(app.pg, app.config)
  const owed = await app.db.notification.findMany({ where: { status: 'PENDING' }, select: { id: true } })
  await deliverBatch(deps, owed.map((n) => n.id), `job:${firstName}`, false)
  return { ...application, interviewId: json(res).id as string }
}

const exportOf = async (candidateId: string) => {
  const res = await app.inject({ url: `/candidates/${candidateId}/personal-data`, headers: bearer(world.recruiter) })
  if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.body}`)
  return res
}

t.test("the export holds the e-mails about the candidate sent to the hiring team, apart from those sent to them", async (t) => {
  const zoe = await interviewedCandidate('Zoe', 2)
  const other = await interviewedCandidate('Yann', 3)
  const panel = await app.db.user.findMany({ where: { id: { in: [world.first.id, world.second.id] } }, select: { id: true, name: true, email: true } })
  const toPanel = await app.db.notification.findMany({ where: { applicationId: zoe.id, userId: { in: panel.map((u) => u.id) } } })
  t.equal(toPanel.length, 2, 'the panel was e-mailed about Zoe')
  t.ok(toPanel.every((n) => n.candidateId === null && n.status === 'SENT' && n.subject?.includes('Zoe')), 'with no candidate id, and subjects that name her')

  const res = await exportOf(zoe.candidateId)
  const { candidate } = res.json()
  t.same(candidate.notifications.map((n: { kind: string }) => n.kind).sort(), ['APPLICATION_RECEIVED', 'INTERVIEW_INVITATION'], 'notifications: the e-mails to the candidate, as before')
  t.same(
    candidate.teamNotifications.map((n: { recipient: { id: string } }) => n.recipient.id).sort(),
    panel.map((u) => u.id).sort(),
    'teamNotifications: one per panelist',
  )
  for (const sent of candidate.teamNotifications) {
    const row = toPanel.find((n) => n.id === sent.id)!
    const to = panel.find((u) => u.id === row.userId)!
    t.same(sent, {
      id: row.id, kind: 'TEAM_INTERVIEW_INVITATION', applicationId: zoe.id, interviewId: zoe.interviewId, subject: row.subject, status: 'SENT',
      sentAt: row.sentAt!.toISOString(), createdAt: row.createdAt.toISOString(), recipient: { id: to.id, name: to.name },
    }, 'each with its kind, subject, when it went, and to whom on the team')
  }
  for (const user of panel) t.notOk(res.body.includes(user.email), `the staff address ${user.email} is not in the export: it is theirs, not the candidate's`)
  t.notOk(res.body.includes('Yann'), "nor anything sent about another candidate")
  t.ok((await exportOf(other.candidateId)).json().candidate.teamNotifications.every((n: { applicationId: string }) => n.applicationId === other.id), "whose own export has their team's e-mails")
})

t.test('taking a copy of everything held on a candidate is itself audited: who, about whom, when, and no data', async (t) => {
  const { candidateId } = await world.newApplication('Ines')
  const before = new Date()
  const res = await exportOf(candidateId)
  t.equal(res.statusCode, 200)
  const events = await app.db.auditEvent.findMany({ where: { action: 'candidate.personal_data_exported', candidateId } })
  t.equal(events.length, 1, 'one event for the one export')
  t.match(events[0], { actorId: world.recruiter.id, entityType: 'candidate', entityId: candidateId, requestId: res.headers['x-request-id'] })
  t.same(events[0]!.payload, {}, 'no data in it')
  t.ok(events[0]!.createdAt >= new Date(before.getTime() - 1000))

  const recorded = await app.db.auditEvent.count({ where: { action: 'candidate.personal_data_exported' } })
  const unknown = await app.inject({ url: '/candidates/01890000-0000-7000-8000-000000000000/personal-data', headers: bearer(world.recruiter) })
  t.equal(unknown.statusCode, 404, 'an unknown candidate is 404')
  t.equal(await app.db.auditEvent.count({ where: { action: 'candidate.personal_data_exported' } }), recorded, 'and records nothing')
})
