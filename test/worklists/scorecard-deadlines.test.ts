// The overdue-scorecard sweep (worker job, every 15 minutes): a reminder to the
// panelist past the job's first deadline, an escalation to each hiring manager
// past the second, each written to the outbox exactly once however often it runs.
// The sweep is global, and the subtests run in order: each one's earlier
// scenarios have had all their events written, so the counts a run returns are
// this scenario's.
import t from 'tap'
import { pino } from 'pino'
import { buildTestApp } from '../helpers/app.ts'
import { JobName, jobSchedules } from '../../src/queues/index.ts'
import { createProcessors } from '../../workers/processors/index.ts'
import { createMailTransport } from '../../src/email/transport.ts'
import pLimit from 'p-limit'
import { createSentRecorder } from '../../src/email/sent-recorder.ts'
import { chaseOverdueScorecards } from '../../workers/processors/scorecard-deadlines.ts'
import { linkUrlBuilder } from '../../src/scheduling/link-token.ts'
import { addInterview, addScorecard, createApplication, createAssessor, createJob, createTemplate } from '../aggregates/fixtures.ts'

const { app } = await buildTestApp(t)
const HOUR = 3_600_000
const template = await createTemplate(app, [{ key: 'sql', weight: 1 }])

async function scenario(options: { reminderHours?: number; escalationHours?: number } = {}) {
  const assessor = () => createAssessor(app)
  const [late, onTime, managerA, managerB, interviewer] = await Promise.all([assessor(), assessor(), assessor(), assessor(), assessor()])
  const job = await createJob(app, {
    stages: [{ name: 'Technical interview', template }],
    team: [{ user: managerA, role: 'HIRING_MANAGER' }, { user: managerB, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }],
    scorecardReminderHours: options.reminderHours ?? 24,
    scorecardEscalationHours: options.escalationHours ?? 72,
  })
  const stageId = job.stages[0]!.id
  const application = await createApplication(app, job.id, stageId)
  const endsAt = new Date(Date.now() - 200 * HOUR)
  const interviewId = await addInterview(app, { applicationId: application.id, stageId, panel: [late.id, onTime.id], endsAt })
  await addScorecard(app, { applicationId: application.id, stageId, template, authorId: onTime.id, recommendation: 3 })
  // A draft is not a submission: the late panelist is still due.
  await addScorecard(app, { applicationId: application.id, stageId, template, authorId: late.id, recommendation: null, status: 'DRAFT' })
  // Never chased: a cancelled interview, and an interview on a closed application.
  await addInterview(app, { applicationId: application.id, stageId, panel: [late.id], endsAt, status: 'CANCELLED' })
  const closed = await createApplication(app, job.id, stageId, { status: 'REJECTED' })
  // Two hours earlier: an interviewer is never in two interviews at once.
  await addInterview(app, { applicationId: closed.id, stageId, panel: [late.id], endsAt: new Date(endsAt.getTime() - 2 * HOUR) })
  const at = (hoursAfterEnd: number) => new Date(endsAt.getTime() + hoursAfterEnd * HOUR)
  const events = () => app.db.outboxEvent.findMany({ where: { payload: { path: ['jobId'], equals: job.id } }, orderBy: { createdAt: 'asc' } })
  return { job, application, interviewId, late: late, managers: [managerA.id, managerB.id], at, events }
}

t.test('a reminder past the first deadline, then escalations past the second: each once across runs', async (t) => {
  const s = await scenario()
  t.same(await chaseOverdueScorecards(app.db, s.at(23)), { reminders: 0, escalations: 0 }, 'before the reminder deadline: nothing')
  t.same(await chaseOverdueScorecards(app.db, s.at(25)), { reminders: 1, escalations: 0 }, 'past 24 h: the reminder')
  t.same(await chaseOverdueScorecards(app.db, s.at(26)), { reminders: 0, escalations: 0 }, 'the next run writes it again? no')
  t.same(await chaseOverdueScorecards(app.db, s.at(73)), { reminders: 0, escalations: 2 }, 'past 72 h: one escalation per hiring manager')
  t.same(await chaseOverdueScorecards(app.db, s.at(90)), { reminders: 0, escalations: 0 }, 'and never again')

  const events = await s.events()
  t.same(events.map((e) => e.topic), ['scorecard.reminder', 'scorecard.escalation', 'scorecard.escalation'])
  t.match(events[0]!.payload, {
    dedupeKey: `scorecard.reminder:${s.interviewId}:${s.late.id}`, interviewId: s.interviewId, applicationId: s.application.id, jobId: s.job.id,
    panelistId: s.late.id, recipientId: s.late.id,
  })
  t.same(events.slice(1).map((e) => (e.payload as { recipientId: string }).recipientId).sort(), [...s.managers].sort(), 'to the job\'s hiring managers')
  t.ok(events.slice(1).every((e) => (e.payload as { panelistId: string }).panelistId === s.late.id), 'about the late panelist')
  t.notOk(JSON.stringify(events.map((e) => e.payload)).includes('@'), 'ids only: no e-mail addresses in the payloads')
})

t.test('a run that starts late writes both at once; a submitted scorecard stops the chase', async (t) => {
  const s = await scenario({ reminderHours: 2, escalationHours: 4 })
  t.same(await chaseOverdueScorecards(app.db, s.at(5)), { reminders: 1, escalations: 2 })
  const other = await scenario()
  await app.db.scorecard.updateMany({ where: { applicationId: other.application.id, authorId: other.late.id }, data: { status: 'SUBMITTED', submittedAt: new Date() } })
  t.same(await chaseOverdueScorecards(app.db, other.at(100)), { reminders: 0, escalations: 0 })
})

t.test('two workers running the sweep at the same moment still write each event once', async (t) => {
  const s = await scenario()
  const results = await Promise.all([chaseOverdueScorecards(app.db, s.at(80)), chaseOverdueScorecards(app.db, s.at(80))])
  t.same(results.map((r) => r.reminders + r.escalations).sort(), [0, 3])
  t.equal((await s.events()).length, 3)
})

t.test('the sweep is a registered job, scheduled every 15 minutes', async (t) => {
  t.match(jobSchedules.find((j) => j.job.name === JobName.ScorecardDeadlines), { id: 'scorecard-deadlines', repeat: { pattern: '*/15 * * * *', tz: 'UTC' } })
  const transport = createMailTransport(app.config)
  t.teardown(() => transport.close())
  const processors = createProcessors({ db: app.db, pool: app.pg, transport, sendLimit: pLimit(1), recordSent: createSentRecorder(app.pg), log: pino({ level: 'silent' }), config: app.config, linkUrlFor: linkUrlBuilder(app.config) })
  t.type(processors[JobName.ScorecardDeadlines], 'function')
})
