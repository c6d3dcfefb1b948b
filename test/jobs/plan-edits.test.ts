// Changing a job's plan while applications are in flight: nobody loses their
// place, a stage holding applications is removed only with somewhere to send
// them, and concurrent edits never scramble the order.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { api, assertProblem, createApplication, createJob, rowCounts, type StageJson } from './fixtures.ts'

const { app } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')
const as = api(app, recruiter)

/** Resolves once some session of this test's database waits on a row lock (the plan edit queued behind ours). */
async function waitForLockWait() {
  for (let i = 0; i < 200; i++) {
    const [row] = await app.db.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
    if (row!.waiting > 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the plan edit never waited on the stage lock')
}

/** The plan as a PUT body sends it back: ids and settings, nothing computed. */
const asInput = (plan: StageJson[]) => plan.map(({ id, name, kind, templateId, requiredScorecards, slaDays }) => ({ id, name, kind, templateId, requiredScorecards, slaDays }))
const readPlan = async (jobId: string) => {
  const res = await as.get(`/jobs/${jobId}/plan`)
  return { stages: res.json().stages as StageJson[], etag: res.headers.etag as string }
}
const positions = (stages: StageJson[]) => stages.map((s) => s.position)
const dense = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

t.test('renaming, re-ordering, re-configuring and adding stages keeps every application where it is', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const [resume, technical, portfolio, references, offer] = job.plan as [StageJson, StageJson, StageJson, StageJson, StageJson]
  const inTechnical = await createApplication(app, job.id, technical.id)
  const inPortfolio = await createApplication(app, job.id, portfolio.id)

  const before = await readPlan(job.id)
  t.match(before.etag, /^"[\w-]+"$/, 'the plan carries an ETag')
  t.equal(before.stages[1]!.activeApplications, 1, 'and each stage the number of active applications it holds')

  const edit = [
    { ...asInput([portfolio])[0], name: 'Work samples', requiredScorecards: 2, slaDays: null },
    ...asInput([resume, technical]),
    { name: 'Pair programming', kind: 'INTERVIEW', requiredScorecards: 2, slaDays: 4 },
    ...asInput([references, offer]),
  ]
  const res = await as.put(`/jobs/${job.id}/plan`, { stages: edit })
  t.equal(res.statusCode, 200)
  const after = res.json().stages as StageJson[]
  t.same(after.map((s) => s.name), ['Work samples', 'Resume review', 'Technical interview', 'Pair programming', 'References & background check', 'Offer'])
  t.same(positions(after), dense(6), 'positions stay dense and ordered')
  t.equal(after[0]!.id, portfolio.id, 'a renamed stage keeps its id')
  t.match(after[0], { requiredScorecards: 2, slaDays: null }, 'and takes its new settings')
  t.not(res.headers.etag, before.etag, 'the ETag changes with the plan')

  for (const application of [inTechnical, inPortfolio]) {
    const row = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
    t.equal(row.version, application.version, 'no application was touched')
  }
  t.equal(after[0]!.activeApplications, 1, 'the application in the portfolio stage is still there, under the new name')
  t.equal(await app.db.stageTransition.count({ where: { application: { jobId: job.id } } }), 0, 'and nobody moved')
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { entityId: job.id, action: 'job.plan_changed' } })
  t.match(audit.payload, { added: [after[3]!.id], removed: [], movedApplications: 0 })
})

t.test('removing a stage that holds active applications is refused with the count, and nothing changes', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const technical = job.plan[1]!
  await createApplication(app, job.id, technical.id)
  await createApplication(app, job.id, technical.id)
  const counts = await rowCounts(app)
  const res = await as.put(`/jobs/${job.id}/plan`, { stages: asInput(job.plan.filter((s) => s.id !== technical.id)) })
  const problem = assertProblem(t, res, 409, 'conflict')
  t.match(problem.detail, /Technical interview holds 2 active application\(s\)/, 'the refusal names the stage and the count')
  t.match(problem.detail, /moveApplicationsTo/, 'and says how to go ahead')
  t.same(await rowCounts(app), counts, 'nothing is written')
  t.equal((await readPlan(job.id)).stages.length, 5, 'the plan is as it was')
})

