// Bad input gets a clear 4xx and writes nothing: ratings off the scale,
// attributes the template does not have, a second scorecard for the same author
// and stage, a submitted scorecard edited without an amendment, and scoring an
// application one is not assigned to.
import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { addInterview, api, applyTo, completeCard, manyLogins, ok, scorecardRows, scoringWorld, technicalRatings } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const { team, job, otherJob, technical, newApplication } = await scoringWorld(app)
const { admin, recruiter, manager, first, second, outsider } = team
const application = await newApplication()
const interview = await addInterview(app, application.id, technical.id, [first])
const submitted = await ok<{ id: string }>(api(app, first).post('/scorecards', { applicationId: application.id, stageId: technical.id, ratings: technicalRatings(3), ...completeCard }), 201)
await ok(api(app, first).post(`/scorecards/${submitted.id}/submit`))
const draft = await ok<{ id: string }>(api(app, second).post('/scorecards', { applicationId: application.id, stageId: technical.id }), 201)
const base = { applicationId: application.id, stageId: technical.id }
type Asserts = typeof t

/** Sends the request and checks it was refused with the status, as a problem, and that no row changed. */
async function refused(t: Pick<Asserts, 'equal' | 'match' | 'same'>, send: () => Promise<LightMyRequestResponse>, status: number, label: string) {
  const before = await scorecardRows(app)
  const res = await send()
  t.equal(res.statusCode, status, `${label}: ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.same(await scorecardRows(app), before, `${label}: nothing written`)
  return res.json() as { detail: string; errors?: Array<{ pointer: string; detail: string }> }
}

t.test('ratings and recommendations off the 1-4 scale are refused wherever they are sent', async (t) => {
  // Manager has no scorecard here yet, so a valid body would be accepted: only the value is wrong.
  for (const rating of [0, 5, 2.5, -1, '3', true, 'no opinion']) {
    const problem = await refused(t, () => api(app, manager).post('/scorecards', { ...base, ratings: [{ attributeKey: 'databases-sql', rating }] }), 400, `a rating of ${JSON.stringify(rating)}`)
    t.ok(problem.errors?.some((e) => e.pointer === '/body/ratings/0/rating'), 'the problem points at the rating')
  }
  await refused(t, () => api(app, manager).post('/scorecards', { ...base, recommendation: 5 }), 400, 'a recommendation of 5')
  await refused(t, () => api(app, second).patch(`/scorecards/${draft.id}`, { ratings: [{ attributeKey: 'databases-sql', rating: 7 }] }), 400, 'a draft edit rating 7')
  await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { reason: 'x', ratings: [{ attributeKey: 'databases-sql', rating: 0 }] }), 400, 'an amendment rating 0')
  await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { reason: 'x', recommendation: null }), 400, 'an amendment withdrawing the recommendation')
})

t.test("attributes the stage's template does not have are refused, naming the field", async (t) => {
  const otherTemplateAttribute = await app.db.scorecardAttribute.findFirstOrThrow({ where: { key: 'values-and-ways-of-working' } })
  const cases: Array<[string, object, string]> = [
    ['an attribute of another template, by key', { attributeKey: 'values-and-ways-of-working', rating: 3 }, '/body/ratings/0/attributeKey'],
    ['a made-up key', { attributeKey: 'juggling', rating: 3 }, '/body/ratings/0/attributeKey'],
    ['an attribute of another template, by id', { attributeId: otherTemplateAttribute.id, rating: 3 }, '/body/ratings/0/attributeId'],
    ['both a key and an id', { attributeKey: 'databases-sql', attributeId: otherTemplateAttribute.id, rating: 3 }, '/body/ratings/0'],
    ['neither a key nor an id', { rating: 3 }, '/body/ratings/0'],
  ]
  for (const [label, rating, pointer] of cases) {
    const problem = await refused(t, () => api(app, manager).post('/scorecards', { ...base, ratings: [rating] }), 400, label)
    t.same(problem.errors?.map((e) => e.pointer), [pointer], `${label}: points at ${pointer}`)
  }
  await refused(t, () => api(app, manager).post('/scorecards', { ...base, ratings: [{ attributeKey: 'git', rating: 3 }] }), 400, 'an attribute of the default library the technical template leaves out')
  const twice = await refused(t, () => api(app, manager).post('/scorecards', { ...base, ratings: [{ attributeKey: 'databases-sql', rating: 3 }, { attributeKey: 'databases-sql', rating: 4 }] }), 400, 'the same attribute twice')
  t.match(twice.errors?.[0]?.detail, 'a second time')
  const answer = await refused(t, () => api(app, manager).post('/scorecards', { ...base, answers: { hobbies: 'chess' } }), 400, 'an answer to a question the template does not ask')
  t.same(answer.errors?.map((e) => e.pointer), ['/body/answers/hobbies'])
  await refused(t, () => api(app, second).patch(`/scorecards/${draft.id}`, { ratings: [{ attributeKey: 'juggling', rating: 3 }] }), 400, 'a draft edit naming a made-up attribute')
  await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { reason: 'x', ratings: [{ attributeKey: 'juggling', rating: 3 }] }), 400, 'an amendment naming a made-up attribute')
  await refused(t, () => api(app, manager).post('/scorecards', { ...base, score: 4 }), 400, 'a property scorecards do not have')
})

t.test('a second scorecard for the same author and stage is refused, naming the first', async (t) => {
  const mine = await refused(t, () => api(app, first).post('/scorecards', base), 409, 'by its author')
  t.match(mine.detail, submitted.id)
  const onBehalf = await refused(t, () => api(app, manager).post('/scorecards', { ...base, authorId: second.id }), 409, 'entered for an author who has one')
  t.match(onBehalf.detail, draft.id)
})

t.test('a submitted scorecard changes only by amendment', async (t) => {
  const problem = await refused(t, () => api(app, first).patch(`/scorecards/${submitted.id}`, { recommendation: 4 }), 409, 'a draft edit of a submitted scorecard')
  t.match(problem.detail, 'submitted scorecards change only by amendment')
  await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { recommendation: 4 }), 400, 'an amendment without a reason')
  await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { reason: '   ', recommendation: 4 }), 400, 'an amendment with a blank reason')
  await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { reason: 'Nothing really', recommendation: 3 }), 409, 'an amendment that changes nothing')
  const cleared = await refused(t, () => api(app, first).post(`/scorecards/${submitted.id}/amendments`, { reason: 'Remove it', answers: { 'coding-problem': null } }), 400, 'an amendment clearing a required answer')
  t.same(cleared.errors?.map((e) => e.pointer), ['/body/answers/coding-problem'])
  await refused(t, () => api(app, second).post(`/scorecards/${draft.id}/amendments`, { reason: 'x', recommendation: 2 }), 409, 'an amendment of a draft')
  await refused(t, () => api(app, second).patch(`/scorecards/${draft.id}`, {}), 400, 'an empty draft edit')
})

t.test('scoring an application one is not assigned to is refused', async (t) => {
  const unassignedAdmin = admin // an admin sees every job but is on no hiring team
  const otherRecruiter = await createUser(app, 'RECRUITER', 'other-recruiter')
  t.match((await refused(t, () => api(app, outsider).post('/scorecards', base), 404, "an interviewer of another job (the application is not theirs to see)")).detail, 'Application not found')
  t.match((await refused(t, () => api(app, unassignedAdmin).post('/scorecards', base), 403, 'an admin on no hiring team, for themselves')).detail, "not on the job's hiring team")
  await refused(t, () => api(app, otherRecruiter).post('/scorecards', base), 403, 'a recruiter not on the team, for themselves')
  const panel = await refused(t, () => api(app, manager).post('/scorecards', { ...base, interviewId: interview.id }), 403, "a team member not on the interview's panel")
  t.match(panel.detail, "not on this interview's panel")
  await refused(t, () => api(app, recruiter).post('/scorecards', { ...base, authorId: second.id, interviewId: interview.id }), 409, 'entered for someone not on the panel')

  const cancelled = await addInterview(app, application.id, technical.id, [manager], 'CANCELLED')
  await refused(t, () => api(app, manager).post('/scorecards', { ...base, interviewId: cancelled.id }), 409, 'a cancelled interview')
  const elsewhere = await newApplication()
  const otherInterview = await addInterview(app, elsewhere.id, technical.id, [manager])
  await refused(t, () => api(app, manager).post('/scorecards', { ...base, interviewId: otherInterview.id }), 404, "another application's interview")
})

t.test('the stage must be one of the job, reached by the application, with a template', async (t) => {
  await refused(t, () => api(app, manager).post('/scorecards', { ...base, stageId: otherJob.stage('Technical interview').id }), 404, "a stage of another job")
  const later = await refused(t, () => api(app, manager).post('/scorecards', { ...base, stageId: job.stage('Culture fit').id }), 409, 'a stage the application has not reached')
  t.match(later.detail, 'has not reached stage Culture fit')
  const custom = await ok<{ id: string; plan: Array<{ id: string }> }>(api(app, recruiter).post('/jobs', {
    title: 'Untemplated', plan: { stages: [{ name: 'Chat', kind: 'INTERVIEW', requiredScorecards: 0 }] }, team: [{ userId: manager.id, role: 'HIRING_MANAGER' }],
  }), 201)
  await ok(api(app, recruiter).post(`/jobs/${custom.id}/open`))
  const chat = await applyTo(app, recruiter, custom.id, custom.plan[0]!.id)
  const none = await refused(t, () => api(app, manager).post('/scorecards', { applicationId: chat.id, stageId: custom.plan[0]!.id }), 409, 'a stage without a template')
  t.match(none.detail, 'has no scorecard template')
})
