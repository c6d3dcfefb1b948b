import { RATING_MAX, RATING_MIN } from './weighted-scores.ts'

/**
 * Leniency: how much higher (or lower) an assessor rates than the rest of the
 * panel on the same things. Over the assessor's history of submitted ratings,
 * d = rating − mean of the OTHER assessors' ratings of the same attribute for
 * the same application and stage (only where at least one other rated it);
 * raw leniency = mean(d) over those n comparable ratings (SQL computes n and
 * mean(d): calibration-history.ts).
 *
 * Applied leniency = raw · n / (n + K), and 0 below MIN_COMPARABLE ratings.
 * n/(n+K) is the empirical-Bayes shrinkage of a mean towards 0 when K is the
 * ratio of per-rating noise variance to the spread of true leniencies: with
 * ratings differing from a panel by about 0.8 points (variance ≈ 0.6) and true
 * leniencies spread by about 0.35 (variance ≈ 0.12), K ≈ 5. So five comparable
 * ratings remove half of the measured leniency, twenty remove 80 %.
 * Below five we do not correct at all: one interview says too little about a person.
 */
export const MIN_COMPARABLE = 5
export const SHRINKAGE_K = 5

export interface LeniencyHistory {
  /** Ratings of the assessor that had at least one other assessor's rating to compare with. */
  comparableRatings: number
  /** mean(rating − others' mean) over them; null when there are none. */
  meanDifference: number | null
}

export interface Leniency {
  comparableRatings: number
  raw: number | null
  /** n / (n + K) when applied, 0 otherwise. */
  shrinkage: number
  /** What is subtracted from each of the assessor's ratings. */
  applied: number
  status: 'applied' | 'insufficient_history'
}

export function leniencyOf(history: LeniencyHistory): Leniency {
  const n = history.comparableRatings
  const raw = history.meanDifference
  if (raw === null || n < MIN_COMPARABLE) return { comparableRatings: n, raw, shrinkage: 0, applied: 0, status: 'insufficient_history' }
  const shrinkage = n / (n + SHRINKAGE_K)
  return { comparableRatings: n, raw, shrinkage, applied: raw * shrinkage, status: 'applied' }
}

export const noHistory: Leniency = leniencyOf({ comparableRatings: 0, meanDifference: null })

/** calibrated = rating − applied leniency, kept on the scale [1, 4]. */
export function calibratedRating(rating: number, leniency: Pick<Leniency, 'applied'>): number {
  return Math.min(RATING_MAX, Math.max(RATING_MIN, rating - leniency.applied))
}
