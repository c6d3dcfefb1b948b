// POST /applications/:id/decisions: the hiring manager's advance, reject or
// hold, resting on cited scorecards, made through the pipeline's own moves.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'
import { addScorecard, createApplication, createAssessor, createJob, createTemplate } from '../aggregates/fixtures.ts'

const { app } = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '100000' })
const [manager, recruiter, admin, interviewer, managerAsInterviewer, otherManager] = await Promise.all([
  createUser(app, 'HIRING_MANAGER'), createUser(app, 'RECRUITER'), createUser(app, 'ADMIN'), createUser(app, 'INTERVIEWER'),
  createUser(app, 'HIRING_MANAGER'), createUser(app, 'HIRING_MANAGER'),
])
const template = await createTemplate(app, [{ key: 'sql', weight: 1 }])
const job = await createJob(app, {
  stages: [
    { name: 'Resume review', kind: 'REVIEW', requiredScorecards: 1, template },
    { name: 'Technical interview', requiredScorecards: 2, template },
    { name: 'Portfolio', kind: 'REVIEW', requiredScorecards: 1, template },
  ],
  team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: interviewer, role: 'INTERVIEWER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' }],
})
const [resumeStage, technicalStage, portfolioStage] = job.stages.map((s) => s.id) as [string, string, string]

/** An application in the technical interview with `submitted` submitted scorecards (and one draft). */
async function candidateWith(submitted: number) {
  const application = await createApplication(app, job.id, technicalStage)
  const scorecardIds: string[] = []
  for (let i = 0; i < submitted; i++) {
    const author = await createAssessor(app)
    scorecardIds.push(await addScorecard(app, { applicationId: application.id, stageId: technicalStage, template, authorId: author.id, recommendation: 3, ratings: { sql: 3 } }))
  }
  const draft = await addScorecard(app, { applicationId: application.id, stageId: technicalStage, template, authorId: (await createAssessor(app)).id, recommendation: 2, status: 'DRAFT' })
  return { id: application.id, scorecardIds, draft }
}

const decide = (user: TestUser, id: string, body: object, ifMatch: string | null = '"1"') =>
  app.inject({ method: 'POST', url: `/applications/${id}/decisions`, headers: { ...bearer(user), ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload: body })

/** What a decision writes, to show a refusal wrote none of it. */
const written = async (applicationId: string) => ({
  decisions: await app.db.decision.count({ where: { applicationId } }),
  transitions: await app.db.stageTransition.count({ where: { applicationId } }),
  application: await app.db.application.findUniqueOrThrow({ where: { id: applicationId }, select: { version: true, stageId: true, status: true } }),
})

const advance = (scorecardIds: string[], extra: object = {}) => ({ outcome: 'ADVANCE', stageId: technicalStage, reason: 'Strong on SQL', scorecardIds, ...extra })

t.test('advancing before the required scorecards are in is refused with 409, and nothing is written', async (t) => {
  const c = await candidateWith(1)
  const before = await written(c.id)
  const res = await decide(manager, c.id, advance(c.scorecardIds))
  t.equal(res.statusCode, 409, res.body)
  t.match(res.json(), { detail: /1 of 2 required scorecards submitted/ })
  t.same(await written(c.id), before, 'no decision, no move')
})

t.test('the hiring manager overrides with a reason: the move is made, and the decision and transition record the override', async (t) => {
  const c = await candidateWith(1)
  const res = await decide(manager, c.id, advance(c.scorecardIds, { override: { reason: 'Second interviewer is ill; the panel agreed' } }))
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.headers.etag, '"2"')
  const body = res.json()
  t.match(body, {
    decision: { outcome: 'ADVANCE', stageId: technicalStage, deciderId: manager.id, overridden: true, scorecardIds: c.scorecardIds, reason: 'Strong on SQL' },
    application: { id: c.id, stageId: portfolioStage, version: 2, status: 'ACTIVE' },
    transition: { kind: 'ADVANCED', fromStageId: technicalStage, toStageId: portfolioStage, overridden: true },
  })
  const transition = await app.db.stageTransition.findUniqueOrThrow({ where: { id: body.transition.id } })
  t.match(transition, { overridden: true, actorId: manager.id, reason: 'Override: Second interviewer is ill; the panel agreed' })
  const decision = await app.db.decision.findUniqueOrThrow({ where: { id: body.decision.id } })
  t.match(decision, { overridden: true, outcome: 'ADVANCE', applicationId: c.id })
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'decision.recorded', entityId: decision.id } })
  t.match(audit.payload, { outcome: 'ADVANCE', overridden: true, transitionId: body.transition.id, scorecardIds: c.scorecardIds })
  t.notMatch(JSON.stringify(audit.payload), 'Strong on SQL', 'the free-text reason stays out of the audit')
})

t.test('with the required scorecards in, advancing cites them and is not an override', async (t) => {
  const c = await candidateWith(2)
  const res = await decide(manager, c.id, advance(c.scorecardIds))
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { decision: { overridden: false, scorecardIds: c.scorecardIds }, application: { stageId: portfolioStage }, transition: { overridden: false } })
})

t.test('REJECT moves the application out under the reject rules (no scorecards required)', async (t) => {
  const c = await candidateWith(0)
  const res = await decide(manager, c.id, {
    outcome: 'REJECT', stageId: technicalStage, reason: 'Not the level we need', scorecardIds: [],
    rejection: { reason: 'EXPERIENCE_LEVEL', notifyCandidate: false },
  })
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), {
    decision: { outcome: 'REJECT', overridden: false },
    application: { status: 'REJECTED', rejectionReason: 'EXPERIENCE_LEVEL', version: 2, stageId: technicalStage },
    transition: { kind: 'REJECTED', toStatus: 'REJECTED' },
  })
})

t.test('HOLD records the decision and moves nothing', async (t) => {
  const c = await candidateWith(1)
  const res = await decide(manager, c.id, { outcome: 'HOLD', stageId: technicalStage, reason: 'Waiting for the second interview', scorecardIds: c.scorecardIds })
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.headers.etag, '"1"', 'the application version is unchanged')
  t.match(res.json(), { decision: { outcome: 'HOLD', overridden: false }, application: { version: 1, stageId: technicalStage }, transition: null })
  t.same(await written(c.id), { decisions: 1, transitions: 0, application: { version: 1, stageId: technicalStage, status: 'ACTIVE' } })
})

t.test('only the job\'s hiring managers and admins decide', async (t) => {
  const c = await candidateWith(2)
  const before = await written(c.id)
  for (const [who, user, status] of [
    ['a recruiter', recruiter, 403], ['an interviewer', interviewer, 403], ['a hiring manager interviewing on this job', managerAsInterviewer, 403],
    ['a hiring manager of another job', otherManager, 404],
  ] as const) {
    t.equal((await decide(user, c.id, advance(c.scorecardIds))).statusCode, status, `${who}: ${status}`)
  }
  t.same(await written(c.id), before, 'nothing written')
  t.equal((await decide(admin, c.id, advance(c.scorecardIds))).statusCode, 201, 'an admin may')
})

t.test('a decision is on the current stage, the version seen, and submitted scorecards of this stage', async (t) => {
  const c = await candidateWith(2)
  const elsewhere = await addScorecard(app, { applicationId: c.id, stageId: resumeStage, template, authorId: (await createAssessor(app)).id, recommendation: 3 })
  const before = await written(c.id)
  const cases: Array<[string, object, string | null, number]> = [
    ['another stage than the current one', { ...advance(c.scorecardIds), stageId: resumeStage }, '"1"', 409],
    ['a draft cited', advance([...c.scorecardIds, c.draft]), '"1"', 409],
    ['a scorecard of another stage cited', advance([elsewhere]), '"1"', 404],
    ['an unknown scorecard cited', advance(['0190a000-0000-7000-8000-000000000000']), '"1"', 404],
    ['a stale version', advance(c.scorecardIds), '"7"', 412],
    ['no If-Match', advance(c.scorecardIds), null, 428],
    ['a REJECT without its rejection reason', { outcome: 'REJECT', stageId: technicalStage, reason: 'x', scorecardIds: [] }, '"1"', 400],
    ['an override on a HOLD', { outcome: 'HOLD', stageId: technicalStage, reason: 'x', scorecardIds: [], override: { reason: 'y' } }, '"1"', 400],
    ['a blank reason', advance(c.scorecardIds, { reason: '   ' }), '"1"', 400],
  ]
  for (const [what, body, ifMatch, status] of cases) {
    const res = await decide(manager, c.id, body, ifMatch)
    t.equal(res.statusCode, status, `${what}: ${status}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.same(await written(c.id), before, 'none of them wrote anything')
})

t.test('the decision and the move are one transaction: when the decision cannot be written, the move is undone', async (t) => {
  const c = await candidateWith(2)
  // Sabotage this test database only: inserting this decision fails after the move's statement has run.
  await app.db.$executeRawUnsafe(`
    CREATE FUNCTION refuse_sabotage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'sabotaged decision'; END $$;
  `)
  await app.db.$executeRawUnsafe(`CREATE TRIGGER refuse_sabotage BEFORE INSERT ON decisions FOR EACH ROW WHEN (NEW.reason = 'sabotage') EXECUTE FUNCTION refuse_sabotage()`)
  const before = await written(c.id)
  const outbox = await app.db.outboxEvent.count()
  const res = await decide(manager, c.id, advance(c.scorecardIds, { reason: 'sabotage' }))
  t.equal(res.statusCode, 500)
  t.same(await written(c.id), before, 'the application did not move and no transition remains')
  t.equal(await app.db.outboxEvent.count(), outbox, 'nor an outbox row')
  t.equal(await app.db.auditEvent.count({ where: { entityId: c.id, action: 'application.advanced' } }), 0, 'nor the move\'s audit event')
  await app.db.$executeRawUnsafe('DROP TRIGGER refuse_sabotage ON decisions')
  const retried = await decide(manager, c.id, advance(c.scorecardIds, { reason: 'sabotage' }))
  t.equal(retried.statusCode, 201, 'the same request, unsabotaged, moves from the same version: the failure was the decision\'s')
})

t.test('the application\'s decisions are listed newest first', async (t) => {
  const c = await candidateWith(1)
  await decide(manager, c.id, { outcome: 'HOLD', stageId: technicalStage, reason: 'First look', scorecardIds: [] })
  await decide(manager, c.id, { outcome: 'HOLD', stageId: technicalStage, reason: 'Second look', scorecardIds: c.scorecardIds })
  const first = await app.inject({ method: 'GET', url: `/applications/${c.id}/decisions?limit=1`, headers: bearer(recruiter) })
  t.equal(first.statusCode, 200, first.body)
  const page = first.json() as { items: Array<{ reason: string }>; nextCursor: string }
  t.same(page.items.map((d) => d.reason), ['Second look'])
  const second = (await app.inject({ method: 'GET', url: `/applications/${c.id}/decisions?limit=1&cursor=${page.nextCursor}`, headers: bearer(manager) })).json()
  t.same(second.items.map((d: { reason: string }) => d.reason), ['First look'])
  t.equal((await app.inject({ method: 'GET', url: `/applications/${c.id}/decisions`, headers: bearer(otherManager) })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: `/applications/${c.id}/decisions`, headers: bearer(interviewer) })).statusCode, 403)
})
