import { Type, type Static } from 'typebox'
import { UUID_PATTERN, Uuid } from './common.ts'
import { PageQuery } from './pagination.ts'

const oneOf = <const T extends string[]>(values: readonly [...T]) => Type.Enum(values)

export const ApplicationStatusName = oneOf(['ACTIVE', 'HIRED', 'REJECTED', 'WITHDRAWN'])
export const StageKindName = oneOf(['REVIEW', 'INTERVIEW', 'ASSESSMENT', 'CHECK', 'OFFER'])
export const RejectionReasonName = oneOf(
  ['NOT_QUALIFIED', 'SKILLS_MISMATCH', 'EXPERIENCE_LEVEL', 'CULTURE_ADD', 'COMPENSATION', 'POSITION_FILLED', 'CANDIDATE_UNRESPONSIVE', 'FAILED_CHECK', 'OTHER'],
)
export const TransitionKindName = oneOf(['APPLIED', 'ADVANCED', 'MOVED', 'REJECTED', 'WITHDRAWN', 'HIRED', 'REOPENED'])

const DateTime = Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
/** Free text that says why; at least one non-blank character. */
const Reason = Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' })

/** The application's own columns: what every write answers with. */
export const ApplicationState = Type.Object({
  id: Uuid,
  candidateId: Uuid,
  jobId: Uuid,
  stageId: Uuid,
  status: ApplicationStatusName,
  version: Type.Integer({ description: 'Send it back as If-Match: "<version>" on moves' }),
  rejectionReason: Nullable(RejectionReasonName),
  rejectionNote: Nullable(Type.String()),
  stageEnteredAt: DateTime,
  closedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type ApplicationState = Static<typeof ApplicationState>

const StageSummary = Type.Object({ id: Uuid, name: Type.String(), kind: StageKindName, position: Type.Integer() })
const CandidateSummary = Type.Object({ id: Uuid, firstName: Type.String(), lastName: Type.String() })

export const ScorecardSummary = Type.Object({
  stageId: Uuid,
  required: Type.Integer({ description: 'Submitted scorecards the stage needs before the application may leave it' }),
  submitted: Type.Integer(),
  drafts: Type.Integer(),
  recommendations: Nullable(
    Type.Object(
      { strongNo: Type.Integer(), no: Type.Integer(), yes: Type.Integer(), strongYes: Type.Integer() },
      { description: 'Submitted recommendations 1..4. Null for an interviewer who has not submitted their own scorecard for the stage.' },
    ),
  ),
})

export const ApplicationDetail = Type.Object({
  ...ApplicationState.properties,
  stage: StageSummary,
  job: Type.Object({ id: Uuid, title: Type.String(), status: oneOf(['DRAFT', 'OPEN', 'CLOSED']) }),
  candidate: CandidateSummary,
  scorecards: ScorecardSummary,
})
export type ApplicationDetail = Static<typeof ApplicationDetail>

export const ApplicationListItem = Type.Object({
  ...ApplicationState.properties,
  stage: StageSummary,
  candidate: Type.Object({ ...CandidateSummary.properties, source: Nullable(Type.String()) }),
})

export const CreateApplicationBody = Type.Object(
  { candidateId: Uuid, jobId: Uuid, stageId: Type.Optional(Type.String({ format: 'uuid', pattern: UUID_PATTERN, description: 'Defaults to the first stage of the plan' })) },
  { additionalProperties: false },
)

export const ListApplicationsQuery = Type.Object(
  {
    ...PageQuery,
    jobId: Type.Optional(Uuid),
    stageId: Type.Optional(Uuid),
    status: Type.Optional(ApplicationStatusName),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, description: 'Candidate skills, all of them' })),
    appliedAfter: Type.Optional(DateTime),
    appliedBefore: Type.Optional(DateTime),
  },
  { additionalProperties: false },
)

// ─── moves ───

const Override = Type.Object(
  { reason: Reason },
  { additionalProperties: false, description: 'Leave a stage before its required scorecards are in: a hiring manager of the job or an admin only' },
)
const move = <A extends string, P extends Parameters<typeof Type.Object>[0]>(action: A, properties: P) =>
  Type.Object({ action: Type.Literal(action), ...properties }, { additionalProperties: false })

