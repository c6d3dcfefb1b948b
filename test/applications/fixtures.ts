// Rows the application tests need, written straight into the test's database:
// the jobs and candidates APIs are built elsewhere and are not under test here.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { HiringTeamRole, StageKind } from '../../src/generated/prisma/enums.ts'
import { bearer, type TestUser } from '../helpers/users.ts'

/** Generous enough for a file that logs in a few dozen users. */
export const manyLogins = { LOGIN_RATE_LIMIT_MAX: '100000' }

export interface StageSpec {
  name: string
  kind: StageKind
  requiredScorecards?: number
}

/** The default plan of DOMAIN.md: eight steps and the offer, with scorecards required where people judge. */
export const defaultPlan: StageSpec[] = [
  { name: 'Resume review', kind: 'REVIEW', requiredScorecards: 1 },
  { name: 'Technical interview', kind: 'INTERVIEW', requiredScorecards: 2 },
  { name: 'Portfolio / work samples', kind: 'REVIEW', requiredScorecards: 1 },
  { name: 'Domain skills assessment', kind: 'ASSESSMENT', requiredScorecards: 1 },
  { name: 'Collaboration & communication', kind: 'INTERVIEW', requiredScorecards: 1 },
  { name: 'Problem solving & debugging', kind: 'INTERVIEW', requiredScorecards: 1 },
  { name: 'Culture fit', kind: 'INTERVIEW', requiredScorecards: 1 },
  { name: 'References & background check', kind: 'CHECK', requiredScorecards: 0 },
  { name: 'Offer', kind: 'OFFER', requiredScorecards: 0 },
]

/** A plan that asks for no scorecards, for tests about something else. */
export const plainPlan: StageSpec[] = defaultPlan.map((s) => ({ ...s, requiredScorecards: 0 }))

export interface JobOptions {
  status?: 'DRAFT' | 'OPEN' | 'CLOSED'
  plan?: StageSpec[]
  team?: Array<{ user: { id: string }; role: HiringTeamRole }>
  stageMovedEmails?: boolean
  rejectionEmailDelayHours?: number
}

export async function createJob(app: FastifyInstance, options: JobOptions = {}) {
  const job = await app.db.job.create({
    data: {
      title: `Back-end developer ${randomUUID().slice(0, 6)}`,
      status: options.status ?? 'OPEN',
      stageMovedEmails: options.stageMovedEmails ?? false,
      rejectionEmailDelayHours: options.rejectionEmailDelayHours ?? 48,
      stages: { create: (options.plan ?? defaultPlan).map((s, i) => ({ position: i + 1, name: s.name, kind: s.kind, requiredScorecards: s.requiredScorecards ?? 0 })) },
      team: { create: (options.team ?? []).map((m) => ({ userId: m.user.id, role: m.role })) },
    },
    select: { id: true, title: true, stages: { orderBy: { position: 'asc' }, select: { id: true, name: true, kind: true, position: true } } },
  })
  return job
}

export async function createCandidate(app: FastifyInstance, data: { skills?: string[]; source?: string; firstName?: string; emailOptOut?: boolean } = {}) {
  return app.db.candidate.create({
    data: {
      email: `cand.${randomUUID()}@example.test`,
      firstName: data.firstName ?? 'Ada',
      lastName: 'Lovelace',
      skills: data.skills ?? [],
      source: data.source ?? null,
      emailOptOut: data.emailOptOut ?? false,
    },
    select: { id: true },
  })
}

const templates = new WeakMap<FastifyInstance, Promise<{ id: string }>>()

/** Submitted (or draft) scorecards for an application's stage, as the scorecards issue will write them, one author each. */
export async function addScorecards(
  app: FastifyInstance,
  applicationId: string,
  stageId: string,
  recommendations: Array<number | null>,
  options: { status?: 'SUBMITTED' | 'DRAFT'; authorIds?: string[] } = {},
) {
  let template = templates.get(app)
  if (!template) {
    template = app.db.scorecardTemplate.create({ data: { lineageId: randomUUID(), name: 'Interview' }, select: { id: true } })
    templates.set(app, template)
  }
  const { id: templateId } = await template
  const status = options.status ?? 'SUBMITTED'
  const ids: string[] = []
  for (const [i, recommendation] of recommendations.entries()) {
    const authorId = options.authorIds?.[i] ?? (await scorecardAuthor(app))
    const card = await app.db.scorecard.create({
      data: { applicationId, stageId, templateId, authorId, status, recommendation, submittedAt: status === 'SUBMITTED' ? new Date() : null, revision: status === 'SUBMITTED' ? 1 : 0 },
      select: { id: true },
    })
    ids.push(card.id)
  }
  return ids
}

async function scorecardAuthor(app: FastifyInstance) {
  const user = await app.db.user.create({
    data: { email: `author.${randomUUID()}@example.test`, name: 'Author', role: 'INTERVIEWER', passwordHash: 'not-a-login' },
    select: { id: true },
  })
  return user.id
}

// ─── HTTP ───

export const apply = (app: FastifyInstance, user: TestUser, body: object) =>
  app.inject({ method: 'POST', url: '/applications', headers: bearer(user), payload: body })

export const read = (app: FastifyInstance, user: TestUser, id: string) => app.inject({ method: 'GET', url: `/applications/${id}`, headers: bearer(user) })

export const moveReq = (app: FastifyInstance, user: TestUser, id: string, version: number | string | null, body: object) =>
  app.inject({
    method: 'POST',
    url: `/applications/${id}/moves`,
    headers: { ...bearer(user), ...(version === null ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version }) },
    payload: body,
  })

/** Applies and returns the created application, failing loudly otherwise. */
export async function applied(app: FastifyInstance, user: TestUser, body: { candidateId: string; jobId: string; stageId?: string }) {
  const res = await apply(app, user, body)
  if (res.statusCode !== 201) throw new Error(`apply failed: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; version: number; stageId: string; status: string }
}

/** Moves and returns the new state, failing loudly otherwise. */
export async function moved(app: FastifyInstance, user: TestUser, id: string, version: number, body: object) {
  const res = await moveReq(app, user, id, version, body)
  if (res.statusCode !== 200) throw new Error(`move failed: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; version: number; stageId: string; status: string; transition: { id: string; kind: string; overridden: boolean } }
}

/** Counts of the rows a move writes, to show a refusal wrote none. */
export async function writtenRows(app: FastifyInstance) {
  const [transitions, audits, outbox, applications] = await Promise.all([
    app.db.stageTransition.count(),
    app.db.auditEvent.count(),
    app.db.outboxEvent.count(),
    app.db.application.findMany({ select: { id: true, version: true, status: true, stageId: true }, orderBy: { id: 'asc' } }),
  ])
  return { transitions, audits, outbox, applications }
}

export function problemOf(res: LightMyRequestResponse) {
  return { status: res.statusCode, type: res.headers['content-type'], detail: (res.json() as { detail?: string }).detail ?? '' }
}
