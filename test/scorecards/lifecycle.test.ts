// A scorecard's life: a draft its author edits, one submission (revision 1),
// then amendments with reasons, every revision readable; and scorecards entered
// on someone else's behalf, by the roles allowed to.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { api, completeCard, manyLogins, ok, scorecardRows, scoringWorld, technicalRatings } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const { team, technical, newApplication } = await scoringWorld(app)
const { admin, recruiter, manager, first, second, managerAsInterviewer } = team

interface Card {
  id: string
  authorId: string
  enteredById: string | null
  status: string
  revision: number
  recommendation: number | null
  submittedAt: string | null
  answers: Record<string, string>
  template: { id: string; version: number }
  ratings: Array<{ attributeKey: string; rating: number | null; comment: string | null; weight: number; section: string }>
}
const draftFor = (user: typeof first, applicationId: string, body: object = {}) =>
  ok<Card>(api(app, user).post('/scorecards', { applicationId, stageId: technical.id, ...body }), 201)

t.test('a draft is saved, edited by merging ratings and answers, and submitted as revision 1', async (t) => {
  const application = await newApplication()
  const res = await api(app, first).post('/scorecards', {
    applicationId: application.id, stageId: technical.id, ratings: [{ attributeKey: 'databases-sql', rating: 3, comment: 'Knows indexes well' }],
  })
  t.equal(res.statusCode, 201)
  const draft = res.json() as Card
  t.equal(res.headers.location, `/scorecards/${draft.id}`)
  t.match(draft, { status: 'DRAFT', revision: 0, authorId: first.id, enteredById: null, recommendation: null, submittedAt: null })
  t.equal(draft.template.id, technical.templateId, "written on the stage's template")
  t.same(draft.ratings.map((r) => [r.attributeKey, r.rating, r.comment, r.section, r.weight]), [['databases-sql', 3, 'Knows indexes well', 'TECHNICAL', 1.5]], 'each rating names its attribute, section and weight')

  const edited = await ok<Card>(api(app, first).patch(`/scorecards/${draft.id}`, {
    ratings: [{ attributeKey: 'databases-sql', rating: 4 }, { attributeKey: 'problem-solving', rating: null }],
    recommendation: 3, answers: { 'coding-problem': '  LRU cache, clean solution  ' },
  }))
  t.same(edited.ratings.map((r) => [r.attributeKey, r.rating, r.comment]), [['databases-sql', 4, 'Knows indexes well'], ['problem-solving', null, null]], 'ratings merge by attribute; a comment left out is kept; null is no opinion')
  t.same(edited.answers, { 'coding-problem': 'LRU cache, clean solution' }, 'answers are trimmed')

  const before = await scorecardRows(app)
  const submitted = await ok<Card>(api(app, first).post(`/scorecards/${draft.id}/submit`))
  t.match(submitted, { status: 'SUBMITTED', revision: 1, recommendation: 3 })
  t.ok(submitted.submittedAt)
  t.equal(submitted.ratings.length, 8, 'every attribute of the template is on the submitted scorecard')
  t.equal(submitted.ratings.filter((r) => r.rating === null).length, 7, 'those left unrated are recorded as no opinion')
  const revisions = await ok<{ items: Array<{ revision: number; snapshot: { ratings: Record<string, number | null>; recommendation: number; answers: object; comments: object }; reason: null; authorId: string }> }>(
    api(app, first).get(`/scorecards/${draft.id}/revisions`),
  )
  t.equal(revisions.items.length, 1)
  t.match(revisions.items[0], { revision: 1, reason: null, authorId: first.id, snapshot: { recommendation: 3, answers: { 'coding-problem': 'LRU cache, clean solution' }, comments: { 'databases-sql': 'Knows indexes well' } } })
  t.equal(Object.keys(revisions.items[0]!.snapshot.ratings).length, 8, 'the snapshot holds every attribute by key')
  const after = await scorecardRows(app)
  t.equal(after.audit - before.audit, 1, 'one audit event')
  t.equal(after.outbox, before.outbox, 'nothing for the outbox')
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'scorecard.submitted', entityId: draft.id } })
  t.match(audit.payload, { authorId: first.id, revision: 1, afterSeenOthers: false })
  t.notMatch(JSON.stringify(audit.payload), /LRU cache/, 'the audit holds no free text')
})

