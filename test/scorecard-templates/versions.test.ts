// Editing a template that scorecards already use creates a new version: old
// scorecards keep reading as they were written, the stages of live jobs move to
// the new version, and the old version is kept (archived) for the record.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { api, completeCard, ok, scorecardRows, scoringWorld, technicalRatings, openJob, manyLogins } from '../scorecards/fixtures.ts'
import { attribute, templateBody } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const { team, job, technical, newApplication } = await scoringWorld(app)
const { admin, recruiter, manager, first, second } = team
const closedJob = await openJob(app, recruiter, [{ user: manager, role: 'HIRING_MANAGER' }])
await ok(api(app, recruiter).post(`/jobs/${closedJob.id}/close`))
const draftJob = await ok<{ id: string; plan: Array<{ name: string; templateId: string }> }>(api(app, recruiter).post('/jobs', { title: 'Still a draft' }), 201)
const v1 = technical.templateId!

interface Card { id: string; template: { id: string; version: number; lineageId: string }; ratings: Array<{ attributeKey: string; name: string; rating: number | null }> }
const application = await newApplication()
const old = await ok<Card>(api(app, first).post('/scorecards', { applicationId: application.id, stageId: technical.id, ratings: technicalRatings(3), ...completeCard }), 201)
await ok(api(app, first).post(`/scorecards/${old.id}/submit`))
const oldAsRead = await ok<Card>(api(app, manager).get(`/scorecards/${old.id}`))

const current = await ok<{ sections: Array<{ attributes: Array<{ key: string; section: string; name: string; weight: number; anchors: object; guidingQuestions: string[] }> }> }>(api(app, admin).get(`/scorecard-templates/${v1}`))
const v1Attributes = current.sections.flatMap((s) => s.attributes)
// Version 2: session management is dropped, caching comes in, SQL is renamed.
const v2Body = templateBody({
  name: 'Technical interview (2026)',
  textFields: [{ key: 'coding-problem', label: 'The coding problem', required: true }],
  attributes: [
    ...v1Attributes.filter((a) => a.key !== 'session-management').map(({ key, section, name, weight, anchors, guidingQuestions }) => ({
      key, section, name: key === 'databases-sql' ? 'SQL and data modelling' : name, weight, anchors, guidingQuestions,
    })),
    attribute('caching-performance', { name: 'Caching and performance' }),
  ],
})

t.test('editing a template with submitted scorecards creates version 2 in the same lineage', async (t) => {
  const before = await scorecardRows(app)
  const res = await api(app, admin).put(`/scorecard-templates/${v1}`, v2Body)
  t.equal(res.statusCode, 201, '201: a new resource')
  const v2 = res.json() as { id: string; lineageId: string; version: number; name: string }
  t.equal(res.headers.location, `/scorecard-templates/${v2.id}`)
  t.not(v2.id, v1)
  t.match(v2, { lineageId: oldAsRead.template.lineageId, version: 2, name: 'Technical interview (2026)' })
  const after = await scorecardRows(app)
  t.equal(after.templates - before.templates, 1, 'one template row added')
  t.equal(after.attributes - before.attributes, 8, 'with its own attributes; version 1 keeps its eight')
  const superseded = await ok<{ archivedAt: string | null; supersededBy: string | null; version: number }>(api(app, first).get(`/scorecard-templates/${v1}`))
  t.ok(superseded.archivedAt, 'version 1 is archived')
  t.equal(superseded.supersededBy, v2.id, 'and says what superseded it')
  const list = await ok<{ items: Array<{ id: string }> }>(api(app, first).get('/scorecard-templates?limit=200'))
  t.notOk(list.items.some((i) => i.id === v1), 'lists leave superseded versions out')
  t.ok((await ok<{ items: Array<{ id: string }> }>(api(app, first).get('/scorecard-templates?limit=200&includeArchived=true'))).items.some((i) => i.id === v1), '…unless asked')
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'scorecard_template.versioned', entityId: v2.id } })
  t.match(audit.payload, { previousTemplateId: v1, version: 2, scorecardsOnPrevious: 1 })
})

