// The timelines: GET /applications/:id/timeline and GET /candidates/:id/timeline.
// Scorecards, interviews and notifications are written by later issues; their rows are inserted directly.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { walk as walkFeed, type Entry } from './feed.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { addScorecards, applied, createCandidate, createJob, manyLogins, moved, plainPlan } from '../applications/fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const interviewerA = await createUser(app, 'INTERVIEWER')
const interviewerB = await createUser(app, 'INTERVIEWER')
const jobA = await createJob(app, { plan: plainPlan, team: [{ user: interviewerA, role: 'INTERVIEWER' }] })
const jobB = await createJob(app, { plan: plainPlan, team: [{ user: interviewerB, role: 'INTERVIEWER' }] })

const get = (user: TestUser, url: string) => app.inject({ method: 'GET', url, headers: bearer(user) })
const walk = (user: TestUser, url: string, limit: number) => walkFeed(app, user, url, limit)

// One candidate with an application to each job, and a little of everything at known instants.
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute))
const candidate = await createCandidate(app)
const onA = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobA.id })
const onB = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobB.id })
await moved(app, recruiter, onA.id, 1, { action: 'advance' })
await app.db.stageTransition.updateMany({ where: { applicationId: onA.id, kind: 'APPLIED' }, data: { createdAt: at(0) } })
await app.db.stageTransition.updateMany({ where: { applicationId: onA.id, kind: 'ADVANCED' }, data: { createdAt: at(10) } })
await app.db.stageTransition.updateMany({ where: { applicationId: onB.id }, data: { createdAt: at(1) } })
const note = (body: string, minute: number, applicationId: string | null) =>
  app.db.candidateNote.create({ data: { candidateId: candidate.id, applicationId, authorId: recruiter.id, body, createdAt: at(minute) }, select: { id: true } })
const generalNote = await note('Prefers remote work', 2, null)
const noteOnA = await note('Strong SQL', 3, onA.id)
const noteOnB = await note('About job B', 4, onB.id)
const [scorecard] = await addScorecards(app, onA.id, jobA.stages[0]!.id, [4])
await app.db.scorecard.update({ where: { id: scorecard! }, data: { submittedAt: at(5) } })
await addScorecards(app, onA.id, jobA.stages[0]!.id, [2], { status: 'DRAFT' })
const interview = (status: 'SCHEDULED' | 'COMPLETED' | 'CANCELLED', minute: number) =>
  app.db.interview.create({
    data: {
      applicationId: onA.id, stageId: jobA.stages[1]!.id, status, startsAt: at(minute + 100), endsAt: at(minute + 160), timeZone: 'Europe/Paris',
      icalUid: `${randomUUID()}@shortlist`, createdAt: at(minute), updatedAt: at(minute + 1), cancelReason: status === 'CANCELLED' ? 'Interviewer ill' : null,
    },
    select: { id: true },
  })
const completed = await interview('COMPLETED', 6)
const cancelled = await interview('CANCELLED', 7)
// Each attempt is an entry: a sent e-mail's SENT, a pending one's refusal so far.
const mail = (sentAt: Date | null, applicationId: string, triedAt: Date) =>
  app.db.notification.create({
    data: {
      kind: 'STAGE_MOVED', idempotencyKey: randomUUID(), messageId: `<${randomUUID()}@shortlist>`, candidateId: candidate.id, applicationId, subject: 'Your application',
      status: sentAt ? 'SENT' : 'PENDING', sentAt,
      deliveries: { create: sentAt ? { outcome: 'SENT', smtpCode: 250, attemptedAt: sentAt } : { outcome: 'TRANSIENT_FAILURE', smtpCode: 421, detail: '421 try later', attemptedAt: triedAt } },
    },
    select: { id: true },
  })
const sent = await mail(at(11), onA.id, at(11))
const refused = await mail(null, onA.id, at(9))
const sentForB = await mail(at(12), onB.id, at(12))