t.test('submitting needs the overall recommendation and the required answers; ratings may all be no opinion', async (t) => {
  const application = await newApplication()
  const draft = await draftFor(first, application.id)
  const before = await scorecardRows(app)
  const res = await api(app, first).post(`/scorecards/${draft.id}/submit`)
  t.equal(res.statusCode, 409)
  t.match(res.json().detail, 'recommendation, answers.coding-problem must be given')
  t.same(await scorecardRows(app), before, 'nothing written')
  await ok(api(app, first).patch(`/scorecards/${draft.id}`, { recommendation: 2, answers: { 'coding-problem': '   ' } }))
  t.match((await api(app, first).post(`/scorecards/${draft.id}/submit`)).json().detail, /answers\.coding-problem/, 'a blank answer is no answer')
  await ok(api(app, first).patch(`/scorecards/${draft.id}`, completeCard))
  const submitted = await ok<Card>(api(app, first).post(`/scorecards/${draft.id}/submit`))
  t.ok(submitted.ratings.every((r) => r.rating === null), 'submitted with no opinion on every attribute')
  t.equal((await api(app, first).post(`/scorecards/${draft.id}/submit`)).statusCode, 409, 'submitting twice is refused')
})

t.test('amendments append revisions with their reason; every revision stays readable', async (t) => {
  const application = await newApplication()
  const draft = await draftFor(first, application.id, { ratings: technicalRatings(3), ...completeCard })
  await ok(api(app, first).post(`/scorecards/${draft.id}/submit`))
  const amended = await ok<Card>(api(app, first).post(`/scorecards/${draft.id}/amendments`, {
    reason: 'Re-read my notes', ratings: [{ attributeKey: 'security-owasp', rating: 1, comment: 'Did not know CSRF' }], answers: { 'coding-problem': 'Rate limiter, with hints' },
  }))
  t.match(amended, { status: 'SUBMITTED', revision: 2, recommendation: 3 })
  t.match(amended.ratings.find((r) => r.attributeKey === 'security-owasp'), { rating: 1, comment: 'Did not know CSRF' })
  await ok(api(app, first).post(`/scorecards/${draft.id}/amendments`, { reason: 'Calibrated with the rubric', recommendation: 2 }))
  const { items } = await ok<{ items: Array<{ revision: number; reason: string | null; snapshot: { recommendation: number; ratings: Record<string, number | null>; answers: Record<string, string> } }> }>(
    api(app, manager).get(`/scorecards/${draft.id}/revisions`),
  )
  t.same(items.map((r) => [r.revision, r.reason, r.snapshot.recommendation, r.snapshot.ratings['security-owasp'], r.snapshot.answers['coding-problem']]), [
    [1, null, 3, 3, completeCard.answers['coding-problem']],
    [2, 'Re-read my notes', 3, 1, 'Rate limiter, with hints'],
    [3, 'Calibrated with the rubric', 2, 1, 'Rate limiter, with hints'],
  ], 'each revision is the whole state at the time; the hiring manager reads them all')
})

