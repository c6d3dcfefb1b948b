// The e-mails the pipeline and scorecards owe, end to end: "decision needed" to
// the hiring managers once a stage's scorecards are in, scorecard due and
// overdue notices from the deadline sweep, and the offer to the candidate.
import t from 'tap'
import { chaseOverdueScorecards } from '../../workers/processors/scorecard-deadlines.ts'
import { addInterview, api, completeCard, ok, scoringWorld, technicalRatings } from '../scorecards/fixtures.ts'
import { eventually, startMailPipeline } from './pipeline.ts'

const { app, sink } = await startMailPipeline(t)
const { team, job, technical, newApplication } = await scoringWorld(app)
const { manager, first, second } = team

const mailTo = async (address: string, subject: RegExp) => {
  for (const m of sink.received) {
    if (!m.envelopeTo.includes(address)) continue
    const parsed = await sink.parse(m)
    if (subject.test(parsed.subject ?? '')) return parsed
  }
  return undefined
}
const emailOf = async (userId: string) => (await app.db.user.findUniqueOrThrow({ where: { id: userId } })).email

t.test('the last scorecard a stage needs tells its hiring managers, once', async (t) => {
  const application = await newApplication()
  const submit = async (user: typeof first) => {
    const card = await ok<{ id: string }>(api(app, user).post('/scorecards', { applicationId: application.id, stageId: technical.id, ratings: technicalRatings(3), ...completeCard }), 201)
    await ok(api(app, user).post(`/scorecards/${card.id}/submit`))
  }
  await submit(first)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(await app.db.notification.count({ where: { kind: 'DECISION_NEEDED' } }), 0, 'one of two scorecards: no decision yet')
  await submit(second)
  const managerEmail = await emailOf(manager.id)
  const mail = await eventually('the decision-needed e-mail', () => mailTo(managerEmail, /^Decision needed/))
  t.match(mail.subject, /^Decision needed: Grace Hopper for /)
  t.match(mail.text, new RegExp(`Review and decide: http://127\\.0\\.0\\.1:3000/applications/${application.id}`), 'with a link to the application')
  t.equal(await app.db.notification.count({ where: { kind: 'DECISION_NEEDED', applicationId: application.id } }), 1, 'to the one hiring manager, once')
})

t.test('the deadline sweep owes a panelist "scorecard due" and the hiring manager "overdue"', async (t) => {
  const application = await newApplication()
  const interview = await addInterview(app, application.id, technical.id, [first])
  await app.db.interview.update({ where: { id: interview.id }, data: { startsAt: new Date(Date.now() - 100 * 3600_000), endsAt: new Date(Date.now() - 99 * 3600_000) } })
  await app.db.interviewInterviewer.updateMany({ where: { interviewId: interview.id }, data: { startsAt: new Date(Date.now() - 100 * 3600_000), endsAt: new Date(Date.now() - 99 * 3600_000) } })
  t.match(await chaseOverdueScorecards(app.db), { reminders: 1, escalations: 1 })
  const due = await eventually('the due notice', async () => mailTo(await emailOf(first.id), /^Scorecard due/))
  t.match(due.subject, /^Scorecard due: Grace Hopper \(Technical interview\)$/)
  const overdue = await eventually('the overdue notice', async () => mailTo(await emailOf(manager.id), /^Overdue scorecard/))
  const firstName = (await app.db.user.findUniqueOrThrow({ where: { id: first.id } })).name
  t.equal(overdue.subject, `Overdue scorecard: ${firstName} on Grace Hopper`, 'names whose scorecard is missing')
  t.match(await chaseOverdueScorecards(app.db), { reminders: 0, escalations: 0 }, 'a second sweep owes nothing more')
})

t.test('reaching the offer stage sends the candidate the offer, whatever the stage-update setting', async (t) => {
  const application = await newApplication()
  const offerStage = job.stage('Offer')
  const current = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
  // Out of a stage still missing its scorecards: the hiring manager overrides the gate.
  const res = await app.inject({
    method: 'POST', url: `/applications/${application.id}/moves`, headers: { authorization: `Bearer ${manager.token}`, 'if-match': `"${current.version}"` },
    payload: { action: 'move', toStageId: offerStage.id, reason: 'Exceptional panel feedback', override: { reason: 'Fast-tracked' } },
  })
  t.equal(res.statusCode, 200, res.body)
  const candidate = await app.db.candidate.findFirstOrThrow({ where: { applications: { some: { id: application.id } } } })
  const offer = await eventually('the offer', () => mailTo(candidate.email!, /^An offer from/))
  t.match(offer.subject, /^An offer from Shortlist: /)
  t.match(offer.text, /We are delighted/)
})