t.test("an application's timeline: moves, its notes and the general ones, submitted scorecards, interviews, e-mails sent; newest first", async (t) => {
  const entries = await walk(recruiter, `/applications/${onA.id}/timeline`, 50)
  t.same(
    entries.map((e) => [e.kind, e.at]),
    [
      ['interview_completed', at(166).toISOString()],
      ['interview_cancelled', at(8).toISOString()],
      ['email_sent', at(11).toISOString()],
      ['transition', at(10).toISOString()],
      ['email_transient_failure', at(9).toISOString()],
      ['interview_scheduled', at(7).toISOString()],
      ['interview_scheduled', at(6).toISOString()],
      ['scorecard_submitted', at(5).toISOString()],
      ['note', at(3).toISOString()],
      ['note', at(2).toISOString()],
      ['transition', at(0).toISOString()],
    ].sort((a, b) => (a[1]! < b[1]! ? 1 : a[1]! > b[1]! ? -1 : 0)),
    'everything, newest first',
  )
  const ids = entries.map((e) => e.id)
  t.ok(ids.includes(generalNote.id) && ids.includes(noteOnA.id), 'the general note and the note on this application')
  t.notOk(ids.includes(noteOnB.id), "not the note on the candidate's other application")
  t.notOk(entries.some((e) => e.detail.notificationId === sentForB.id), "nor the other application's e-mails")
  t.equal(entries.filter((e) => e.kind === 'email_sent').length, 1, 'one e-mail sent')
  t.match(entries.find((e) => e.detail.notificationId === refused.id), { kind: 'email_transient_failure', detail: { smtpCode: 421, error: '421 try later' } }, 'and every attempt, with its outcome')
  t.match(entries.find((e) => e.kind === 'transition' && e.detail.transitionKind === 'ADVANCED'), {
    actorId: recruiter.id, stageId: jobA.stages[1]!.id, detail: { fromStageId: jobA.stages[0]!.id, fromStatus: 'ACTIVE', toStatus: 'ACTIVE', overridden: false },
  })
  t.match(entries.find((e) => e.detail.notificationId === sent.id), { kind: 'email_sent', detail: { notificationKind: 'STAGE_MOVED', smtpCode: 250, error: null } })
  t.match(entries.find((e) => e.kind === 'interview_cancelled'), { id: cancelled.id, detail: { reason: 'Interviewer ill' } })
  t.match(entries.find((e) => e.kind === 'interview_completed'), { id: completed.id, detail: { startsAt: at(106).toISOString() } })
  t.match(entries.find((e) => e.kind === 'scorecard_submitted'), { id: scorecard, stageId: jobA.stages[0]!.id })
  t.notOk('recommendation' in (entries.find((e) => e.kind === 'scorecard_submitted')?.detail ?? {}), 'the feed does not reveal how anyone voted')
})

t.test('a stage decision appears in the application\'s timeline with the scorecards it rests on', async (t) => {
  const application = await applied(app, recruiter, { candidateId: (await createCandidate(app)).id, jobId: jobA.id })
  const [scorecard] = await addScorecards(app, application.id, jobA.stages[0]!.id, [3])
  const decision = await app.db.decision.create({
    data: { applicationId: application.id, stageId: jobA.stages[0]!.id, deciderId: recruiter.id, outcome: 'HOLD', reason: 'waiting for references', scorecardIds: [scorecard!] },
  })
  const entries = await walk(recruiter, `/applications/${application.id}/timeline`, 50)
  t.match(entries.find((e) => e.kind === 'decision'), { id: decision.id, stageId: jobA.stages[0]!.id, detail: { outcome: 'HOLD', reason: 'waiting for references', scorecardIds: [scorecard] } })
})

t.test('pages of any size walk the same feed, with ties on the instant kept in a stable order', async (t) => {
  // Three more events at one instant: ties are broken by kind, then id.
  await note('Tie one', 20, onA.id)
  await note('Tie two', 20, null)
  await mail(at(20), onA.id, at(20))
  const whole = await walk(recruiter, `/applications/${onA.id}/timeline`, 200)
  for (const limit of [1, 2, 3]) t.same((await walk(recruiter, `/applications/${onA.id}/timeline`, limit)).map((e) => e.id), whole.map((e) => e.id), `pages of ${limit}`)
  t.equal(new Set(whole.map((e) => `${e.kind}${e.id}`)).size, whole.length, 'no entry twice')
})

t.test("a candidate's timeline spans their applications, but only those on jobs the reader can see", async (t) => {
  const all = await walk(recruiter, `/candidates/${candidate.id}/timeline`, 50)
  t.ok(all.some((e) => e.applicationId === onB.id), 'a recruiter sees job B events')
  t.ok(all.some((e) => e.id === noteOnB.id) && all.some((e) => e.detail.notificationId === sentForB.id))
  const forA = await walk(interviewerA, `/candidates/${candidate.id}/timeline`, 50)
  t.ok(forA.length > 0)
  t.notOk(forA.some((e) => e.applicationId === onB.id), 'an interviewer of job A sees nothing of job B')
  t.notOk(forA.some((e) => e.kind === 'note'), 'nor any note, general ones included: interviewers do not read notes (test/access/team-roles.test.ts)')
  t.notOk(forA.some((e) => e.id === generalNote.id))
})

t.test('invisible and unknown applications and candidates are 404s alike', async (t) => {
  t.equal((await get(interviewerB, `/applications/${onA.id}/timeline`)).statusCode, 404, "job A's application is hidden from job B's interviewer")
  t.equal((await get(interviewerB, `/applications/${onB.id}/timeline`)).statusCode, 200)
  const stranger = await createCandidate(app)
  t.equal((await get(interviewerA, `/candidates/${stranger.id}/timeline`)).statusCode, 404, 'a candidate with no application on their jobs')
  t.equal((await get(recruiter, `/candidates/${stranger.id}/timeline`)).statusCode, 200, 'a recruiter sees every candidate')
  t.same((await get(recruiter, `/candidates/${stranger.id}/timeline`)).json(), { items: [], nextCursor: null })
  t.equal((await get(recruiter, `/candidates/${randomUUID()}/timeline`)).statusCode, 404)
  t.equal((await get(recruiter, `/applications/${randomUUID()}/timeline`)).statusCode, 404)
})
