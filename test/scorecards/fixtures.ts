// A hiring team scoring one application, built through the API where the API
// exists (jobs, teams, applications) and written directly where it does not yet
// (the seeded default templates, interviews).
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { generateDefaultTemplates } from '../../scripts/lib/seed/templates.ts'
import type { HiringTeamRole } from '../../src/generated/prisma/enums.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'

/** Generous enough for a file that logs in a few dozen users. */
export const manyLogins = { LOGIN_RATE_LIMIT_MAX: '100000' }

export const api = (app: FastifyInstance, user: TestUser) => ({
  get: (url: string) => app.inject({ method: 'GET', url, headers: bearer(user) }),
  post: (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: bearer(user), ...(payload ? { payload } : {}) }),
  patch: (url: string, payload: object) => app.inject({ method: 'PATCH', url, headers: bearer(user), payload }),
  put: (url: string, payload: object) => app.inject({ method: 'PUT', url, headers: bearer(user), payload }),
})

/** The organisation-wide default templates, as the seed writes them. */
export async function seedDefaultTemplates(app: FastifyInstance, adminId: string) {
  const rows = generateDefaultTemplates(adminId, new Date())
  await app.db.scorecardTemplate.createMany({ data: rows.templates })
  await app.db.scorecardAttribute.createMany({ data: rows.attributes })
  return rows.templateIds
}

export async function ok<T = Record<string, unknown>>(res: LightMyRequestResponse | Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const r = await res
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode}: ${r.body}`)
  return r.json() as T
}

interface StageJson {
  id: string
  name: string
  templateId: string | null
}

/** An open job with the default plan and the given team, through the jobs API. */
export async function openJob(app: FastifyInstance, recruiter: TestUser, team: Array<{ user: { id: string }; role: HiringTeamRole }>) {
  const as = api(app, recruiter)
  const job = await ok<{ id: string; plan: StageJson[] }>(
    as.post('/jobs', { title: 'Back-end developer', team: team.map((m) => ({ userId: m.user.id, role: m.role })) }),
    201,
  )
  await ok(as.post(`/jobs/${job.id}/open`))
  const stage = (name: string) => job.plan.find((s) => s.name === name)!
  return { id: job.id, plan: job.plan, stage }
}

/** An application placed in the given stage through the applications API. */
export async function applyTo(app: FastifyInstance, recruiter: TestUser, jobId: string, stageId: string) {
  const candidate = await app.db.candidate.create({ data: { firstName: 'Grace', lastName: 'Hopper', email: `cand.${randomUUID()}@example.test` }, select: { id: true } })
  return ok<{ id: string; stageId: string }>(api(app, recruiter).post('/applications', { candidateId: candidate.id, jobId, stageId }), 201)
}

/** An interview of the application at the stage, with the given panel (the scheduling API is another issue's). */
let interviewsAdded = 0

export async function addInterview(app: FastifyInstance, applicationId: string, stageId: string, panel: Array<{ id: string }>, status: 'SCHEDULED' | 'COMPLETED' | 'CANCELLED' = 'COMPLETED') {
  // Each one an hour and a minute before the last: no interviewer is in two at once (the exclusion constraint).
  const endsAt = new Date(Date.now() - 3600_000 - interviewsAdded++ * 61 * 60_000)
  const startsAt = new Date(endsAt.getTime() - 3600_000)
  return app.db.interview.create({
    data: {
      applicationId, stageId, status, startsAt, endsAt, timeZone: 'UTC', icalUid: `${randomUUID()}@shortlist.test`,
      panel: { create: panel.map((u) => ({ userId: u.id, startsAt, endsAt })) },
    },
    select: { id: true },
  })
}

/**
 * The cast of the blind-visibility story: two interviewers and a hiring manager
 * on one job, its recruiter, an admin, and an interviewer of another job.
 */
export async function hiringTeam(app: FastifyInstance) {
  const [admin, recruiter, manager, first, second, outsider, managerAsInterviewer] = [
    await createUser(app, 'ADMIN', 'admin'),
    await createUser(app, 'RECRUITER', 'recruiter'),
    await createUser(app, 'HIRING_MANAGER', 'manager'),
    await createUser(app, 'INTERVIEWER', 'first'),
    await createUser(app, 'INTERVIEWER', 'second'),
    await createUser(app, 'INTERVIEWER', 'outsider'),
    await createUser(app, 'HIRING_MANAGER', 'manager-as-interviewer'),
  ]
  return { admin, recruiter, manager, first, second, outsider, managerAsInterviewer }
}

export type Team = Awaited<ReturnType<typeof hiringTeam>>

/** Row counts of everything a scorecard write touches: compared before and after a refused request. */
export async function scorecardRows(app: FastifyInstance) {
  const [scorecards, ratings, revisions, views, audit, outbox, templates, attributes] = await Promise.all([
    app.db.scorecard.count(), app.db.scorecardRating.count(), app.db.scorecardRevision.count(), app.db.scorecardView.count(),
    app.db.auditEvent.count(), app.db.outboxEvent.count(), app.db.scorecardTemplate.count(), app.db.scorecardAttribute.count(),
  ])
  const states = await app.db.scorecard.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true, recommendation: true, answers: true, revision: true, updatedAt: true } })
  return { scorecards, ratings, revisions, views, audit, outbox, templates, attributes, states }
}

/** The technical interview template's attributes: a complete, valid set of ratings. */
export const technicalRatings = (rating: number | null) =>
  ['server-side-language', 'databases-sql', 'restful-apis', 'backend-frameworks', 'security-owasp', 'session-management', 'problem-solving', 'technical-communication']
    .map((attributeKey) => ({ attributeKey, rating }))

export const completeCard = { recommendation: 3, answers: { 'coding-problem': 'Rate limiter; solved with a token bucket.' } }

/** The team, seeded templates, an open job with the default plan, and one application at its technical interview with a panel of two. */
export async function scoringWorld(app: FastifyInstance) {
  const team = await hiringTeam(app)
  const { admin, recruiter, manager, first, second, outsider, managerAsInterviewer } = team
  await seedDefaultTemplates(app, admin.id)
  const job = await openJob(app, recruiter, [
    { user: manager, role: 'HIRING_MANAGER' }, { user: recruiter, role: 'RECRUITER' },
    { user: first, role: 'INTERVIEWER' }, { user: second, role: 'INTERVIEWER' }, { user: managerAsInterviewer, role: 'INTERVIEWER' },
  ])
  const otherJob = await openJob(app, recruiter, [{ user: outsider, role: 'INTERVIEWER' }])
  const technical = job.stage('Technical interview')
  const newApplication = () => applyTo(app, recruiter, job.id, technical.id)
  return { team, job, otherJob, technical, newApplication }
}
