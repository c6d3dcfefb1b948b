// Blind until submitted, told as the story of one technical interview: two
// interviewers and the hiring manager score a candidate; at every step each
// person sees exactly what the rule allows, and the first look at the others'
// scorecards is recorded once and flags the amendments made after it.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer } from '../helpers/users.ts'
import { addInterview, api, applyTo, completeCard, manyLogins, ok, scoringWorld, technicalRatings } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const { team, job, technical, newApplication } = await scoringWorld(app)
const { admin, recruiter, manager, first, second, outsider, managerAsInterviewer } = team
const resume = job.stage('Resume review')
const application = await applyTo(app, recruiter, job.id, resume.id)
// The manager waives the resume review's scorecard to get the candidate to the interview; the resume scorecard comes late.
await ok(app.inject({
  method: 'POST', url: `/applications/${application.id}/moves`, headers: { ...bearer(manager), 'if-match': '"1"' },
  payload: { action: 'advance', override: { reason: 'Referred by the team lead' } },
}))
const interview = await addInterview(app, application.id, technical.id, [first, second])

type Card = { id: string; authorId: string; status: string; revision: number }
const listAs = async (user: typeof first, stageId: string | null = technical.id) => {
  const res = await api(app, user).get(`/applications/${application.id}/scorecards${stageId ? `?stageId=${stageId}` : ''}`)
  return res.statusCode === 200 ? (res.json().items as Card[]) : res.statusCode
}
const authorsSeenBy = async (user: typeof first, stageId: string | null = technical.id) => {
  const items = await listAs(user, stageId)
  return typeof items === 'number' ? items : items.map((c) => `${names.get(c.authorId)}:${c.status}`).sort()
}
const names = new Map(Object.entries(team).map(([name, u]) => [u.id, name]))
const views = (user: typeof first) => app.db.scorecardView.count({ where: { userId: user.id, applicationId: application.id, stageId: technical.id } })
const seenEvents = (user: typeof first) => app.db.auditEvent.count({ where: { action: 'scorecard.others_first_seen', actorId: user.id, entityId: application.id } })

const cards: Record<string, Card> = {}

t.test('before anyone submits, each interviewer sees only their own draft, and nobody else sees drafts at all', async (t) => {
  cards.first = await ok<Card>(api(app, first).post('/scorecards', { applicationId: application.id, stageId: technical.id, interviewId: interview.id, ratings: technicalRatings(3), ...completeCard }), 201)
  cards.second = await ok<Card>(api(app, second).post('/scorecards', { applicationId: application.id, stageId: technical.id, interviewId: interview.id, ratings: technicalRatings(2) }), 201)

  t.same(await authorsSeenBy(first), ['first:DRAFT'], 'interviewer 1: their own draft')
  t.same(await authorsSeenBy(second), ['second:DRAFT'], 'interviewer 2: their own draft')
  for (const [who, user] of [['the hiring manager', manager], ['the recruiter', recruiter], ['an admin', admin], ['a manager interviewing on this job', managerAsInterviewer]] as const) {
    t.same(await authorsSeenBy(user), [], `${who}: nothing, since drafts are their authors' alone`)
  }
  t.equal((await api(app, first).get(`/scorecards/${cards.second.id}`)).statusCode, 404, "interviewer 1 cannot open interviewer 2's draft by id")
  t.equal((await api(app, manager).get(`/scorecards/${cards.first.id}`)).statusCode, 404, 'nor can the hiring manager')
  t.equal(await listAs(outsider), 404, 'an interviewer of another job: 404 for the application')
  t.equal((await api(app, outsider).get(`/scorecards/${cards.first.id}`)).statusCode, 404, 'and 404 for the scorecard')
})

