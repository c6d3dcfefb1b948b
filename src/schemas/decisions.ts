import { Type, type Static, type TSchema } from 'typebox'
import { Uuid } from './common.ts'
import { PageQuery } from './pagination.ts'
import { ApplicationState, MoveResult, RejectionReasonName } from './applications.ts'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })
/** Free text that says why; at least one non-blank character. */
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' })

export const DecisionOutcomeName = Type.Enum(['ADVANCE', 'REJECT', 'HOLD'])

const grounds = {
  /** The stage decided: it must be the application's current stage. */
  stageId: Uuid,
  reason: Reason,
  scorecardIds: Type.Array(Uuid, { maxItems: 100, uniqueItems: true, description: 'The submitted scorecards of this application at this stage the decision rests on' }),
}

const Override = Type.Object(
  { reason: Reason },
  { additionalProperties: false, description: 'Advance before the required scorecards are in; recorded on the decision and the transition' },
)

export const DecisionBody = Type.Union([
  Type.Object({ outcome: Type.Literal('ADVANCE'), ...grounds, override: Type.Optional(Override) }, { additionalProperties: false }),
  Type.Object(
    {
      outcome: Type.Literal('REJECT'),
      ...grounds,
      rejection: Type.Object(
        { reason: RejectionReasonName, note: Type.Optional(Type.String({ maxLength: 2000 })), notifyCandidate: Type.Boolean() },
        { additionalProperties: false, description: 'As for a reject move: the structured reason, and whether the candidate is e-mailed (after the job\'s delay)' },
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object({ outcome: Type.Literal('HOLD'), ...grounds }, { additionalProperties: false }),
])
export type DecisionCommand = Static<typeof DecisionBody>

export const Decision = Type.Object({
  id: Uuid,
  applicationId: Uuid,
  stageId: Uuid,
  deciderId: Nullable(Uuid),
  outcome: DecisionOutcomeName,
  reason: Nullable(Type.String()),
  overridden: Type.Boolean({ description: 'The required scorecards were waived with an override' }),
  scorecardIds: Type.Array(Uuid),
  createdAt: DateTime,
})

export const DecisionResult = Type.Object({
  decision: Decision,
  application: ApplicationState,
  transition: Nullable(MoveResult.properties.transition),
})

export const DecisionListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })
