// Creating a job: its plan (default, lean or its own), its hiring team, and the
// requests refused without writing anything.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { createUser } from '../helpers/users.ts'
import { defaultTemplates } from '../../src/domain/default-scorecard-templates.ts'
import { api, assertProblem, createJob, rowCounts, type StageJson } from './fixtures.ts'

const { app } = await buildTestApp(t)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const interviewer = await createUser(app, 'INTERVIEWER')
const as = api(app, recruiter)

const shape = (plan: StageJson[]) => plan.map((s) => [s.position, s.name, s.kind])

t.test('a job made without a plan gets the default plan: the eight steps of the assessment guide, then the offer', async (t) => {
  const res = await as.post('/jobs', { title: 'Back-end developer', department: 'Engineering', location: 'Remote' })
  t.equal(res.statusCode, 201)
  const job = res.json()
  t.equal(res.headers.location, `/jobs/${job.id}`, 'Location names the new job')
  t.equal(job.status, 'DRAFT', 'a new job starts as a draft')
  t.same(shape(job.plan), [
    [1, 'Resume review', 'REVIEW'],
    [2, 'Technical interview', 'INTERVIEW'],
    [3, 'Portfolio / work samples', 'REVIEW'],
    [4, 'Domain skills assessment', 'ASSESSMENT'],
    [5, 'Collaboration & communication', 'INTERVIEW'],
    [6, 'Problem solving & debugging', 'INTERVIEW'],
    [7, 'Culture fit', 'INTERVIEW'],
    [8, 'References & background check', 'CHECK'],
    [9, 'Offer', 'OFFER'],
  ])
  t.ok(job.plan.every((s: StageJson) => s.templateId === null), 'with no organisation templates in the database, stages have no template')
  t.equal(job.plan[1].requiredScorecards, 2, 'interviews need two scorecards')
  const audit = await app.db.auditEvent.findFirst({ where: { entityId: job.id, action: 'job.created' } })
  t.equal(audit?.actorId, recruiter.id, 'the creation is audited with who did it')
})

t.test('the lean plan is resume review, technical interview, portfolio and references, then the offer', async (t) => {
  const job = await createJob(app, recruiter, { plan: { preset: 'lean' } })
  t.same(job.plan.map((s) => s.name), ['Resume review', 'Technical interview', 'Portfolio / work samples', 'References & background check', 'Offer'])
})

t.test('a job may bring its own stages, in its own order and with its own settings', async (t) => {
  const stages = [
    { name: 'Phone screen', kind: 'INTERVIEW', requiredScorecards: 1, slaDays: 2 },
    { name: 'Take-home', kind: 'ASSESSMENT', requiredScorecards: 2 },
    { name: 'Offer', kind: 'OFFER', requiredScorecards: 0 },
  ]
  const job = await createJob(app, recruiter, { plan: { stages } })
  t.same(job.plan.map((s) => [s.position, s.name, s.kind, s.requiredScorecards, s.slaDays]), [
    [1, 'Phone screen', 'INTERVIEW', 1, 2],
    [2, 'Take-home', 'ASSESSMENT', 2, null],
    [3, 'Offer', 'OFFER', 0, null],
  ])
})

t.test('stages of a default plan use the organisation-wide templates when the seed has created them', async (t) => {
  const created = new Map<string, { id: string; lineageId: string }>()
  for (const template of defaultTemplates) {
    const row = await app.db.scorecardTemplate.create({ data: { lineageId: crypto.randomUUID(), name: template.name }, select: { id: true, lineageId: true } })
    created.set(template.name, row)
  }
  // An admin has since edited one: a new version of the same lineage, renamed.
  const technical = created.get('Technical interview')!
  const edited = await app.db.scorecardTemplate.create({ data: { lineageId: technical.lineageId, version: 2, name: 'Technical interview (2026)' }, select: { id: true } })

  const job = await createJob(app, recruiter)
  t.equal(job.plan[0]!.templateId, created.get('Resume review')!.id)
  t.equal(job.plan[1]!.templateId, edited.id, 'the newest version of a default template is used')
  t.equal(job.plan[7]!.templateId, created.get('References & background check')!.id)
  t.equal(job.plan[8]!.templateId, null, 'the offer is decided without a scorecard')
  const custom = await createJob(app, recruiter, { plan: { stages: [{ name: 'Chat', kind: 'INTERVIEW', requiredScorecards: 1, templateId: created.get('Culture fit')!.id }] } })
  t.equal(custom.plan[0]!.templateId, created.get('Culture fit')!.id, 'a custom stage names the template it uses')
})

t.test('the team and notification settings are saved with the job', async (t) => {
  const job = await createJob(app, recruiter, {
    team: [{ userId: recruiter.id, role: 'RECRUITER' }, { userId: manager.id, role: 'HIRING_MANAGER' }, { userId: interviewer.id, role: 'INTERVIEWER' }],
    stageMovedEmails: true, rejectionEmailDelayHours: 12, scorecardReminderHours: 6, scorecardEscalationHours: 30,
  })
  t.same(new Set(job.team.map((m) => `${m.userId}:${m.role}`)), new Set([`${recruiter.id}:RECRUITER`, `${manager.id}:HIRING_MANAGER`, `${interviewer.id}:INTERVIEWER`]))
  t.match(job, { stageMovedEmails: true, rejectionEmailDelayHours: 12, scorecardReminderHours: 6, scorecardEscalationHours: 30 })
})