t.test('after interviewer 1 submits, interviewer 2 still sees only their own draft; the hiring side sees the submitted one', async (t) => {
  await ok(api(app, first).post(`/scorecards/${cards.first!.id}/submit`))
  t.same(await authorsSeenBy(first), ['first:SUBMITTED'], 'interviewer 1: their own, and the other is only a draft')
  t.same(await authorsSeenBy(second), ['second:DRAFT'], 'interviewer 2: still only their own draft')
  t.equal((await api(app, second).get(`/scorecards/${cards.first!.id}`)).statusCode, 404, "interviewer 2 cannot open interviewer 1's scorecard by id")
  t.equal((await api(app, second).get(`/scorecards/${cards.first!.id}/revisions`)).statusCode, 404, 'nor its revisions')
  t.same(await authorsSeenBy(managerAsInterviewer), [], 'a hiring manager who is only an interviewer on this job is blind like any assessor')
  t.equal((await api(app, managerAsInterviewer).get(`/scorecards/${cards.first!.id}`)).statusCode, 404)
  for (const [who, user] of [['the hiring manager', manager], ['the recruiter', recruiter], ['an admin', admin]] as const) {
    t.same(await authorsSeenBy(user), ['first:SUBMITTED'], `${who}: the submitted scorecard`)
    t.equal(await views(user), 1, `${who}: that first look is recorded`)
  }
  t.equal(await views(first), 0, 'interviewer 1 has seen no one else\'s')
  t.equal(await views(second), 0, 'interviewer 2 has seen no one else\'s')
})

t.test('an amendment before seeing the others is not flagged', async (t) => {
  const amended = await api(app, first).post(`/scorecards/${cards.first!.id}/amendments`, { reason: 'Mixed up two attributes', ratings: [{ attributeKey: 'databases-sql', rating: 4 }] })
  t.equal(amended.statusCode, 200)
  const revision = await app.db.scorecardRevision.findUniqueOrThrow({ where: { scorecardId_revision: { scorecardId: cards.first!.id, revision: 2 } } })
  t.equal(revision.afterSeenOthers, false)
})

t.test('after interviewer 2 submits, both interviewers see both; the first look is recorded once', async (t) => {
  await ok(api(app, second).patch(`/scorecards/${cards.second!.id}`, completeCard))
  await ok(api(app, second).post(`/scorecards/${cards.second!.id}/submit`))
  t.equal(await seenEvents(second), 0, 'submitting is not seeing')
  t.same(await authorsSeenBy(second), ['first:SUBMITTED', 'second:SUBMITTED'], 'interviewer 2 now sees both')
  t.same(await authorsSeenBy(first), ['first:SUBMITTED', 'second:SUBMITTED'], 'and so does interviewer 1')
  t.equal((await api(app, second).get(`/scorecards/${cards.first!.id}`)).statusCode, 200, 'by id too')
  await authorsSeenBy(second)
  t.equal(await views(second), 1, 'one view row for interviewer 2, however often they look')
  t.equal(await seenEvents(second), 1, 'and one audit event')
  const view = await app.db.scorecardView.findFirstOrThrow({ where: { userId: second.id } })
  const event = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'scorecard.others_first_seen', actorId: second.id } })
  t.match(event.payload, { stageId: technical.id, scorecardIds: [cards.first!.id] }, 'the event names the stage and the scorecards seen (ids only)')
  t.ok(event.createdAt.getTime() - view.firstSeenAt.getTime() < 5000, 'written with the view')
  for (const user of [manager, recruiter, admin]) t.same(await authorsSeenBy(user), ['first:SUBMITTED', 'second:SUBMITTED'])
  t.equal(await listAs(outsider), 404, 'the other job\'s interviewer: still 404')
})

t.test('an amendment after seeing the others is flagged as such', async (t) => {
  await ok(api(app, first).post(`/scorecards/${cards.first!.id}/amendments`, { reason: 'Second thoughts', recommendation: 2 }))
  const revisions = await ok<{ items: Array<{ revision: number; afterSeenOthers: boolean; reason: string | null }> }>(api(app, first).get(`/scorecards/${cards.first!.id}/revisions`))
  t.same(revisions.items.map((r) => [r.revision, r.afterSeenOthers, r.reason]), [[1, false, null], [2, false, 'Mixed up two attributes'], [3, true, 'Second thoughts']])
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'scorecard.amended', entityId: cards.first!.id }, orderBy: { createdAt: 'desc' } })
  t.match(audit.payload, { revision: 3, afterSeenOthers: true, changed: ['recommendation'] }, 'the audit names the field, not the values')
})

