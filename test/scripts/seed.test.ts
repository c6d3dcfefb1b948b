// `npm run seed` loads the demo data once, the demo admin can log in with it,
// and it never writes over other data without an explicit flag.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { createPrismaClient } from '../../src/db/client.ts'
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../scripts/lib/seed/demo-staff.ts'
import { deleteRedisKeys } from '../helpers/app.ts'
import { testConfig } from '../helpers/config.ts'
import { createTestDatabase } from '../helpers/database.ts'
import { runScript } from './run-script.ts'

const database = await createTestDatabase()
const config = testConfig(database.url)
const db = createPrismaClient(config)
t.teardown(async () => {
  await db.$disconnect()
  await database.drop()
})

const seed = (args: string[] = [], url = database.url, env: Record<string, string> = {}) =>
  runScript('scripts/seed.ts', args, { DATABASE_URL: url, NODE_ENV: 'development', ...env })
const counts = async () => ({
  users: await db.user.count(), templates: await db.scorecardTemplate.count(), attributes: await db.scorecardAttribute.count(),
  jobs: await db.job.count(), stages: await db.stage.count(), team: await db.hiringTeamMember.count(),
  candidates: await db.candidate.count(), applications: await db.application.count(), transitions: await db.stageTransition.count(),
})

t.test('the first run loads staff, templates, two jobs and thirty candidates across the stages', async (t) => {
  const run = await seed()
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, `e-mail:   ${DEMO_ADMIN_EMAIL}`, 'prints the demo admin e-mail')
  t.match(run.stdout, `password: ${DEMO_PASSWORD}`, 'and the demo password')
  const seeded = await counts()
  t.match(seeded, { users: 5, templates: 8, jobs: 2, stages: 9 + 5, team: 7, candidates: 30, applications: 30 })
  t.same((await db.user.groupBy({ by: ['role'], _count: true, orderBy: { role: 'asc' } })).map((g) => [g.role, g._count]),
    [['ADMIN', 1], ['RECRUITER', 1], ['HIRING_MANAGER', 1], ['INTERVIEWER', 2]])
  t.ok(seeded.attributes >= 8 * 3, `templates have their attributes (${seeded.attributes})`)

  const jobs = await db.job.findMany({ include: { stages: { orderBy: { position: 'asc' } } }, orderBy: { openedAt: 'asc' } })
  t.same(jobs.map((j) => j.stages.length), [9, 5], 'one job on the default plan, one on the lean plan')
  t.ok(jobs.every((j) => j.stages.every((s, i) => s.position === i + 1)), 'stage positions are 1, 2, 3…')
  t.ok(jobs.every((j) => j.stages.every((s) => (s.kind === 'OFFER') === (s.templateId === null))), 'every stage but the offer has a template')

  const applications = await db.application.findMany({ include: { transitions: { orderBy: { createdAt: 'asc' } } } })
  const byStatus = (status: string) => applications.filter((a) => a.status === status)
  t.equal(byStatus('HIRED').length, 1, 'one hire')
  t.ok(byStatus('REJECTED').length >= 3, 'some rejections')
  t.ok(byStatus('REJECTED').every((a) => a.rejectionReason && a.rejectionNote && a.closedAt), 'each with a structured reason, a note and a close date')
  t.ok(new Set(applications.map((a) => a.stageId)).size >= 10, 'spread across the stages of both jobs')
  t.equal(seeded.transitions, applications.reduce((sum, a) => sum + a.version, 0), 'one transition per change (version)')
  for (const a of applications) {
    const [first, last] = [a.transitions[0]!, a.transitions.at(-1)!]
    if (first.kind !== 'APPLIED' || last.toStageId !== a.stageId || last.toStatus !== a.status || last.createdAt > new Date()) {
      t.fail(`application ${a.id}: its transitions do not lead to its stage and status`)
    }
  }
  t.pass('every application\'s transitions start with APPLIED and end at its current stage and status')
})

t.test('the demo admin logs in through the API with the printed credentials', async (t) => {
  const app = await buildApp(config, { fastify: { logger: false } })
  t.teardown(async () => {
    await app.close()
    await deleteRedisKeys(config)
  })
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: DEMO_ADMIN_EMAIL, password: DEMO_PASSWORD } })
  t.equal(login.statusCode, 200, login.body)
  const me = await app.inject({ url: '/auth/me', headers: { authorization: `Bearer ${login.json().accessToken}` } })
  t.match(me.json(), { email: DEMO_ADMIN_EMAIL, role: 'ADMIN' })
})

t.test('a second run finds the demo admin and changes nothing', async (t) => {
  const before = await counts()
  const run = await seed()
  t.equal(run.code, 0)
  t.match(run.stdout, /already in .*nothing to do/)
  t.same(await counts(), before)
})

t.test('--reset without --yes-delete-everything refuses and deletes nothing', async (t) => {
  const before = await counts()
  const run = await seed(['--reset'])
  t.equal(run.code, 3)
  t.match(run.stderr, /Refusing to reset.*--yes-delete-everything/)
  t.same(await counts(), before)
})

t.test('--reset --yes-delete-everything replaces everything with fresh demo data', async (t) => {
  const before = await counts()
  const oldAdmin = await db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } })
  await db.user.create({ data: { email: 'someone@example.test', name: 'Someone', role: 'RECRUITER', passwordHash: 'x' } })
  const run = await seed(['--reset', '--yes-delete-everything'])
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, /Deleted every row from \d+ tables/)
  t.same(await counts(), before, 'the same demo data again')
  t.equal(await db.user.count({ where: { email: 'someone@example.test' } }), 0, 'the other user is gone')
  t.not((await db.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } })).id, oldAdmin.id, 'the admin is a new row')
})
