import { calibratedRating, noHistory, type Leniency } from './calibration.ts'
import { spreadOf, type Spread } from './disagreement.ts'
import { distributionOf, meanOf, opinions, weightedOverall, type Distribution } from './weighted-scores.ts'

/** An attribute as a template defines it (matched across template versions by key). */
export interface AttributeDef {
  key: string
  name: string
  section: string
  weight: number
}

export interface PanelScorecard {
  id: string
  authorId: string
  recommendation: number | null
  submittedAt: Date
  /** The attributes it rated on its own template version; rating null = "no opinion". */
  ratings: Array<AttributeDef & { rating: number | null }>
}

export interface StageInput {
  /** The attributes of the template the stage points to now, in order; null when the stage has none. */
  plan: AttributeDef[] | null
  /** Submitted scorecards of one application at one stage, oldest first. */
  scorecards: PanelScorecard[]
  leniencies: ReadonlyMap<string, Leniency>
}

export interface AttributeAggregate extends AttributeDef {
  /** Where the weight came from: the stage's current template, or (for an attribute it no longer has) the latest scorecard's own version. */
  weightSource: 'stage_template' | 'scorecard_template'
  distribution: Distribution
  n: number
  mean: number | null
  calibratedMean: number | null
  standardDeviation: number | null
  range: number | null
  disagreement: boolean
}

export interface AssessorRow {
  userId: string
  scorecardId: string
  recommendation: number | null
  leniency: Leniency
  ratings: Array<{ key: string; rating: number | null; calibrated: number | null }>
}

export interface StageAggregate {
  attributes: AttributeAggregate[]
  overall: { raw: number | null; calibrated: number | null; weightRated: number; weightUnrated: number }
  recommendations: Distribution & Spread
  coverage: { hasTemplate: boolean; planned: number; unrated: Array<Omit<AttributeDef, 'weight'>> }
  assessors: AssessorRow[]
}

/** Reduces one panel (one application at one stage) to per-attribute scores, an overall score, a recommendation spread and coverage. */
export function aggregateStage(input: StageInput): StageAggregate {
  const leniencyOf = (authorId: string) => input.leniencies.get(authorId) ?? noHistory
  const attributes = attributeDefs(input).map(({ def, weightSource }) => {
    const given = input.scorecards.flatMap((card) => card.ratings.filter((r) => r.key === def.key).map((r) => ({ card, rating: r.rating })))
    const values = given.map((g) => g.rating)
    const calibrated = given.flatMap((g) => (g.rating === null ? [] : [calibratedRating(g.rating, leniencyOf(g.card.authorId))]))
    const { mean, n, standardDeviation, range, disagreement } = spreadOf(values)
    return { ...def, weightSource, distribution: distributionOf(values), n, mean, calibratedMean: meanOf(calibrated), standardDeviation, range, disagreement }
  })
  const raw = weightedOverall(attributes.map((a) => ({ weight: a.weight, score: a.mean })))
  const calibrated = weightedOverall(attributes.map((a) => ({ weight: a.weight, score: a.calibratedMean })))
  const recommendations = input.scorecards.map((c) => c.recommendation)
  const rated = new Set(attributes.filter((a) => a.n > 0).map((a) => a.key))
  return {
    attributes,
    overall: { raw: raw.score, calibrated: calibrated.score, weightRated: raw.weightRated, weightUnrated: raw.weightUnrated },
    recommendations: { ...distributionOf(recommendations), ...spreadOf(recommendations) },
    coverage: {
      hasTemplate: input.plan !== null,
      planned: input.plan?.length ?? 0,
      unrated: (input.plan ?? []).filter((a) => !rated.has(a.key)).map(({ key, name, section }) => ({ key, name, section })),
    },
    assessors: input.scorecards.map((card) => {
      const leniency = leniencyOf(card.authorId)
      return {
        userId: card.authorId,
        scorecardId: card.id,
        recommendation: card.recommendation,
        leniency,
        ratings: card.ratings.map((r) => ({ key: r.key, rating: r.rating, calibrated: r.rating === null ? null : calibratedRating(r.rating, leniency) })),
      }
    }),
  }
}

/**
 * The attributes to report: the stage template's, in its order, then any other
 * key a scorecard rated (made on an older template version), by key. Weights
 * come from the stage's current template, so one stage weighs alike for every
 * application; an attribute it no longer has keeps the weight of the latest
 * scorecard that rated it.
 */
function attributeDefs(input: StageInput): Array<{ def: AttributeDef; weightSource: AttributeAggregate['weightSource'] }> {
  const planned = (input.plan ?? []).map((def) => ({ def, weightSource: 'stage_template' as const }))
  const known = new Set(planned.map((p) => p.def.key))
  const extra = new Map<string, AttributeDef>()
  for (const card of input.scorecards) {
    for (const { rating: _rating, ...def } of card.ratings) if (!known.has(def.key)) extra.set(def.key, def)
  }
  const others = [...extra.values()].sort((a, b) => a.key.localeCompare(b.key)).map((def) => ({ def, weightSource: 'scorecard_template' as const }))
  return [...planned, ...others]
}

export interface AcrossStages {
  attributes: Array<{ key: string; name: string; stages: number; mean: number | null; calibratedMean: number | null }>
  overall: { raw: number | null; calibrated: number | null; stages: number }
  /** Attributes of the stages' templates that no submitted scorecard rated at any of them. */
  unratedAnywhere: Array<Omit<AttributeDef, 'weight'>>
}

/**
 * Across stages each stage counts once: an attribute's score is the mean of
 * its per-stage means, and the overall is the mean of the stage overalls that
 * exist. A stage is a separate look at the candidate, so a five-person panel
 * does not outweigh a one-person resume review.
 */
export function aggregateAcrossStages(stages: readonly StageAggregate[]): AcrossStages {
  const byKey = new Map<string, { name: string; means: number[]; calibrated: number[] }>()
  for (const stage of stages) {
    for (const a of stage.attributes) {
      if (a.mean === null) continue
      const entry = byKey.get(a.key) ?? { name: a.name, means: [], calibrated: [] }
      entry.means.push(a.mean)
      if (a.calibratedMean !== null) entry.calibrated.push(a.calibratedMean)
      byKey.set(a.key, entry)
    }
  }
  const raws = opinions(stages.map((s) => s.overall.raw))
  const unrated = new Map<string, Omit<AttributeDef, 'weight'>>()
  for (const stage of stages) for (const a of stage.coverage.unrated) if (!byKey.has(a.key)) unrated.set(a.key, a)
  return {
    attributes: [...byKey.entries()].map(([key, e]) => ({ key, name: e.name, stages: e.means.length, mean: meanOf(e.means), calibratedMean: meanOf(e.calibrated) })),
    overall: { raw: meanOf(raws), calibrated: meanOf(opinions(stages.map((s) => s.overall.calibrated))), stages: raws.length },
    unratedAnywhere: [...unrated.values()],
  }
}