t.test('old scorecards still read with version 1, exactly as they were', async (t) => {
  const reread = await ok<Card>(api(app, manager).get(`/scorecards/${old.id}`))
  t.same(reread, oldAsRead, 'the same answer as before the edit')
  t.equal(reread.template.version, 1)
  t.ok(reread.ratings.some((r) => r.attributeKey === 'session-management'), "with version 1's attributes")
  t.equal(reread.ratings.find((r) => r.attributeKey === 'databases-sql')?.name, 'Databases and SQL', "and version 1's names")
  const { items } = await ok<{ items: Array<{ snapshot: { templateId: string; ratings: Record<string, number> } }> }>(api(app, first).get(`/scorecards/${old.id}/revisions`))
  t.equal(items[0]!.snapshot.templateId, v1)
  t.equal(items[0]!.snapshot.ratings['session-management'], 3)
  const amended = await ok<Card>(api(app, first).post(`/scorecards/${old.id}/amendments`, { reason: 'Typo', ratings: [{ attributeKey: 'session-management', rating: 4 }] }))
  t.equal(amended.template.version, 1, 'and are amended against version 1')
})

t.test('stages of draft and open jobs switch to version 2; a closed job keeps version 1', async (t) => {
  const v2 = (await app.db.scorecardTemplate.findFirstOrThrow({ where: { lineageId: oldAsRead.template.lineageId, version: 2 } })).id
  const plan = async (jobId: string) => (await ok<{ stages: Array<{ name: string; templateId: string | null }> }>(api(app, admin).get(`/jobs/${jobId}/plan`))).stages
  t.equal((await plan(job.id)).find((s) => s.name === 'Technical interview')?.templateId, v2, 'the open job')
  t.equal((await plan(draftJob.id)).find((s) => s.name === 'Technical interview')?.templateId, v2, 'the draft job')
  t.equal((await plan(closedJob.id)).find((s) => s.name === 'Technical interview')?.templateId, v1, 'the closed job')
  const fresh = await ok<Card>(api(app, second).post('/scorecards', { applicationId: application.id, stageId: technical.id, ratings: [{ attributeKey: 'caching-performance', rating: 3 }] }), 201)
  t.equal(fresh.template.version, 2, 'new scorecards are written on version 2')
  const before = await scorecardRows(app)
  const dropped = await api(app, second).patch(`/scorecards/${fresh.id}`, { ratings: [{ attributeKey: 'session-management', rating: 3 }] })
  t.equal(dropped.statusCode, 400, 'an attribute version 2 dropped is refused')
  t.match(dropped.json().errors[0].detail, 'version 2')
  t.same(await scorecardRows(app), before, 'nothing written')
})

t.test('a superseded version is not edited: that would fork the lineage', async (t) => {
  const before = await scorecardRows(app)
  const res = await api(app, admin).put(`/scorecard-templates/${v1}`, v2Body)
  t.equal(res.statusCode, 409)
  t.match(res.json().detail, 'edit the newest version, 2')
  t.same(await scorecardRows(app), before, 'nothing written')
})

t.test('a draft alone is enough to version a template: nobody\'s draft changes under them', async (t) => {
  const jobTemplate = await ok<{ id: string }>(api(app, manager).post('/scorecard-templates', templateBody({ jobId: job.id })), 201)
  const planRes = await api(app, recruiter).get(`/jobs/${job.id}/plan`)
  const stages = (planRes.json().stages as Array<{ id: string; name: string; kind: string; templateId: string | null; requiredScorecards: number }>)
    .map(({ id, name, kind, templateId, requiredScorecards }) => ({ id, name, kind, requiredScorecards, templateId: name === 'Technical interview' ? jobTemplate.id : templateId }))
  await ok(api(app, recruiter).put(`/jobs/${job.id}/plan`, { stages }))
  const other = await newApplication()
  const draft = await ok<Card>(api(app, first).post('/scorecards', { applicationId: other.id, stageId: technical.id, ratings: [{ attributeKey: 'kafka', rating: 4 }] }), 201)
  const res = await api(app, manager).put(`/scorecard-templates/${jobTemplate.id}`, templateBody({ attributes: [attribute('kafka-connect')] }))
  t.equal(res.statusCode, 201, 'a new version')
  const reread = await ok<Card>(api(app, first).get(`/scorecards/${draft.id}`))
  t.equal(reread.template.id, jobTemplate.id, 'the draft stays on the version it was started on')
  t.same(reread.ratings.map((r) => [r.attributeKey, r.rating]), [['kafka', 4]])
  await ok(api(app, first).patch(`/scorecards/${draft.id}`, { recommendation: 3, answers: { notes: 'Paired on a consumer' } }))
  t.equal((await ok<{ status: string }>(api(app, first).post(`/scorecards/${draft.id}/submit`))).status, 'SUBMITTED', 'and is submitted on it')
})
