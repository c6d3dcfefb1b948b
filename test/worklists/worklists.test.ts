// GET /me/scorecards-due and GET /me/decisions-waiting: what each assessor and
// hiring manager has on their plate, oldest first, a page at a time.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { addInterview, addScorecard, createApplication, createAssessor, createJob, createTemplate } from '../aggregates/fixtures.ts'

const { app } = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '100000' })
const [manager, otherManager, interviewer, colleague] = await Promise.all([
  createUser(app, 'HIRING_MANAGER'), createUser(app, 'HIRING_MANAGER'), createUser(app, 'INTERVIEWER'), createUser(app, 'INTERVIEWER'),
])
const template = await createTemplate(app, [{ key: 'sql', weight: 1 }])
const job = await createJob(app, {
  stages: [{ name: 'Technical interview', requiredScorecards: 2, template }, { name: 'References', kind: 'CHECK', requiredScorecards: 0 }],
  team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }, { user: colleague, role: 'INTERVIEWER' }],
  scorecardReminderHours: 24,
  scorecardEscalationHours: 72,
})
const [technical, references] = job.stages.map((s) => s.id) as [string, string]
const HOUR = 3_600_000
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR)
const get = (user: TestUser, url: string) => app.inject({ method: 'GET', url, headers: bearer(user) })

t.test('scorecards due: my drafts and the ended interviews I have no scorecard for, oldest first', async (t) => {
  const ended = await createApplication(app, job.id, technical, { firstName: 'Ended' })
  const endedInterview = await addInterview(app, { applicationId: ended.id, stageId: technical, panel: [interviewer.id, colleague.id], endsAt: hoursAgo(30) })
  const drafted = await createApplication(app, job.id, technical, { firstName: 'Drafted' })
  const draftInterview = await addInterview(app, { applicationId: drafted.id, stageId: technical, panel: [interviewer.id], endsAt: hoursAgo(5) })
  const draft = await addScorecard(app, { applicationId: drafted.id, stageId: technical, template, authorId: interviewer.id, recommendation: null, status: 'DRAFT', interviewId: draftInterview })

  // Not due: submitted, in the future, cancelled, a no-show, a closed application, someone else's panel.
  const submitted = await createApplication(app, job.id, technical)
  await addInterview(app, { applicationId: submitted.id, stageId: technical, panel: [interviewer.id], endsAt: hoursAgo(40) })
  await addScorecard(app, { applicationId: submitted.id, stageId: technical, template, authorId: interviewer.id, recommendation: 3 })
  const future = await createApplication(app, job.id, technical)
  await addInterview(app, { applicationId: future.id, stageId: technical, panel: [interviewer.id], endsAt: new Date(Date.now() + 2 * HOUR) })
  const cancelled = await createApplication(app, job.id, technical)
  await addInterview(app, { applicationId: cancelled.id, stageId: technical, panel: [interviewer.id], endsAt: hoursAgo(10), status: 'CANCELLED' })
  await addInterview(app, { applicationId: cancelled.id, stageId: technical, panel: [interviewer.id], endsAt: hoursAgo(9), status: 'NO_SHOW' })
  const closed = await createApplication(app, job.id, technical, { status: 'REJECTED' })
  await addInterview(app, { applicationId: closed.id, stageId: technical, panel: [interviewer.id], endsAt: hoursAgo(8) })
  const notMine = await createApplication(app, job.id, technical)
  await addInterview(app, { applicationId: notMine.id, stageId: technical, panel: [colleague.id], endsAt: hoursAgo(7) })

  const res = await get(interviewer, '/me/scorecards-due')
  t.equal(res.statusCode, 200, res.body)
  const items = res.json().items as Array<Record<string, unknown>>
  t.same(items.map((i) => i.kind), ['interview_ended', 'draft'])
  t.match(items[0], {
    kind: 'interview_ended', scorecardId: null, interview: { id: endedInterview }, application: { id: ended.id }, stage: { id: technical, name: 'Technical interview' },
    job: { id: job.id }, candidate: { firstName: 'Ended' },
  })
  const endedAt = Date.parse((items[0]!.interview as { endedAt: string }).endedAt)
  t.equal(Date.parse(items[0]!.reminderAt as string) - endedAt, 24 * HOUR, "the job's reminder deadline, from the interview's end")
  t.equal(Date.parse(items[0]!.escalationAt as string) - endedAt, 72 * HOUR, 'and its escalation deadline')
  t.match(items[1], { kind: 'draft', scorecardId: draft, interview: { id: draftInterview }, application: { id: drafted.id } })

  const firstPage = (await get(interviewer, '/me/scorecards-due?limit=1')).json()
  t.equal(firstPage.items.length, 1)
  const secondPage = (await get(interviewer, `/me/scorecards-due?limit=1&cursor=${firstPage.nextCursor}`)).json()
  t.same([...firstPage.items, ...secondPage.items].map((i: { kind: string }) => i.kind), ['interview_ended', 'draft'])
  t.equal(secondPage.nextCursor, null)

  const colleagues = (await get(colleague, '/me/scorecards-due')).json().items as Array<{ application: { id: string } }>
  t.same(colleagues.map((i) => i.application.id).sort(), [ended.id, notMine.id].sort(), 'the colleague has their own list')
})

