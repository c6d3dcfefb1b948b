import type { Leniency } from './calibration.ts'
import type { AcrossStages, StageAggregate } from './stage-aggregate.ts'
import { rounded } from './weighted-scores.ts'

// Aggregates as the API answers them: numbers rounded to 3 places on the way
// out (computations run at full precision), ids and keys unchanged.

export function leniencyJson(l: Leniency) {
  return { ...l, raw: rounded(l.raw), shrinkage: rounded(l.shrinkage)!, applied: rounded(l.applied)! }
}

export function stageAggregateJson(a: StageAggregate) {
  return {
    submittedScorecards: a.assessors.length,
    attributes: a.attributes.map((x) => ({
      ...x, mean: rounded(x.mean), calibratedMean: rounded(x.calibratedMean), standardDeviation: rounded(x.standardDeviation),
    })),
    overall: { raw: rounded(a.overall.raw), calibrated: rounded(a.overall.calibrated), weightRated: rounded(a.overall.weightRated)!, weightUnrated: rounded(a.overall.weightUnrated)! },
    recommendations: { ...a.recommendations, mean: rounded(a.recommendations.mean), standardDeviation: rounded(a.recommendations.standardDeviation) },
    coverage: a.coverage,
    assessors: a.assessors.map((x) => ({
      ...x, leniency: leniencyJson(x.leniency), ratings: x.ratings.map((r) => ({ ...r, calibrated: rounded(r.calibrated) })),
    })),
  }
}

export function acrossStagesJson(a: AcrossStages) {
  return {
    attributes: a.attributes.map((x) => ({ ...x, mean: rounded(x.mean), calibratedMean: rounded(x.calibratedMean) })),
    overall: { raw: rounded(a.overall.raw), calibrated: rounded(a.overall.calibrated), stages: a.overall.stages },
    unratedAnywhere: a.unratedAnywhere,
  }
}
