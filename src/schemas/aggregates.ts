import { Type, type TSchema } from 'typebox'
import { Uuid } from './common.ts'

// Aggregates of submitted scorecards and the comparison view. Every score is on
// the 1..4 scale (1 strong no … 4 strong yes), rounded to 3 places; null means
// nothing was rated. `explanation` in each answer gives the formulas.

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Score = Nullable(Type.Number({ minimum: 1, maximum: 4 }))
const Count = Type.Integer({ minimum: 0 })
const Section = Type.String({ description: 'TECHNICAL, PROBLEM_SOLVING, COMMUNICATION or CULTURE' })

const Distribution = {
  strongNo: Count,
  no: Count,
  yes: Count,
  strongYes: Count,
  noOpinion: Type.Integer({ minimum: 0, description: "'No opinion': not counted in means" }),
}

const AttributeRef = Type.Object({ key: Type.String(), name: Type.String(), section: Section })

const AttributeAggregate = Type.Object({
  ...AttributeRef.properties,
  weight: Type.Number(),
  weightSource: Type.Union([Type.Literal('stage_template'), Type.Literal('scorecard_template')]),
  distribution: Type.Object(Distribution),
  n: Type.Integer({ minimum: 0, description: 'Ratings counted (no opinion left out)' }),
  mean: Score,
  calibratedMean: Score,
  standardDeviation: Nullable(Type.Number()),
  range: Nullable(Type.Integer()),
  disagreement: Type.Boolean(),
})

const Leniency = Type.Object({
  comparableRatings: Count,
  raw: Nullable(Type.Number({ description: "Mean of (rating − the other assessors' mean) over the comparable ratings" })),
  shrinkage: Type.Number({ description: 'n / (n + K) when applied, else 0' }),
  applied: Type.Number({ description: "Subtracted from each of the assessor's ratings" }),
  status: Type.Union([Type.Literal('applied'), Type.Literal('insufficient_history')]),
})

const StageRef = Type.Object({ id: Uuid, name: Type.String(), position: Type.Integer(), archived: Type.Boolean(), requiredScorecards: Type.Integer() })
const TemplateRef = Nullable(Type.Object({ id: Uuid, name: Type.String(), version: Type.Integer() }))

export const StageAggregate = Type.Object({
  stage: StageRef,
  template: TemplateRef,
  submittedScorecards: Count,
  attributes: Type.Array(AttributeAggregate),
  overall: Type.Object({ raw: Score, calibrated: Score, weightRated: Type.Number(), weightUnrated: Type.Number() }),
  recommendations: Type.Object({
    ...Distribution,
    n: Count,
    mean: Score,
    standardDeviation: Nullable(Type.Number()),
    range: Nullable(Type.Integer()),
    disagreement: Type.Boolean(),
  }),
  coverage: Type.Object({
    hasTemplate: Type.Boolean(),
    planned: Count,
    unrated: Type.Array(AttributeRef, { description: "The stage template's attributes no submitted scorecard has rated" }),
  }),
  assessors: Type.Array(
    Type.Object({
      userId: Uuid,
      scorecardId: Uuid,
      recommendation: Nullable(Type.Integer({ minimum: 1, maximum: 4 })),
      leniency: Leniency,
      ratings: Type.Array(Type.Object({ key: Type.String(), rating: Nullable(Type.Integer({ minimum: 1, maximum: 4 })), calibrated: Score })),
    }),
  ),
})

export const ApplicationAggregates = Type.Object({
  applicationId: Uuid,
  jobId: Uuid,
  currentStageId: Uuid,
  stages: Type.Array(StageAggregate),
  acrossStages: Type.Object({
    attributes: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), stages: Count, mean: Score, calibratedMean: Score })),
    overall: Type.Object({ raw: Score, calibrated: Score, stages: Count }),
    unratedAnywhere: Type.Array(AttributeRef),
  }),
  withheldStageIds: Type.Array(Uuid, { description: 'Stages left out because the caller has not submitted their own scorecard there yet' }),
  explanation: Type.Array(Type.String()),
})

export const AggregatesQuery = Type.Object(
  { stageId: Type.Optional(Uuid) },
  { additionalProperties: false, description: 'stageId: one stage; every stage of the plan when absent' },
)

// ─── comparison ───

export const ComparisonParams = Type.Object({ jobId: Uuid, stageId: Uuid }, { additionalProperties: false })

export const ComparisonQuery = Type.Object(
  {
    include: Type.Enum(['active', 'all'], {
      default: 'active',
      description: 'active: ACTIVE applications in the stage; all: every application in the stage or with a submitted scorecard for it, whatever its status',
    }),
    rankBy: Type.Enum(['calibrated', 'raw'], { default: 'calibrated', description: 'Which overall score orders the list' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
    cursor: Type.Optional(Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
)

export const Comparison = Type.Object({
  job: Type.Object({ id: Uuid, title: Type.String() }),
  stage: StageRef,
  template: TemplateRef,
  include: Type.String(),
  rankBy: Type.String(),
  total: Type.Integer({ description: 'Applications ranked (all pages)' }),
  attributes: Type.Array(Type.Object({ ...AttributeRef.properties, weight: Type.Number() }), { description: 'The columns; every item lists its attributes in this order' }),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer({ minimum: 1 }),
      application: Type.Object({ id: Uuid, status: Type.String(), version: Type.Integer(), stageId: Uuid }),
      candidate: Type.Object({ id: Uuid, firstName: Type.String(), lastName: Type.String() }),
      submittedScorecards: Count,
      overall: Type.Object({ raw: Score, calibrated: Score }),
      attributes: Type.Array(Type.Object({ key: Type.String(), n: Count, mean: Score, calibratedMean: Score, disagreement: Type.Boolean() })),
      recommendations: Type.Object({ ...Distribution, mean: Score, disagreement: Type.Boolean() }),
      unratedAttributes: Type.Array(Type.String()),
    }),
  ),
  nextCursor: Nullable(Type.String()),
  explanation: Type.Array(Type.String()),
})