t.test('a stage without active applications is removed by leaving it out; it is archived, not deleted', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const portfolio = job.plan[2]!
  const rejected = await createApplication(app, job.id, portfolio.id)
  await app.db.application.update({ where: { id: rejected.id }, data: { status: 'REJECTED', closedAt: new Date() } })

  const res = await as.put(`/jobs/${job.id}/plan`, { stages: asInput(job.plan.filter((s) => s.id !== portfolio.id)) })
  t.equal(res.statusCode, 200, 'closed applications do not hold a stage in the plan')
  t.same(positions(res.json().stages), dense(4))
  const archived = await app.db.stage.findUniqueOrThrow({ where: { id: portfolio.id } })
  t.ok(archived.archivedAt, 'the stage row stays, archived')
  t.equal((await app.db.application.findUniqueOrThrow({ where: { id: rejected.id } })).stageId, portfolio.id, 'history still points at it')

  const back = assertProblem(t, await as.put(`/jobs/${job.id}/plan`, { stages: [...asInput(res.json().stages).slice(0, 3), asInput([portfolio])[0], ...asInput(res.json().stages).slice(3)] }), 409)
  t.match(back.detail, /removed from the plan earlier/, 'an archived stage does not come back by id')
})

t.test('removing a stage with moveApplicationsTo moves its applications and records each move, in one transaction', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' }, stageMovedEmails: true })
  const [resume, technical] = job.plan as [StageJson, StageJson]
  const moving = [await createApplication(app, job.id, technical.id), await createApplication(app, job.id, technical.id)]
  const staying = await createApplication(app, job.id, resume.id)
  const body = {
    stages: asInput(job.plan.filter((s) => s.id !== technical.id)),
    removedStages: [{ id: technical.id, moveApplicationsTo: resume.id, reason: 'Technical interview merged into the resume review call' }],
  }

  // Make the last write of the edit fail: everything before it must roll back.
  await app.db.$executeRawUnsafe(`
    CREATE FUNCTION fail_plan_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.action = 'job.plan_changed' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`)
  await app.db.$executeRawUnsafe('CREATE TRIGGER fail_plan_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_plan_audit()')
  const counts = await rowCounts(app)
  t.equal((await as.put(`/jobs/${job.id}/plan`, body)).statusCode, 500, 'the injected failure aborts the edit')
  t.same(await rowCounts(app), counts, 'no transition, audit event or outbox row survives it')
  t.equal((await app.db.application.findUniqueOrThrow({ where: { id: moving[0]!.id } })).stageId, technical.id, 'no application moved')
  t.equal((await app.db.stage.findUniqueOrThrow({ where: { id: technical.id } })).archivedAt, null, 'the stage is not archived')
  await app.db.$executeRawUnsafe('DROP TRIGGER fail_plan_audit ON audit_events')

  const res = await as.put(`/jobs/${job.id}/plan`, body)
  t.equal(res.statusCode, 200)
  t.same(res.json().stages.map((s: StageJson) => [s.name, s.activeApplications]), [['Resume review', 3], ['Portfolio / work samples', 0], ['References & background check', 0], ['Offer', 0]])
  for (const application of moving) {
    const row = await app.db.application.findUniqueOrThrow({ where: { id: application.id } })
    t.match(row, { stageId: resume.id, status: 'ACTIVE', version: application.version + 1 }, 'the application moved, and its version went up')
    const transition = await app.db.stageTransition.findFirstOrThrow({ where: { applicationId: application.id } })
    t.match(transition, { kind: 'MOVED', fromStageId: technical.id, toStageId: resume.id, actorId: recruiter.id, reason: body.removedStages[0]!.reason })
    t.same(row.stageEnteredAt, transition.createdAt, 'it entered its new stage when it moved')
    const audit = await app.db.auditEvent.findFirstOrThrow({ where: { entityId: application.id, action: 'application.moved' } })
    t.match(audit, { actorId: recruiter.id, candidateId: application.candidateId, jobId: job.id, payload: { cause: 'stage_removed', fromStageId: technical.id, toStageId: resume.id } })
    t.notMatch(JSON.stringify(audit.payload), /merged/, 'the free-text reason stays out of the audit payload')
  }
  t.equal(await app.db.outboxEvent.count({ where: { topic: 'application.stage_moved' } }), 2, 'the job e-mails stage moves, so each move queued its notification')
  t.equal((await app.db.application.findUniqueOrThrow({ where: { id: staying.id } })).version, staying.version, 'applications elsewhere are untouched')
  t.ok((await app.db.stage.findUniqueOrThrow({ where: { id: technical.id } })).archivedAt, 'the removed stage is archived')
})

t.test('applications a plan edit moves into the offer stage are owed the offer e-mail, as an advance into it would be', async (t) => {
  // stageMovedEmails off: the offer is owed whatever the job's stage-update setting.
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' }, stageMovedEmails: false })
  const [, , , references, offer] = job.plan as [StageJson, StageJson, StageJson, StageJson, StageJson]
  const moving = await createApplication(app, job.id, references.id)
  const res = await as.put(`/jobs/${job.id}/plan`, {
    stages: asInput(job.plan.filter((s) => s.id !== references.id)),
    removedStages: [{ id: references.id, moveApplicationsTo: offer.id, reason: 'References are taken after the offer now' }],
  })
  t.equal(res.statusCode, 200)
  const owed = await app.db.outboxEvent.findMany({ where: { payload: { path: ['applicationId'], equals: moving.id }, topic: { not: 'application.received' } }, select: { topic: true } })
  t.same(owed.map((e) => e.topic), ['application.offer'], 'one offer e-mail, and no stage-moved e-mail')
})

