import { MIN_COMPARABLE, SHRINKAGE_K } from './calibration.ts'
import { DISAGREEMENT_MIN_RANGE } from './disagreement.ts'

// How every number in an aggregate was computed, in the response itself, so a
// hiring manager (or an auditor) can redo the arithmetic by hand.
export const aggregateExplanation = {
  attribute:
    "Attribute score = mean of the submitted ratings (1 strong no … 4 strong yes) for that attribute; 'no opinion' is counted apart and left out. " +
    'Attributes are matched by key across template versions.',
  overall:
    'Overall = Σ(weight × attribute score) / Σ weight, over the attributes with at least one rating. Weights are those of the template the stage uses now ' +
    '(an attribute it no longer has keeps the weight of the latest scorecard that rated it). Unrated attributes are left out of both sums and listed under coverage.',
  disagreement:
    `Disagreement = the range (max − min) of the opinions is ≥ ${DISAGREEMENT_MIN_RANGE}: there are votes on both sides of the yes/no line and at least one of them is strong. ` +
    "'No opinion' is left out; the standard deviation (population, ÷ n) is shown beside it.",
  calibration:
    "Leniency of an assessor = mean, over all their submitted ratings that another assessor also rated (same application, stage and attribute), of (their rating − the other assessors' mean). " +
    `It is applied only from ${MIN_COMPARABLE} such ratings, shrunk towards 0 as leniency × n / (n + ${SHRINKAGE_K}). ` +
    'Calibrated rating = rating − applied leniency, kept within 1..4; calibrated scores use the same formulas on calibrated ratings. Recommendations are not calibrated.',
  coverage: "Coverage lists the attributes of the stage's template that no submitted scorecard has rated yet ('no opinion' does not count as rated).",
  acrossStages: 'Across stages each stage counts once: attribute score = mean of its per-stage scores; overall = mean of the stage overalls.',
} as const

export const explanationLines = (...keys: Array<keyof typeof aggregateExplanation>): string[] => keys.map((k) => aggregateExplanation[k])
