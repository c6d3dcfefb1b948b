// Rows the aggregate, decision and worklist tests need, written straight into
// the test's database: templates, scorecards and interviews are another part
// of the API, so their rows are made here as the scorecards service stores them
// (SUBMITTED with submittedAt, ratings 1..4 or null for "no opinion").
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { AttributeSection, HiringTeamRole, StageKind } from '../../src/generated/prisma/enums.ts'

export interface AttributeSpec {
  key: string
  weight: number
  section?: AttributeSection
}

export interface Template {
  id: string
  attributeIds: Map<string, string>
}

export async function createTemplate(app: FastifyInstance, attributes: AttributeSpec[], name = 'Technical interview'): Promise<Template> {
  const template = await app.db.scorecardTemplate.create({
    data: {
      lineageId: randomUUID(),
      name,
      attributes: {
        create: attributes.map((a, i) => ({ key: a.key, name: `Attribute ${a.key}`, section: a.section ?? 'TECHNICAL', weight: a.weight, position: i + 1 })),
      },
    },
    select: { id: true, attributes: { select: { id: true, key: true } } },
  })
  return { id: template.id, attributeIds: new Map(template.attributes.map((a) => [a.key, a.id])) }
}

export interface StageSpec {
  name: string
  kind?: StageKind
  requiredScorecards?: number
  template?: Template
}

export interface JobSpec {
  stages: StageSpec[]
  team?: Array<{ user: { id: string }; role: HiringTeamRole }>
  status?: 'DRAFT' | 'OPEN' | 'CLOSED'
  scorecardReminderHours?: number
  scorecardEscalationHours?: number
}

export async function createJob(app: FastifyInstance, spec: JobSpec) {
  return app.db.job.create({
    data: {
      title: `Back-end developer ${randomUUID().slice(0, 6)}`,
      status: spec.status ?? 'OPEN',
      scorecardReminderHours: spec.scorecardReminderHours ?? 24,
      scorecardEscalationHours: spec.scorecardEscalationHours ?? 72,
      stages: {
        create: spec.stages.map((s, i) => ({
          position: i + 1, name: s.name, kind: s.kind ?? 'INTERVIEW', requiredScorecards: s.requiredScorecards ?? 0, templateId: s.template?.id ?? null,
        })),
      },
      team: { create: (spec.team ?? []).map((m) => ({ userId: m.user.id, role: m.role })) },
    },
    select: { id: true, stages: { orderBy: { position: 'asc' }, select: { id: true, name: true } } },
  })
}

/** An application in a stage, with its candidate. */
export async function createApplication(
  app: FastifyInstance,
  jobId: string,
  stageId: string,
  options: { status?: 'ACTIVE' | 'REJECTED'; firstName?: string; stageEnteredAt?: Date } = {},
) {
  const candidate = await app.db.candidate.create({
    data: { email: `cand.${randomUUID()}@example.test`, firstName: options.firstName ?? 'Ada', lastName: 'Lovelace' },
    select: { id: true },
  })
  const status = options.status ?? 'ACTIVE'
  return app.db.application.create({
    data: {
      candidateId: candidate.id, jobId, stageId, status,
      ...(status === 'REJECTED' ? { rejectionReason: 'NOT_QUALIFIED' as const, closedAt: new Date() } : {}),
      ...(options.stageEnteredAt ? { stageEnteredAt: options.stageEnteredAt } : {}),
    },
    select: { id: true, version: true, candidateId: true },
  })
}

/** An assessor who never logs in (the aggregates only need their id). */
export async function createAssessor(app: FastifyInstance, role: 'INTERVIEWER' | 'HIRING_MANAGER' = 'INTERVIEWER') {
  return app.db.user.create({
    data: { email: `assessor.${randomUUID()}@example.test`, name: 'Assessor', role, passwordHash: 'not-a-login' },
    select: { id: true },
  })
}

export interface ScorecardSpec {
  applicationId: string
  stageId: string
  template: Template
  authorId: string
  recommendation: number | null
  /** attribute key → rating (null = "no opinion"); keys left out are not rated at all. */
  ratings?: Record<string, number | null>
  status?: 'SUBMITTED' | 'DRAFT'
  submittedAt?: Date
  interviewId?: string
}

export async function addScorecard(app: FastifyInstance, spec: ScorecardSpec): Promise<string> {
  const status = spec.status ?? 'SUBMITTED'
  const card = await app.db.scorecard.create({
    data: {
      applicationId: spec.applicationId, stageId: spec.stageId, templateId: spec.template.id, authorId: spec.authorId, status,
      recommendation: spec.recommendation, interviewId: spec.interviewId ?? null,
      submittedAt: status === 'SUBMITTED' ? (spec.submittedAt ?? new Date()) : null, revision: status === 'SUBMITTED' ? 1 : 0,
      ratings: {
        create: Object.entries(spec.ratings ?? {}).map(([key, rating]) => {
          const attributeId = spec.template.attributeIds.get(key)
          if (!attributeId) throw new Error(`attribute ${key} is not on the template`)
          return { attributeId, rating }
        }),
      },
    },
    select: { id: true },
  })
  return card.id
}

/** An interview with a panel, at the times given. */
export async function addInterview(
  app: FastifyInstance,
  spec: { applicationId: string; stageId: string; panel: string[]; endsAt: Date; status?: 'SCHEDULED' | 'COMPLETED' | 'CANCELLED' | 'NO_SHOW' },
) {
  const startsAt = new Date(spec.endsAt.getTime() - 3_600_000)
  const interview = await app.db.interview.create({
    data: {
      applicationId: spec.applicationId, stageId: spec.stageId, status: spec.status ?? 'SCHEDULED', startsAt, endsAt: spec.endsAt, timeZone: 'UTC',
      icalUid: `${randomUUID()}@shortlist.test`,
      // A cancelled interview's panel is free again, as the interviews service leaves it.
      panel: { create: spec.panel.map((userId) => ({ userId, startsAt, endsAt: spec.endsAt, active: spec.status !== 'CANCELLED' })) },
    },
    select: { id: true },
  })
  return interview.id
}