t.test('plan edits that break a rule are refused before anything is written', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const other = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const [resume, technical, portfolio] = job.plan as [StageJson, StageJson, StageJson]
  await createApplication(app, job.id, technical.id)
  const current = asInput(job.plan)
  const without = (id: string) => current.filter((s) => s.id !== id)
  const cases: { why: string; body: object; status: number; pointer?: string }[] = [
    { why: 'an empty plan', body: { stages: [] }, status: 400 },
    { why: 'a stage kind that does not exist', body: { stages: [{ ...current[0], kind: 'LOTTERY' }, ...current.slice(1)] }, status: 400 },
    { why: 'a negative scorecard count', body: { stages: [{ ...current[0], requiredScorecards: -1 }, ...current.slice(1)] }, status: 400 },
    { why: 'an offer before the end', body: { stages: [current[4], ...current.slice(0, 4)] }, status: 400, pointer: '/body/stages/0/kind' },
    { why: 'one stage listed twice', body: { stages: [current[0], ...current] }, status: 400, pointer: '/body/stages/1/id' },
    { why: 'a stage of another job', body: { stages: [{ ...current[0], id: other.plan[0]!.id }, ...current.slice(1)] }, status: 404 },
    { why: 'an unknown template', body: { stages: [{ ...current[0], templateId: crypto.randomUUID() }, ...current.slice(1)] }, status: 404 },
    { why: 'moving applications to a stage being removed', body: { stages: without(technical.id).filter((s) => s.id !== portfolio.id), removedStages: [{ id: technical.id, moveApplicationsTo: portfolio.id, reason: 'x' }] }, status: 400, pointer: '/body/removedStages/0/moveApplicationsTo' },
    { why: 'removing a stage that is still listed', body: { stages: current, removedStages: [{ id: technical.id, moveApplicationsTo: resume.id, reason: 'x' }] }, status: 400, pointer: '/body/removedStages/0/id' },
    { why: 'a move without a reason', body: { stages: without(technical.id), removedStages: [{ id: technical.id, moveApplicationsTo: resume.id }] }, status: 400 },
  ]
  for (const c of cases) {
    const counts = await rowCounts(app)
    const problem = assertProblem(t, await as.put(`/jobs/${job.id}/plan`, c.body), c.status)
    if (c.pointer) t.ok(problem.errors?.some((e) => e.pointer === c.pointer), `${c.why}: the problem points at ${c.pointer}`)
    t.same(await rowCounts(app), counts, `${c.why}: nothing is written`)
  }
  assertProblem(t, await as.put(`/jobs/${crypto.randomUUID()}/plan`, { stages: current }), 404, 'not-found')
  t.same(asInput((await readPlan(job.id)).stages), current, 'the plan is unchanged')
})

t.test('If-Match with a stale ETag gets 412; two edits from one reading never both win', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const { stages, etag } = await readPlan(job.id)
  const rename = (name: string) => ({ stages: [{ ...asInput(stages)[0], name }, ...asInput(stages).slice(1)] })

  const results = await Promise.all([
    as.put(`/jobs/${job.id}/plan`, rename('Screening A'), { 'if-match': etag }),
    as.put(`/jobs/${job.id}/plan`, rename('Screening B'), { 'if-match': etag }),
  ])
  t.same(results.map((r) => r.statusCode).sort(), [200, 412], 'one edit wins, the other is told the plan changed')
  const winner = results.find((r) => r.statusCode === 200)!
  t.equal((await readPlan(job.id)).stages[0]!.name, winner.json().stages[0].name, 'the plan is the winner\'s')
  t.equal((await readPlan(job.id)).etag, winner.headers.etag, 'and its ETag is the one the winner got back')
})