t.test('entering on behalf: admins, recruiters and the hiring manager may; the scorecard records both people', async (t) => {
  const application = await newApplication()
  const byManager = await draftFor(manager, application.id, { authorId: first.id, ...completeCard })
  t.match(byManager, { authorId: first.id, enteredById: manager.id })
  t.equal((await api(app, first).get(`/scorecards/${byManager.id}`)).statusCode, 200, 'the author sees the draft entered for them')
  await ok(api(app, first).patch(`/scorecards/${byManager.id}`, { ratings: [{ attributeKey: 'restful-apis', rating: 4 }] }))
  const submitted = await ok<Card>(api(app, manager).post(`/scorecards/${byManager.id}/submit`))
  t.match(submitted, { status: 'SUBMITTED', authorId: first.id, enteredById: manager.id })
  const revision = await app.db.scorecardRevision.findFirstOrThrow({ where: { scorecardId: byManager.id } })
  t.equal(revision.authorId, manager.id, 'the revision names who wrote it')
  t.match((await draftFor(recruiter, application.id, { authorId: second.id })), { authorId: second.id, enteredById: recruiter.id }, 'a recruiter may')
  t.match((await draftFor(admin, application.id, { authorId: managerAsInterviewer.id })), { authorId: managerAsInterviewer.id, enteredById: admin.id }, 'an admin may')
})

t.test('entering on behalf: an interviewer may not, nor a hiring manager who is only an interviewer on the job', async (t) => {
  const application = await newApplication()
  for (const [who, user, author] of [['an interviewer', first, second], ['an interviewing manager', managerAsInterviewer, first]] as const) {
    const before = await scorecardRows(app)
    const res = await api(app, user).post('/scorecards', { applicationId: application.id, stageId: technical.id, authorId: author.id })
    t.equal(res.statusCode, 403, `${who}: 403`)
    t.match(res.json().detail, /on behalf of another assessor/)
    t.same(await scorecardRows(app), before, 'nothing written')
  }
  const stranger = team.outsider
  const res = await api(app, manager).post('/scorecards', { applicationId: application.id, stageId: technical.id, authorId: stranger.id })
  t.equal(res.statusCode, 409, 'nor for someone who is not on the hiring team')
  t.match(res.json().detail, "is not on the job's hiring team")
})

t.test("someone else's scorecard is changed by nobody but its author (or whoever entered it)", async (t) => {
  const application = await newApplication()
  const card = await draftFor(first, application.id, completeCard)
  await ok(api(app, first).post(`/scorecards/${card.id}/submit`))
  const before = await scorecardRows(app)
  const amend = await api(app, manager).post(`/scorecards/${card.id}/amendments`, { reason: 'I disagree', recommendation: 1 })
  t.equal(amend.statusCode, 403, 'the hiring manager sees it but may not change it')
  t.equal((await api(app, second).post(`/scorecards/${card.id}/amendments`, { reason: 'x', recommendation: 1 })).statusCode, 404, 'a blind interviewer gets 404')
  t.same(await scorecardRows(app), before, 'nothing written')
})

t.test("after the candidate's erasure, the scorecard and its revisions still read, without their free text", async (t) => {
  const application = await newApplication()
  const card = await draftFor(first, application.id, { ratings: [{ attributeKey: 'databases-sql', rating: 3, comment: 'Knows indexes' }], ...completeCard })
  await ok(api(app, first).post(`/scorecards/${card.id}/submit`))
  await ok(api(app, first).post(`/scorecards/${card.id}/amendments`, { reason: 'Candidate mentioned their employer', recommendation: 4 }))
  const { candidateId } = await app.db.application.findUniqueOrThrow({ where: { id: application.id }, select: { candidateId: true } })
  await ok(api(app, recruiter).post(`/candidates/${candidateId}/erasure`, { confirm: true }))
  const reread = await ok<Card>(api(app, manager).get(`/scorecards/${card.id}`))
  t.same(reread.answers, {}, 'answers erased')
  t.equal(reread.ratings.find((r) => r.attributeKey === 'databases-sql')?.rating, 3, 'ratings kept')
  const { items } = await ok<{ items: Array<{ revision: number; reason: string | null; snapshot: { recommendation: number; answers: object; comments: object } }> }>(api(app, manager).get(`/scorecards/${card.id}/revisions`))
  t.same(items.map((r) => [r.revision, r.snapshot.recommendation, r.snapshot.answers, r.snapshot.comments]), [[1, 3, {}, {}], [2, 4, {}, {}]])
  t.notMatch(items[1]!.reason ?? '', /employer/, 'the amendment reason is erased too')
})
