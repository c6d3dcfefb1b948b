import { Type, type Static, type TSchema } from 'typebox'
import { PageQuery } from './pagination.ts'
import { Uuid } from './common.ts'

/**
 * `type: [T, 'null']` rather than `anyOf: [T, null]`: with Ajv's coerceTypes on,
 * anyOf coerces a null to "" (or 0) in its first branch before the null branch
 * is tried, so `{ location: null }` would store an empty string.
 */
const nullable = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] })

export const JobStatusName = Type.Union([Type.Literal('DRAFT'), Type.Literal('OPEN'), Type.Literal('CLOSED')], { description: 'DRAFT, OPEN or CLOSED' })
export const StageKindName = Type.Union(
  [Type.Literal('REVIEW'), Type.Literal('INTERVIEW'), Type.Literal('ASSESSMENT'), Type.Literal('CHECK'), Type.Literal('OFFER')],
  { description: 'REVIEW, INTERVIEW, ASSESSMENT, CHECK or OFFER' },
)
export const TeamRoleName = Type.Union([Type.Literal('RECRUITER'), Type.Literal('HIRING_MANAGER'), Type.Literal('INTERVIEWER')], {
  description: 'RECRUITER, HIRING_MANAGER or INTERVIEWER',
})
const PresetName = Type.Union([Type.Literal('default'), Type.Literal('lean')], { description: 'default (eight stages and the offer) or lean' })

// PostgreSQL text cannot hold a NUL character: refuse it at the door (400), not at the insert (500).
const NO_NUL = '^[^\\u0000]*$'
const text = (options: { minLength?: number; maxLength: number; description?: string }) => Type.String({ ...options, pattern: NO_NUL })

export const JobIdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

const Title = text({ minLength: 1, maxLength: 200 })
const ShortText = text({ maxLength: 200 })
const Description = text({ maxLength: 20_000 })

// ───────────── the assessment plan ─────────────

const stageSettings = {
  name: text({ minLength: 1, maxLength: 120 }),
  kind: StageKindName,
  templateId: Type.Optional(nullable(Uuid)),
  requiredScorecards: Type.Integer({ minimum: 0, maximum: 20, description: 'Submitted scorecards needed before a decision' }),
  slaDays: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: 365 }))),
}
const MAX_STAGES = 30

export const NewStage = Type.Object(stageSettings, { additionalProperties: false })

export const PlanChoice = Type.Union(
  [
    Type.Object({ preset: PresetName }, { additionalProperties: false }),
    Type.Object({ stages: Type.Array(NewStage, { minItems: 1, maxItems: MAX_STAGES }) }, { additionalProperties: false }),
  ],
  { description: 'A preset plan, or your own ordered stages. The default preset when omitted.' },
)

/** A stage in a plan edit: existing stages carry their id, new ones have none. */
export const PlanStageInput = Type.Object({ id: Type.Optional(Uuid), ...stageSettings }, { additionalProperties: false })

export const RemovedStage = Type.Object(
  {
    id: Uuid,
    moveApplicationsTo: Uuid,
    reason: text({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false, description: 'Where the active applications of a removed stage go, and why' },
)

export const ReplacePlanBody = Type.Object(
  {
    stages: Type.Array(PlanStageInput, { minItems: 1, maxItems: MAX_STAGES, description: 'The whole plan, in order; a current stage left out is removed' }),
    removedStages: Type.Optional(Type.Array(RemovedStage, { maxItems: MAX_STAGES })),
  },
  { additionalProperties: false },
)

export const Stage = Type.Object({
  id: Uuid,
  position: Type.Integer({ description: '1 for the first stage; dense' }),
  name: Type.String(),
  kind: StageKindName,
  templateId: nullable(Uuid),
  requiredScorecards: Type.Integer(),
  slaDays: nullable(Type.Integer()),
  activeApplications: Type.Integer(),
})

export const Plan = Type.Object({ jobId: Uuid, stages: Type.Array(Stage) })

// ───────────── the hiring team ─────────────

export const TeamMemberInput = Type.Object({ userId: Uuid, role: TeamRoleName }, { additionalProperties: false })
const TeamInput = Type.Array(TeamMemberInput, { maxItems: 100 })
export const ReplaceTeamBody = Type.Object({ team: TeamInput }, { additionalProperties: false })

export const TeamMember = Type.Object({ userId: Uuid, name: Type.String(), role: TeamRoleName })
export const Team = Type.Object({ team: Type.Array(TeamMember) })

// ───────────── the job ─────────────

const notificationSettings = {
  stageMovedEmails: Type.Optional(Type.Boolean({ description: 'E-mail candidates when they move stage' })),
  rejectionEmailDelayHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720 })),
  scorecardReminderHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  scorecardEscalationHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 2160 })),
}

export const CreateJobBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(nullable(Description)),
    department: Type.Optional(nullable(ShortText)),
    location: Type.Optional(nullable(ShortText)),
    plan: Type.Optional(PlanChoice),
    team: Type.Optional(TeamInput),
    ...notificationSettings,
  },
  { additionalProperties: false },
)

export const UpdateJobBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(nullable(Description)),
    department: Type.Optional(nullable(ShortText)),
    location: Type.Optional(nullable(ShortText)),
    ...notificationSettings,
  },
  { additionalProperties: false, minProperties: 1 },
)

const jobFields = {
  id: Uuid,
  title: Type.String(),
  description: nullable(Type.String()),
  department: nullable(Type.String()),
  location: nullable(Type.String()),
  status: JobStatusName,
  openedAt: nullable(Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })),
  closedAt: nullable(Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })),
  createdById: nullable(Uuid),
  stageMovedEmails: Type.Boolean(),
  rejectionEmailDelayHours: Type.Integer(),
  scorecardReminderHours: Type.Integer(),
  scorecardEscalationHours: Type.Integer(),
  createdAt: Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' }),
  updatedAt: Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' }),
}

export const JobSummary = Type.Object(jobFields)
export const Job = Type.Object({ ...jobFields, team: Type.Array(TeamMember), plan: Type.Array(Stage) })

export const ListJobsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Type.Array(JobStatusName, { maxItems: 3, description: 'Repeat to match any of several' })),
    createdAfter: Type.Optional(Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })),
    createdBefore: Type.Optional(Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })),
    q: Type.Optional(text({ minLength: 1, maxLength: 200, description: 'Part of the title, any letter case' })),
  },
  { additionalProperties: false },
)

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 200, description: 'The plan ETag you last read; 412 when the plan has changed since' })),
})

export type CreateJobBody = Static<typeof CreateJobBody>
export type UpdateJobBody = Static<typeof UpdateJobBody>
export type PlanChoice = Static<typeof PlanChoice>
export type NewStage = Static<typeof NewStage>
export type PlanStageInput = Static<typeof PlanStageInput>
export type RemovedStage = Static<typeof RemovedStage>
export type TeamMemberInput = Static<typeof TeamMemberInput>