t.test('someone taken off the hiring team no longer sees its candidates in their list', async (t) => {
  const leaver = await createUser(app, 'INTERVIEWER')
  const otherJob = await createJob(app, { stages: [{ name: 'Technical interview', requiredScorecards: 1, template }], team: [{ user: leaver, role: 'INTERVIEWER' }] })
  const application = await createApplication(app, otherJob.id, otherJob.stages[0]!.id, { firstName: 'Leftbehind' })
  await addInterview(app, { applicationId: application.id, stageId: otherJob.stages[0]!.id, panel: [leaver.id], endsAt: hoursAgo(3) })
  t.match((await get(leaver, '/me/scorecards-due')).json().items, [{ candidate: { firstName: 'Leftbehind' } }], 'on the team: listed')
  await app.db.hiringTeamMember.deleteMany({ where: { jobId: otherJob.id, userId: leaver.id } })
  t.same((await get(leaver, '/me/scorecards-due')).json().items, [], 'off the team: gone, name and all')
})

t.test('decisions waiting: current stages with their required scorecards in and no decision since', async (t) => {
  const card = async (applicationId: string, stageId = technical, submittedAt = new Date()) =>
    addScorecard(app, { applicationId, stageId, template, authorId: (await createAssessor(app)).id, recommendation: 3, submittedAt })

  const entered = { stageEnteredAt: hoursAgo(24) }
  const ready = await createApplication(app, job.id, technical, { firstName: 'Ready', ...entered })
  await card(ready.id, technical, hoursAgo(3))
  await card(ready.id, technical, hoursAgo(2))
  const halfway = await createApplication(app, job.id, technical, { firstName: 'Halfway', ...entered })
  await card(halfway.id)
  const held = await createApplication(app, job.id, technical, { firstName: 'Held', ...entered })
  await card(held.id, technical, hoursAgo(6))
  await card(held.id, technical, hoursAgo(5))
  await app.db.decision.create({ data: { applicationId: held.id, stageId: technical, deciderId: manager.id, outcome: 'HOLD', reason: 'Wait', createdAt: hoursAgo(4) } })
  await createApplication(app, job.id, references, { firstName: 'NoCards', ...entered })

  const list = async () => ((await get(manager, '/me/decisions-waiting')).json().items as Array<{ application: { id: string }; submittedScorecards: number; lastDecision: unknown }>)
  t.same((await list()).map((i) => i.application.id), [ready.id], 'not the one halfway, not the one on hold, not a stage with nothing to decide on')
  t.match((await list())[0], { submittedScorecards: 2, lastDecision: null, stage: { id: technical, requiredScorecards: 2 } })

  await card(held.id, technical, hoursAgo(1))
  const after = await list()
  t.same(after.map((i) => i.application.id), [ready.id, held.id], 'new evidence after the hold puts it back, after the longer-waiting one')
  t.match(after[1], { lastDecision: { outcome: 'HOLD' } })

  t.same((await get(otherManager, '/me/decisions-waiting')).json().items, [], 'a hiring manager of other jobs waits on none of these')
  t.equal((await get(interviewer, '/me/decisions-waiting')).statusCode, 403)
  const paged = (await get(manager, '/me/decisions-waiting?limit=1')).json()
  const rest = (await get(manager, `/me/decisions-waiting?limit=1&cursor=${paged.nextCursor}`)).json()
  t.same([...paged.items, ...rest.items].map((i: { application: { id: string } }) => i.application.id), [ready.id, held.id])
  t.equal((await get(manager, '/me/decisions-waiting?cursor=bm9wZQ')).statusCode, 400)
})