t.test('concurrent edits without If-Match run one after the other and leave a dense, ordered plan', async (t) => {
  const job = await createJob(app, recruiter)
  const current = asInput(job.plan)
  const add = (name: string, at: number) => ({ stages: [...current.slice(0, at), { name, kind: 'INTERVIEW', requiredScorecards: 1 }, ...current.slice(at)] })
  const edits = await Promise.all([
    as.put(`/jobs/${job.id}/plan`, add('Extra A', 1)),
    as.put(`/jobs/${job.id}/plan`, add('Extra B', 3)),
    as.put(`/jobs/${job.id}/plan`, { stages: [current[0], current[2], current[1], ...current.slice(3)] }),
  ])
  t.same(edits.map((r) => r.statusCode), [200, 200, 200], 'each edit applies in turn (a stage another edit added and this one leaves out is removed)')
  const live = await app.db.stage.findMany({ where: { jobId: job.id, archivedAt: null }, orderBy: { position: 'asc' } })
  t.same(live.map((s) => s.position), dense(live.length), 'positions are 1…n with no gaps or duplicates')
  t.equal(live.filter((s) => s.kind === 'OFFER').length, 1, 'exactly one offer')
  t.equal(live[live.length - 1]!.kind, 'OFFER', 'and it is last')
  const lastWriter = edits.map((r) => r.json().stages as StageJson[]).find((s) => s.map((x) => x.id).join() === live.map((x) => x.id).join())
  t.ok(lastWriter, 'the plan is exactly what one of the edits produced, not a mixture')
})

t.test('a stage takes its own job\'s templates and the organisation\'s, not another job\'s; an archived one stays but is not newly assigned', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const other = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const template = (data: { jobId?: string; archivedAt?: Date }) =>
    app.db.scorecardTemplate.create({ data: { lineageId: crypto.randomUUID(), name: 'Custom', ...data }, select: { id: true } })
  const own = await template({ jobId: job.id })
  const foreign = await template({ jobId: other.id })
  const archived = await template({ archivedAt: new Date() })
  const withTemplate = (id: string) => ({ stages: [{ ...asInput(job.plan)[0], templateId: id }, ...asInput(job.plan).slice(1)] })

  const foreignProblem = assertProblem(t, await as.put(`/jobs/${job.id}/plan`, withTemplate(foreign.id)), 409)
  t.match(foreignProblem.detail, /belongs to another job/)
  assertProblem(t, await as.put(`/jobs/${job.id}/plan`, withTemplate(archived.id)), 409)
  t.equal((await as.put(`/jobs/${job.id}/plan`, withTemplate(own.id))).statusCode, 200, 'the job\'s own template is fine')

  await app.db.stage.update({ where: { id: job.plan[0]!.id }, data: { templateId: archived.id } })
  const rename = { stages: [{ ...asInput(job.plan)[0], name: 'CV review', templateId: archived.id }, ...asInput(job.plan).slice(1)] }
  t.equal((await as.put(`/jobs/${job.id}/plan`, rename)).statusCode, 200, 'a stage already on an archived template can still be edited')
})

t.test('lockStageForEntry keeps a move into a stage and the stage\'s removal from crossing', async (t) => {
  const { lockStageForEntry, liveStageForEntry } = await import('../../src/services/assessment-plans.ts')
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  const portfolio = job.plan[2]!
  const candidate = await app.db.candidate.create({ data: { firstName: 'Race', lastName: 'Condition' }, select: { id: true } })

  // A move into the portfolio stage holds its entry lock while the stage's removal arrives.
  let release!: () => void
  const held = new Promise<void>((resolve) => { release = resolve })
  let locked!: () => void
  const lockTaken = new Promise<void>((resolve) => { locked = resolve })
  const entering = app.db.$transaction(async (tx) => {
    await lockStageForEntry(tx, job.id, portfolio.id)
    await tx.application.create({ data: { candidateId: candidate.id, jobId: job.id, stageId: portfolio.id } })
    locked()
    await held
  }, { timeout: 60_000 })
  await lockTaken
  const removal = as.put(`/jobs/${job.id}/plan`, { stages: asInput(job.plan.filter((s) => s.id !== portfolio.id)) })
  await waitForLockWait()
  release()
  await entering
  const refused = assertProblem(t, await removal, 409)
  t.match(refused.detail, /Portfolio \/ work samples holds 1 active application/, 'the removal waited for the move and then counted it')

  // The other way round: once the stage is archived, entering it is refused.
  const emptyStage = job.plan[3]!
  t.equal((await as.put(`/jobs/${job.id}/plan`, { stages: asInput(job.plan.filter((s) => s.id !== emptyStage.id)) })).statusCode, 200)
  await t.rejects(app.db.$transaction((tx) => lockStageForEntry(tx, job.id, emptyStage.id)), { code: 'SL_CONFLICT', message: /no longer in the plan/ })
  await t.rejects(app.db.$transaction((tx) => lockStageForEntry(tx, crypto.randomUUID(), portfolio.id)), { code: 'SL_NOT_FOUND' })

  // The one-statement form gives no row for an archived stage, one for a live one.
  const count = async (stageId: string) =>
    (await app.db.$queryRaw<{ n: number }[]>`WITH target AS (${liveStageForEntry(job.id, stageId)}) SELECT count(*)::int AS n FROM target`)[0]!.n
  t.equal(await count(emptyStage.id), 0, 'liveStageForEntry finds no archived stage')
  t.equal(await count(portfolio.id), 1, 'and finds a live one')
})

