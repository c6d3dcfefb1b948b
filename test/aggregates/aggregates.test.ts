// GET /applications/:id/aggregates on fixed ratings, checked against hand
// computations (the same panel as stage-aggregate.test.ts, now through SQL),
// the lenient assessor's calibration, coverage, and the blind rule per role.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { addScorecard, createApplication, createAssessor, createJob, createTemplate } from './fixtures.ts'

const { app } = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '100000' })
const [manager, recruiter, admin, interviewer, managerAsInterviewer, otherManager, outsider] = await Promise.all([
  createUser(app, 'HIRING_MANAGER'), createUser(app, 'RECRUITER'), createUser(app, 'ADMIN'), createUser(app, 'INTERVIEWER'),
  createUser(app, 'HIRING_MANAGER'), createUser(app, 'HIRING_MANAGER'), createUser(app, 'INTERVIEWER'),
])
const assessor = () => createAssessor(app)
const [A, B, C, E, F, G, H] = await Promise.all([assessor(), assessor(), assessor(), assessor(), assessor(), assessor(), assessor()])

const technical = await createTemplate(app, [
  { key: 'sql', weight: 2 }, { key: 'apis', weight: 1 }, { key: 'ps', weight: 1.5, section: 'PROBLEM_SOLVING' },
  { key: 'comm', weight: 0.5, section: 'COMMUNICATION' }, { key: 'culture', weight: 1, section: 'CULTURE' },
])
const resume = await createTemplate(app, [{ key: 'sql', weight: 1 }], 'Resume review')
const job = await createJob(app, {
  stages: [{ name: 'Resume review', kind: 'REVIEW', template: resume }, { name: 'Technical interview', template: technical }, { name: 'Offer', kind: 'OFFER' }],
  team: [
    { user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' },
  ],
})
const [resumeStage, technicalStage, offerStage] = job.stages.map((s) => s.id) as [string, string, string]

// X: the hand-computed panel. A: 4 3 4 – (4) · B: 3 2 3 3 (3) · C: 2 2 – 2 (1); and E alone at resume review: sql 4 (4).
const X = await createApplication(app, job.id, technicalStage)
await addScorecard(app, { applicationId: X.id, stageId: technicalStage, template: technical, authorId: A.id, recommendation: 4, ratings: { sql: 4, apis: 3, ps: 4, comm: null } })
await addScorecard(app, { applicationId: X.id, stageId: technicalStage, template: technical, authorId: B.id, recommendation: 3, ratings: { sql: 3, apis: 2, ps: 3, comm: 3 } })
await addScorecard(app, { applicationId: X.id, stageId: technicalStage, template: technical, authorId: C.id, recommendation: 1, ratings: { sql: 2, apis: 2, ps: null, comm: 2 } })
await addScorecard(app, { applicationId: X.id, stageId: resumeStage, template: resume, authorId: E.id, recommendation: 4, ratings: { sql: 4 } })
// A draft never counts.
await addScorecard(app, { applicationId: X.id, stageId: technicalStage, template: technical, authorId: H.id, recommendation: 1, ratings: { sql: 1 }, status: 'DRAFT' })

// Y: a consensus panel (3, 4, 3) by other assessors.
const Y = await createApplication(app, job.id, technicalStage)
for (const [who, rec] of [[F, 3], [G, 4], [H, 3]] as const) {
  await addScorecard(app, { applicationId: Y.id, stageId: technicalStage, template: technical, authorId: who.id, recommendation: rec, ratings: { sql: rec, apis: 3 } })
}

const aggregates = (user: { token: string }, id: string, stageId?: string) =>
  app.inject({ method: 'GET', url: `/applications/${id}/aggregates${stageId ? `?stageId=${stageId}` : ''}`, headers: bearer(user) })

interface StageJson {
  stage: { id: string }
  submittedScorecards: number
  attributes: Array<{ key: string; n: number; mean: number | null; calibratedMean: number | null; disagreement: boolean; distribution: object }>
  overall: { raw: number | null; calibrated: number | null; weightRated: number; weightUnrated: number }
  recommendations: { disagreement: boolean; strongNo: number; no: number; yes: number; strongYes: number; noOpinion: number; range: number | null }
  coverage: { hasTemplate: boolean; unrated: Array<{ key: string }> }
  assessors: Array<{ userId: string; leniency: { comparableRatings: number; raw: number | null; applied: number; status: string }; ratings: Array<{ key: string; rating: number | null; calibrated: number | null }> }>
}

t.test('one stage: attribute means, weighted overall and recommendations match the hand computation', async (t) => {
  const res = await aggregates(manager, X.id, technicalStage)
  t.equal(res.statusCode, 200, res.body)
  const body = res.json() as { stages: StageJson[]; explanation: string[] }
  t.equal(body.stages.length, 1)
  const stage = body.stages[0]!
  t.equal(stage.submittedScorecards, 3, 'the draft is not counted')
  // sql (4+3+2)/3 = 3 · apis (3+2+2)/3 = 2.333 · ps (4+3)/2 = 3.5 · comm (3+2)/2 = 2.5 · culture unrated
  t.same(stage.attributes.map((a) => [a.key, a.n, a.mean]), [['sql', 3, 3], ['apis', 3, 2.333], ['ps', 2, 3.5], ['comm', 2, 2.5], ['culture', 0, null]])
  // (2·3 + 1·2.3333 + 1.5·3.5 + 0.5·2.5) / 5 = 14.8333 / 5 = 2.967
  t.same(stage.overall, { raw: 2.967, calibrated: 2.967, weightRated: 5, weightUnrated: 1 }, 'nobody has the history to be calibrated')
  t.match(stage.recommendations, { strongNo: 1, no: 0, yes: 1, strongYes: 1, noOpinion: 0, range: 3, disagreement: true })
  t.same(stage.coverage.unrated.map((a) => a.key), ['culture'])
  t.ok(body.explanation.some((line) => line.includes('Σ(weight × attribute score) / Σ weight')), 'the formula is in the answer')
})

t.test('leniency over a short history is measured by hand but not applied', async (t) => {
  // A: sql 4 − (3+2)/2 = 1.5, apis 3 − (2+2)/2 = 1, ps 4 − 3 = 1 (comm: no opinion) → 3.5 / 3 = 1.167, n 3
  // B: sql 3 − (4+2)/2 = 0, apis 2 − 2.5 = −0.5, ps 3 − 4 = −1, comm 3 − 2 = 1 → −0.5 / 4 = −0.125, n 4
  // C: sql 2 − 3.5 = −1.5, apis 2 − 2.5 = −0.5, comm 2 − 3 = −1 → −3 / 3 = −1, n 3
  const stage = ((await aggregates(manager, X.id, technicalStage)).json() as { stages: StageJson[] }).stages[0]!
  const byUser = new Map(stage.assessors.map((a) => [a.userId, a.leniency]))
  t.same(byUser.get(A.id), { comparableRatings: 3, raw: 1.167, shrinkage: 0, applied: 0, status: 'insufficient_history' })
  t.same(byUser.get(B.id), { comparableRatings: 4, raw: -0.125, shrinkage: 0, applied: 0, status: 'insufficient_history' })
  t.same(byUser.get(C.id), { comparableRatings: 3, raw: -1, shrinkage: 0, applied: 0, status: 'insufficient_history' })
})

t.test('a consensus panel is not flagged', async (t) => {
  const stage = ((await aggregates(recruiter, Y.id, technicalStage)).json() as { stages: StageJson[] }).stages[0]!
  t.match(stage.recommendations, { yes: 2, strongYes: 1, range: 1, disagreement: false })
})

t.test('across stages: every stage of the plan, each counting once', async (t) => {
  const res = await aggregates(admin, X.id)
  t.equal(res.statusCode, 200)
  const body = res.json() as { stages: StageJson[]; acrossStages: { overall: { raw: number; stages: number }; unratedAnywhere: Array<{ key: string }> }; withheldStageIds: string[] }
  t.same(body.stages.map((s) => s.stage.id), [resumeStage, technicalStage, offerStage])
  t.equal(body.stages[0]!.overall.raw, 4, 'E alone rated sql 4 at resume review')
  t.same(body.stages[2]!.coverage, { hasTemplate: false, planned: 0, unrated: [] }, 'the offer stage has no template to cover')
  // (4 + 2.9667) / 2 = 3.483
  t.same(body.acrossStages.overall, { raw: 3.483, calibrated: 3.483, stages: 2 })
  t.same(body.acrossStages.unratedAnywhere.map((a) => a.key), ['culture'])
  t.same(body.withheldStageIds, [])
})

t.test('blind until submitted: an interviewer sees a stage\'s aggregates only after submitting their own', async (t) => {
  const before = await aggregates(interviewer, Y.id, technicalStage)
  t.equal(before.statusCode, 403)
  t.match(before.json(), { detail: /before submitting your own scorecard/ })
  const all = (await aggregates(interviewer, Y.id)).json() as { stages: StageJson[]; withheldStageIds: string[] }
  t.same(all.stages, [], 'nothing of any stage')
  t.same(all.withheldStageIds, [resumeStage, technicalStage, offerStage])
  t.equal((await aggregates(managerAsInterviewer, Y.id, technicalStage)).statusCode, 403, 'a hiring manager serving as an interviewer is an interviewer here')

  await addScorecard(app, { applicationId: Y.id, stageId: technicalStage, template: technical, authorId: interviewer.id, recommendation: 3, ratings: { sql: 3 } })
  const after = await aggregates(interviewer, Y.id, technicalStage)
  t.equal(after.statusCode, 200)
  t.equal((after.json() as { stages: StageJson[] }).stages[0]!.submittedScorecards, 4)
  const now = (await aggregates(interviewer, Y.id)).json() as { stages: StageJson[]; withheldStageIds: string[] }
  t.same(now.stages.map((s) => s.stage.id), [technicalStage])
  t.same(now.withheldStageIds, [resumeStage, offerStage])
})

t.test('others outside the job get 404, as for an unknown application; an unknown stage is 404 too', async (t) => {
  t.equal((await aggregates(otherManager, X.id)).statusCode, 404)
  t.equal((await aggregates(outsider, X.id)).statusCode, 404)
  t.equal((await aggregates(manager, '0190a000-0000-7000-8000-000000000000')).statusCode, 404)
  t.equal((await aggregates(manager, X.id, '0190a000-0000-7000-8000-000000000000')).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: `/applications/${X.id}/aggregates?stageId=nope`, headers: bearer(manager) })).statusCode, 400)
})