export const MoveBody = Type.Union([
  move('advance', { override: Type.Optional(Override) }),
  move('move', { toStageId: Uuid, reason: Reason, override: Type.Optional(Override) }),
  move('reject', { reason: RejectionReasonName, note: Type.Optional(Type.String({ maxLength: 2000 })), notifyCandidate: Type.Boolean() }),
  move('withdraw', { reason: Type.Optional(Reason) }),
  move('hire', { reason: Type.Optional(Reason), override: Type.Optional(Override) }),
  move('reopen', {
    reason: Reason,
    toStageId: Type.Optional({ ...Uuid, description: 'A stage of the current plan to reopen it in; without it, the stage it was in (which must still be in the plan)' }),
    override: Type.Optional(Override),
  }),
])
export type MoveCommand = Static<typeof MoveBody>

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of the version you saw, e.g. "3"' })),
})

export const MoveResult = Type.Object({
  ...ApplicationState.properties,
  transition: Type.Object({
    id: Uuid,
    kind: TransitionKindName,
    fromStageId: Nullable(Uuid),
    toStageId: Uuid,
    fromStatus: Nullable(ApplicationStatusName),
    toStatus: ApplicationStatusName,
    overridden: Type.Boolean(),
    createdAt: DateTime,
  }),
})

// ─── board ───

export const BoardParams = Type.Object({ jobId: Uuid }, { additionalProperties: false })
export const BoardQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false })

const BoardItem = Type.Object({ id: Uuid, version: Type.Integer(), candidate: CandidateSummary, stageEnteredAt: DateTime, createdAt: DateTime })

export const Board = Type.Object({
  job: Type.Object({ id: Uuid, title: Type.String(), status: oneOf(['DRAFT', 'OPEN', 'CLOSED']) }),
  stages: Type.Array(
    Type.Object({
      stage: Type.Object({ ...StageSummary.properties, requiredScorecards: Type.Integer(), slaDays: Nullable(Type.Integer()) }),
      count: Type.Integer({ description: 'Active applications in the stage' }),
      items: Type.Array(BoardItem, { description: 'Oldest application first' }),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Continue with GET /applications?jobId=…&stageId=…&status=ACTIVE&cursor=…',
      }),
    }),
  ),
  closed: Type.Object({ hired: Type.Integer(), rejected: Type.Integer(), withdrawn: Type.Integer() }),
})
export type Board = Static<typeof Board>

// ─── timeline ───

export const TimelineQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })

export const TimelineEntry = Type.Object({
  at: DateTime,
  kind: oneOf(
    ['transition', 'note', 'scorecard_submitted', 'interview_scheduled', 'interview_rescheduled', 'interview_completed', 'interview_no_show', 'interview_cancelled', 'decision', 'email_sent', 'email_transient_failure', 'email_permanent_failure', 'email_skipped'],
  ),
  id: Uuid,
  applicationId: Nullable(Uuid),
  actorId: Nullable(Uuid),
  stageId: Nullable(Uuid),
  detail: Type.Object(
    {},
    {
      additionalProperties: true,
      description:
        'transition: transitionKind, fromStageId, fromStatus, toStatus, reason, overridden · note: body · scorecard_submitted: – · interview_scheduled: startsAt, endsAt (as first booked), panelUserIds, byCandidate · interview_rescheduled (one per change of time, panel or details; id is the change’s): interviewId, sequence, previousStartsAt, previousEndsAt, startsAt, endsAt, panelUserIds, addedUserIds, removedUserIds, byCandidate, reason · interview_completed, interview_no_show, interview_cancelled: startsAt, endsAt, byCandidate, reason · actorId on interview entries: the user who made the change, null when the candidate did (byCandidate) · reason (transitions, interview changes): null unless the reader manages the job · decision: outcome, reason, overridden, scorecardIds · email_* (one per delivery attempt: sent, transient_failure, permanent_failure, skipped): notificationId, notificationKind, subject, smtpCode, error',
    },
  ),
})
export type TimelineEntry = Static<typeof TimelineEntry>