t.test('bad requests are refused with a problem, and nothing is written', async (t) => {
  const stranger = crypto.randomUUID()
  const inactive = await createUser(app, 'INTERVIEWER')
  await app.db.user.update({ where: { id: inactive.id }, data: { active: false } })
  const offer = { name: 'Offer', kind: 'OFFER', requiredScorecards: 0 }
  const cases: { why: string; body: object; status: number; type: string; pointer?: string }[] = [
    { why: 'an unknown stage kind', body: { plan: { stages: [{ name: 'Vibe check', kind: 'VIBES', requiredScorecards: 0 }] } }, status: 400, type: 'validation-error' },
    { why: 'an empty plan', body: { plan: { stages: [] } }, status: 400, type: 'validation-error' },
    { why: 'an unknown property', body: { salary: 100 }, status: 400, type: 'validation-error', pointer: '/body/salary' },
    { why: 'a NUL character, which PostgreSQL text cannot hold', body: { location: 'Lon\u0000don' }, status: 400, type: 'validation-error', pointer: '/body/location' },
    { why: 'a urn:uuid team user id', body: { team: [{ userId: `urn:uuid:${manager.id}`, role: 'HIRING_MANAGER' }] }, status: 400, type: 'validation-error', pointer: '/body/team/0/userId' },
    { why: 'an offer that is not last', body: { plan: { stages: [offer, { name: 'Chat', kind: 'INTERVIEW', requiredScorecards: 1 }] } }, status: 400, type: 'validation-error', pointer: '/body/plan/stages/0/kind' },
    { why: 'two stages with one name', body: { plan: { stages: [{ name: 'Chat', kind: 'INTERVIEW', requiredScorecards: 1 }, { name: 'chat', kind: 'REVIEW', requiredScorecards: 1 }] } }, status: 400, type: 'validation-error', pointer: '/body/plan/stages/1/name' },
    { why: 'a blank stage name', body: { plan: { stages: [{ name: '   ', kind: 'OFFER', requiredScorecards: 0 }] } }, status: 400, type: 'validation-error', pointer: '/body/plan/stages/0/name' },
    { why: 'an escalation before the reminder', body: { scorecardReminderHours: 48, scorecardEscalationHours: 24 }, status: 400, type: 'validation-error', pointer: '/body/scorecardEscalationHours' },
    { why: 'a user twice on the team', body: { team: [{ userId: manager.id, role: 'HIRING_MANAGER' }, { userId: manager.id, role: 'INTERVIEWER' }] }, status: 400, type: 'validation-error', pointer: '/body/team/1/userId' },
    { why: 'an unknown team user', body: { team: [{ userId: stranger, role: 'INTERVIEWER' }] }, status: 404, type: 'not-found' },
    { why: 'an unknown template', body: { plan: { stages: [{ name: 'Chat', kind: 'INTERVIEW', requiredScorecards: 1, templateId: stranger }] } }, status: 404, type: 'not-found' },
    { why: 'a deactivated team user', body: { team: [{ userId: inactive.id, role: 'INTERVIEWER' }] }, status: 409, type: 'conflict' },
    { why: 'an interviewer account as hiring manager', body: { team: [{ userId: interviewer.id, role: 'HIRING_MANAGER' }] }, status: 409, type: 'conflict' },
    { why: 'a hiring manager account as recruiter', body: { team: [{ userId: manager.id, role: 'RECRUITER' }] }, status: 409, type: 'conflict' },
  ]
  for (const c of cases) {
    const before = await rowCounts(app)
    const res = await as.post('/jobs', { title: 'Refused', ...c.body })
    const problem = assertProblem(t, res, c.status, c.type)
    if (c.pointer) t.ok(problem.errors?.some((e) => e.pointer === c.pointer), `${c.why}: the problem points at ${c.pointer}`)
    t.same(await rowCounts(app), before, `${c.why}: no row is written`)
  }
  const rule = assertProblem(t, await as.post('/jobs', { title: 'x', team: [{ userId: interviewer.id, role: 'HIRING_MANAGER' }] }), 409)
  t.match(rule.detail, /HIRING_MANAGER team member needs an account with role ADMIN or HIRING_MANAGER/, 'the conflict names the rule')
})

t.test('only admins and recruiters create jobs', async (t) => {
  const admin = await createUser(app, 'ADMIN')
  t.equal((await api(app, admin).post('/jobs', { title: 'By an admin' })).statusCode, 201)
  for (const user of [manager, interviewer]) {
    const before = await rowCounts(app)
    assertProblem(t, await api(app, user).post('/jobs', { title: 'Not mine to make' }), 403, 'forbidden')
    t.same(await rowCounts(app), before)
  }
})