t.test('seeing the aggregates is seeing the others\' scorecards: the first time is recorded', async (t) => {
  const seen = async (user: { id: string }) =>
    (await app.db.scorecardView.findMany({ where: { userId: user.id, applicationId: X.id }, select: { stageId: true } })).map((v) => v.stageId).sort()
  t.same(await seen(manager), [technicalStage], 'the manager asked for the technical interview only')
  t.same(await seen(admin), [resumeStage, technicalStage].sort(), 'the admin saw every stage with scorecards (the offer stage has none)')
  const audit = await app.db.auditEvent.findFirst({ where: { action: 'scorecard.others_first_seen', actorId: manager.id, entityId: X.id } })
  t.match(audit?.payload, { stageId: technicalStage }, 'with an audit event, once')
})

t.test('a lenient assessor: measured over their history, shrunk, and their calibrated ratings move toward the panel', async (t) => {
  const pair = await createTemplate(app, [{ key: 'sql', weight: 1 }, { key: 'apis', weight: 1 }])
  const other = await createJob(app, { stages: [{ name: 'Technical interview', template: pair }], team: [{ user: manager, role: 'HIRING_MANAGER' }] })
  const stageId = other.stages[0]!.id
  const [L, F1, F2] = await Promise.all([createAssessor(app), createAssessor(app), createAssessor(app)])
  // Five earlier panels: F1 = F2 = x on both attributes, L = x + 1.
  for (const x of [2, 3, 2, 3, 3]) {
    const past = await createApplication(app, other.id, stageId, { status: 'REJECTED' })
    for (const [who, r] of [[L, x + 1], [F1, x], [F2, x]] as const) {
      await addScorecard(app, { applicationId: past.id, stageId, template: pair, authorId: who.id, recommendation: r, ratings: { sql: r, apis: r } })
    }
  }
  // Z: L 4 4, F1 3 3, F2 3 3.
  const Z = await createApplication(app, other.id, stageId)
  for (const [who, r] of [[L, 4], [F1, 3], [F2, 3]] as const) {
    await addScorecard(app, { applicationId: Z.id, stageId, template: pair, authorId: who.id, recommendation: r, ratings: { sql: r, apis: r } })
  }
  // L on each of 12 ratings (6 panels × 2): own − others' mean = (x+1) − x = 1 → raw 1; shrinkage 12/17 = 0.706; applied 0.706
  // F1 (and F2): x − ((x+1) + x)/2 = −0.5 on each of 12 → raw −0.5; applied −0.5 · 12/17 = −0.353
  const stage = ((await aggregates(manager, Z.id, stageId)).json() as { stages: StageJson[] }).stages[0]!
  const lenient = stage.assessors.find((a) => a.userId === L.id)!
  t.same(lenient.leniency, { comparableRatings: 12, raw: 1, shrinkage: 0.706, applied: 0.706, status: 'applied' })
  t.same(stage.assessors.find((a) => a.userId === F1.id)!.leniency, { comparableRatings: 12, raw: -0.5, shrinkage: 0.706, applied: -0.353, status: 'applied' })
  // L's 4 becomes 4 − 0.706 = 3.294, F1's 3 becomes 3 + 0.353 = 3.353: the panel others gave L's candidate 3.
  t.same(lenient.ratings, [{ key: 'sql', rating: 4, calibrated: 3.294 }, { key: 'apis', rating: 4, calibrated: 3.294 }])
  const distance = (x: number) => Math.abs(x - 3)
  t.ok(distance(lenient.ratings[0]!.calibrated!) < distance(lenient.ratings[0]!.rating!), 'closer to the panel than the raw rating')
  // Raw sql (4+3+3)/3 = 3.333; calibrated (3.294 + 3.353 + 3.353)/3 = 3.333: the panel's mean survives, the spread shrinks.
  t.match(stage.attributes[0], { key: 'sql', mean: 3.333, calibratedMean: 3.333 })
})