t.test("the hiring manager's own scorecard, written after reading the panel's, says so from its first revision", async (t) => {
  const mine = await ok<Card>(api(app, manager).post('/scorecards', { applicationId: application.id, stageId: technical.id, ...completeCard }), 201)
  t.same(await authorsSeenBy(first), ['first:SUBMITTED', 'second:SUBMITTED'], "the manager's draft stays the manager's")
  t.same(await authorsSeenBy(admin), ['first:SUBMITTED', 'second:SUBMITTED'], 'even an admin does not see it')
  await ok(api(app, manager).post(`/scorecards/${mine.id}/submit`))
  const revision = await app.db.scorecardRevision.findUniqueOrThrow({ where: { scorecardId_revision: { scorecardId: mine.id, revision: 1 } } })
  t.equal(revision.afterSeenOthers, true)
  t.same(await authorsSeenBy(second), ['first:SUBMITTED', 'manager:SUBMITTED', 'second:SUBMITTED'])
})

t.test('blindness is per stage: submitting at one stage does not open another', async (t) => {
  const late = await ok<Card>(api(app, second).post('/scorecards', {
    applicationId: application.id, stageId: resume.id, recommendation: 3, answers: { experience: 'Six years of back-end work' },
  }), 201)
  await ok(api(app, second).post(`/scorecards/${late.id}/submit`))
  t.same(await authorsSeenBy(first, resume.id), [], "interviewer 1 has not scored the resume review: interviewer 2's resume scorecard stays hidden")
  t.same(await authorsSeenBy(first, null), ['first:SUBMITTED', 'manager:SUBMITTED', 'second:SUBMITTED'], 'all stages at once: only the technical interview ones')
  t.same(await authorsSeenBy(manager, null), ['first:SUBMITTED', 'manager:SUBMITTED', 'second:SUBMITTED', 'second:SUBMITTED'], 'the hiring manager sees both stages')
})

t.test("the comparison view and the application's tally show the others' votes too: a hiring manager who looked there first is flagged from revision 1", async (t) => {
  const scoredByFirst = async () => {
    const other = await newApplication()
    const card = await ok<Card>(api(app, first).post('/scorecards', { applicationId: other.id, stageId: technical.id, ratings: technicalRatings(3), ...completeCard }), 201)
    await ok(api(app, first).post(`/scorecards/${card.id}/submit`))
    return { applicationId: other.id, firstCardId: card.id }
  }
  const managerScores = async (applicationId: string) => {
    const mine = await ok<Card>(api(app, manager).post('/scorecards', { applicationId, stageId: technical.id, ratings: technicalRatings(2), ...completeCard }), 201)
    await ok(api(app, manager).post(`/scorecards/${mine.id}/submit`))
    return app.db.scorecardRevision.findUniqueOrThrow({ where: { scorecardId_revision: { scorecardId: mine.id, revision: 1 } } })
  }
  const seenBy = async (applicationId: string) => ({
    views: await app.db.scorecardView.count({ where: { userId: manager.id, applicationId, stageId: technical.id } }),
    events: (await app.db.auditEvent.findMany({ where: { action: 'scorecard.others_first_seen', actorId: manager.id, entityId: applicationId }, select: { payload: true } })).map((e) => e.payload),
  })

  const compared = await scoredByFirst()
  await ok(api(app, manager).get(`/jobs/${job.id}/stages/${technical.id}/comparison?limit=100`))
  t.same(await seenBy(compared.applicationId), { views: 1, events: [{ stageId: technical.id, scorecardIds: [compared.firstCardId] }] }, 'comparing is recorded as a first look')
  t.equal((await managerScores(compared.applicationId)).afterSeenOthers, true, 'so the scorecard written after comparing is flagged')

  const read = await scoredByFirst()
  t.match((await ok<{ scorecards: object }>(api(app, manager).get(`/applications/${read.applicationId}`))).scorecards, { submitted: 1, recommendations: { yes: 1 } })
  t.same(await seenBy(read.applicationId), { views: 1, events: [{ stageId: technical.id, scorecardIds: [read.firstCardId] }] }, 'reading the tally is recorded as a first look')
  t.equal((await managerScores(read.applicationId)).afterSeenOthers, true, 'so the scorecard written after reading it is flagged')
})
