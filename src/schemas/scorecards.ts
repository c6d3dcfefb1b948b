import { Type, type Static, type TSchema } from 'typebox'
import { Uuid } from './common.ts'
import { Key, SectionName } from './scorecard-templates.ts'

// Scorecards: an assessor's ratings of one application at one stage, a draft
// until submitted, then changed only by amendments (append-only revisions).

const DateTime = Type.String({ format: 'date-time', pattern: '^(?!0000)[0-9]{4}-' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** 1 strong no · 2 no · 3 yes · 4 strong yes. */
export const Rating = Type.Integer({ minimum: 1, maximum: 4, description: '1 strong no, 2 no, 3 yes, 4 strong yes' })
/** Bodies are not type-coerced (src/http/validator-compiler.ts), so anyOf with null is safe here. */
const RatingOrNoOpinion = Nullable(Rating)

export const RatingInput = Type.Object(
  {
    attributeKey: Type.Optional(Key),
    attributeId: Type.Optional(Uuid),
    rating: RatingOrNoOpinion,
    comment: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false, description: 'Name the attribute by attributeKey or attributeId (one of them). rating null is "no opinion".' },
)

const Answers = <T extends TSchema>(value: T) =>
  Type.Record(Key, value, { additionalProperties: false, maxProperties: 20, description: "Free-text answers by the template's text field key" })

const AnswerText = Type.String({ maxLength: 20_000 })
const Ratings = Type.Array(RatingInput, { maxItems: 60 })

export const CreateScorecardBody = Type.Object(
  {
    applicationId: Uuid,
    stageId: Uuid,
    interviewId: Type.Optional(Nullable(Uuid)),
    authorId: Type.Optional(Uuid),
    ratings: Type.Optional(Ratings),
    recommendation: Type.Optional(RatingOrNoOpinion),
    answers: Type.Optional(Answers(AnswerText)),
  },
  { additionalProperties: false },
)

export const UpdateDraftBody = Type.Object(
  {
    ratings: Type.Optional(Type.Array(RatingInput, { maxItems: 60, description: 'Merged by attribute: the ones listed are set, the others kept' })),
    recommendation: Type.Optional(RatingOrNoOpinion),
    answers: Type.Optional(Answers(Nullable(AnswerText))),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const AmendmentBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Why the submitted scorecard changes' }),
    ratings: Type.Optional(Type.Array(RatingInput, { maxItems: 60, description: 'Merged by attribute, as for drafts' })),
    recommendation: Type.Optional(Rating),
    answers: Type.Optional(Answers(Nullable(AnswerText))),
  },
  { additionalProperties: false, minProperties: 2 },
)

export const ScorecardRating = Type.Object({
  attributeId: Uuid,
  attributeKey: Type.String(),
  section: SectionName,
  name: Type.String(),
  weight: Type.Number(),
  rating: Nullable(Type.Integer()),
  comment: Nullable(Type.String()),
})

export const Scorecard = Type.Object({
  id: Uuid,
  applicationId: Uuid,
  stageId: Uuid,
  interviewId: Nullable(Uuid),
  authorId: Uuid,
  enteredById: Nullable(Uuid),
  status: Type.Enum(['DRAFT', 'SUBMITTED']),
  recommendation: Nullable(Type.Integer()),
  answers: Type.Record(Type.String(), Type.String()),
  revision: Type.Integer({ description: '0 for a draft, 1 once submitted, +1 per amendment' }),
  submittedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  template: Type.Object({ id: Uuid, lineageId: Type.String(), version: Type.Integer(), name: Type.String() }),
  ratings: Type.Array(ScorecardRating, { description: "In the template's order; a draft lists only the attributes rated so far" }),
})

export const ScorecardList = Type.Object({ items: Type.Array(Scorecard) })

export const Snapshot = Type.Object({
  templateId: Type.String(),
  recommendation: Nullable(Type.Integer()),
  ratings: Type.Record(Type.String(), Nullable(Type.Integer()), { description: 'By attribute key; null is "no opinion"' }),
  comments: Type.Record(Type.String(), Type.String()),
  answers: Type.Record(Type.String(), Type.String()),
})

export const Revision = Type.Object({
  id: Uuid,
  revision: Type.Integer(),
  snapshot: Snapshot,
  reason: Nullable(Type.String()),
  authorId: Nullable(Uuid),
  afterSeenOthers: Type.Boolean({ description: 'Whether the author (or whoever entered the revision) had already seen the other scorecards of the stage' }),
  createdAt: DateTime,
})

export const RevisionList = Type.Object({ items: Type.Array(Revision) })

export const ApplicationScorecardsQuery = Type.Object({ stageId: Type.Optional(Uuid) }, { additionalProperties: false })

export type CreateScorecardBody = Static<typeof CreateScorecardBody>
export type UpdateDraftBody = Static<typeof UpdateDraftBody>
export type AmendmentBody = Static<typeof AmendmentBody>
export type RatingInput = Static<typeof RatingInput>
export type Snapshot = Static<typeof Snapshot>
