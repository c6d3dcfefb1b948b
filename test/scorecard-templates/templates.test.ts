// Scorecard templates: the seeded defaults served to everyone, job-specific
// templates written by admins and the job's hiring managers, and the content
// rules (weights above zero, all four anchors, unique keys).
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { api, manyLogins, ok, openJob, scorecardRows, seedDefaultTemplates } from '../scorecards/fixtures.ts'
import { anchors, attribute, templateBody } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const admin = await createUser(app, 'ADMIN')
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const otherManager = await createUser(app, 'HIRING_MANAGER')
const managerAsInterviewer = await createUser(app, 'HIRING_MANAGER')
const interviewer = await createUser(app, 'INTERVIEWER')
const outsider = await createUser(app, 'INTERVIEWER')
const seeded = await seedDefaultTemplates(app, admin.id)
const job = await openJob(app, recruiter, [{ user: manager, role: 'HIRING_MANAGER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' }, { user: interviewer, role: 'INTERVIEWER' }])
await openJob(app, recruiter, [{ user: otherManager, role: 'HIRING_MANAGER' }, { user: outsider, role: 'INTERVIEWER' }])

interface TemplateJson {
  id: string
  lineageId: string
  version: number
  jobId: string | null
  archivedAt: string | null
  textFields: Array<{ key: string; required: boolean }>
  sections: Array<{ section: string; attributes: Array<{ key: string; weight: number; position: number; anchors: Record<string, string>; guidingQuestions: string[] }> }>
  ratingScale: Array<{ value: number; label: string }>
}
type Page = { items: Array<{ id: string; name: string; jobId: string | null; attributeCount: number }>; nextCursor: string | null }

t.test('the seeded default templates are served to everyone, with their anchors, guiding questions and text fields', async (t) => {
  const page = await ok<Page>(api(app, interviewer).get('/scorecard-templates?scope=organisation'))
  t.equal(page.items.length, 8, 'one organisation-wide template per default stage')
  t.ok(page.items.some((i) => i.name === 'Technical interview' && i.attributeCount === 8))
  const technical = await ok<TemplateJson>(api(app, interviewer).get(`/scorecard-templates/${seeded['technical-interview']}`))
  t.same(technical.sections.map((s) => s.section), ['TECHNICAL', 'PROBLEM_SOLVING', 'COMMUNICATION'], 'sections in display order')
  const solving = technical.sections[1]!.attributes[0]!
  t.match(solving, { key: 'problem-solving', weight: 1.5, position: 7 })
  t.same(Object.keys(solving.anchors), ['1', '2', '3', '4'], 'an anchor for each rating level')
  t.ok(solving.guidingQuestions.length > 0, 'with guiding questions')
  t.same(technical.textFields, [{ key: 'coding-problem', label: 'The coding problem: what was asked, how it went', required: true }])
  t.same(technical.ratingScale.map((r) => r.label), ['Strong no', 'No', 'Yes', 'Strong yes'])
  t.equal(job.stage('Technical interview').templateId, technical.id, "a new job's default plan uses it")
  const library = await ok<{ attributes: Array<{ key: string }> }>(api(app, interviewer).get('/scorecard-templates/attribute-library'))
  t.ok(library.attributes.some((a) => a.key === 'session-management'), 'the attribute library lists the defaults to copy from')
})

t.test('an admin writes organisation-wide templates; a new template is version 1 of its own lineage', async (t) => {
  const res = await api(app, admin).post('/scorecard-templates', templateBody())
  t.equal(res.statusCode, 201)
  const created = res.json() as TemplateJson
  t.equal(res.headers.location, `/scorecard-templates/${created.id}`)
  t.match(created, { lineageId: created.id, version: 1, jobId: null, archivedAt: null })
  t.same(created.sections.map((s) => [s.section, s.attributes.map((a) => [a.key, a.weight, a.position])]), [['TECHNICAL', [['kafka', 2, 1]]], ['COMMUNICATION', [['pairing', 1, 2]]]], 'positions follow the order given; weight defaults to 1')
  const audit = await app.db.auditEvent.findFirstOrThrow({ where: { action: 'scorecard_template.created', entityId: created.id } })
  t.equal(audit.actorId, admin.id)
})

t.test("a job's hiring manager writes templates for that job only; others see them only if they see the job", async (t) => {
  const created = await ok<TemplateJson>(api(app, manager).post('/scorecard-templates', templateBody({ jobId: job.id })), 201)
  t.equal(created.jobId, job.id)
  t.equal((await api(app, interviewer).get(`/scorecard-templates/${created.id}`)).statusCode, 200, "the job's interviewer reads it")
  t.equal((await api(app, outsider).get(`/scorecard-templates/${created.id}`)).statusCode, 404, "another job's interviewer does not")
  const outsiders = await ok<Page>(api(app, outsider).get('/scorecard-templates?limit=200'))
  t.notOk(outsiders.items.some((i) => i.id === created.id), 'nor finds it in the list')
  t.ok((await ok<Page>(api(app, interviewer).get(`/scorecard-templates?jobId=${job.id}`))).items.some((i) => i.id === created.id), 'the job filter finds it')

  const refusals: Array<[string, typeof manager, object, number]> = [
    ['a hiring manager without a job', manager, templateBody(), 400],
    ['a hiring manager of another job', otherManager, templateBody({ jobId: job.id }), 404],
    ['a hiring manager who only interviews on the job', managerAsInterviewer, templateBody({ jobId: job.id }), 403],
    ['an interviewer', interviewer, templateBody({ jobId: job.id }), 403],
    ['a recruiter', recruiter, templateBody({ jobId: job.id }), 403],
    ['an admin, for a job that does not exist', admin, templateBody({ jobId: crypto.randomUUID() }), 404],
  ]
  for (const [who, user, body, status] of refusals) {
    const before = await scorecardRows(app)
    t.equal((await api(app, user).post('/scorecard-templates', body)).statusCode, status, `${who}: ${status}`)
    t.same(await scorecardRows(app), before, 'nothing written')
  }
})

t.test('template content rules: weights above zero, all four anchors, unique keys', async (t) => {
  const cases: Array<[string, object, string]> = [
    ['a weight of 0', templateBody({ attributes: [attribute('a', { weight: 0 })] }), '/body/attributes/0/weight'],
    ['a weight that rounds to 0', templateBody({ attributes: [attribute('a', { weight: 0.0004 })] }), '/body/attributes/0/weight'],
    ['a negative weight', templateBody({ attributes: [attribute('a', { weight: -1 })] }), '/body/attributes/0/weight'],
    ['a missing anchor', templateBody({ attributes: [attribute('a', { anchors: { 1: 'x', 2: 'y', 3: 'z' } })] }), '/body/attributes/0/anchors/4'],
    ['a blank anchor', templateBody({ attributes: [attribute('a', { anchors: { ...anchors, 2: '  ' } })] }), '/body/attributes/0/anchors/2'],
    ['an anchor for level 5', templateBody({ attributes: [attribute('a', { anchors: { ...anchors, 5: 'Legend' } })] }), '/body/attributes/0/anchors/5'],
    ['two attributes with one key', templateBody({ attributes: [attribute('a'), attribute('a')] }), '/body/attributes/1/key'],
    ['two text fields with one key', templateBody({ textFields: [{ key: 'n', label: 'x', required: true }, { key: 'n', label: 'y', required: false }] }), '/body/textFields/1/key'],
    ['no attributes', templateBody({ attributes: [] }), '/body/attributes'],
    ['a key that is not kebab-case', templateBody({ attributes: [attribute('Kafka Streams')] }), '/body/attributes/0/key'],
    ['an unknown section', templateBody({ attributes: [attribute('a', { section: 'VIBES' })] }), '/body/attributes/0/section'],
  ]
  for (const [label, body, pointer] of cases) {
    const before = await scorecardRows(app)
    const res = await api(app, admin).post('/scorecard-templates', body)
    t.equal(res.statusCode, 400, `${label}: 400`)
    t.ok((res.json().errors as Array<{ pointer: string }>).some((e) => e.pointer === pointer), `${label}: points at ${pointer}`, { errors: res.json().errors })
    t.same(await scorecardRows(app), before, 'nothing written')
  }
})

t.test('an unused template is edited in place; an organisation-wide one by admins only', async (t) => {
  const jobTemplate = await ok<TemplateJson>(api(app, manager).post('/scorecard-templates', templateBody({ jobId: job.id })), 201)
  const edited = await ok<TemplateJson>(api(app, manager).put(`/scorecard-templates/${jobTemplate.id}`, templateBody({ name: 'Kafka pairing', attributes: [attribute('kafka-streams')] })))
  t.match(edited, { id: jobTemplate.id, version: 1, archivedAt: null }, 'same id, same version')
  t.same(edited.sections.flatMap((s) => s.attributes.map((a) => a.key)), ['kafka-streams'], 'attributes replaced')
  t.equal(await app.db.scorecardTemplate.count({ where: { lineageId: jobTemplate.lineageId } }), 1, 'no new version')
  t.equal((await api(app, otherManager).put(`/scorecard-templates/${jobTemplate.id}`, templateBody())).statusCode, 404, "a manager of another job: 404")
  t.equal((await api(app, managerAsInterviewer).put(`/scorecard-templates/${jobTemplate.id}`, templateBody())).statusCode, 403, 'a manager interviewing on the job: 403')
  const before = await scorecardRows(app)
  t.equal((await api(app, manager).put(`/scorecard-templates/${seeded['culture-fit']}`, templateBody())).statusCode, 403, "a hiring manager may not edit the organisation's templates")
  t.same(await scorecardRows(app), before, 'nothing written')
  t.equal((await api(app, admin).put(`/scorecard-templates/${crypto.randomUUID()}`, templateBody())).statusCode, 404, 'an unknown template: 404')
})
