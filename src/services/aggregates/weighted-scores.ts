// The arithmetic of a panel's scores, kept free of I/O so it can be checked
// against hand computations. "No opinion" (null) is never a number here: it is
// counted apart and left out of every mean, as DOMAIN.md's scale says.

export const RATING_MIN = 1
export const RATING_MAX = 4

/** How many times each level of the 1..4 scale was given, and how many said "no opinion". */
export interface Distribution {
  strongNo: number
  no: number
  yes: number
  strongYes: number
  noOpinion: number
}

export function distributionOf(values: ReadonlyArray<number | null>): Distribution {
  const d: Distribution = { strongNo: 0, no: 0, yes: 0, strongYes: 0, noOpinion: 0 }
  for (const v of values) {
    if (v === null) d.noOpinion++
    else if (v === 1) d.strongNo++
    else if (v === 2) d.no++
    else if (v === 3) d.yes++
    else if (v === 4) d.strongYes++
  }
  return d
}

export function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/** The opinions among some ratings: nulls ("no opinion") dropped. */
export const opinions = (values: ReadonlyArray<number | null>): number[] => values.filter((v): v is number => v !== null)

export interface WeightedAttribute {
  weight: number
  /** The attribute's score (a mean of ratings), or null when nobody rated it. */
  score: number | null
}

export interface WeightedOverall {
  score: number | null
  /** Σ weights of the attributes that had a score: the denominator. */
  weightRated: number
  /** Σ weights of the attributes nobody rated: left out of numerator and denominator alike. */
  weightUnrated: number
}

/**
 * overall = Σ(wᵢ · scoreᵢ) / Σ wᵢ over the attributes that have a score.
 * Each attribute is first reduced to its panel mean, so an attribute counts by
 * its weight however many assessors rated it; an unrated attribute is left out
 * rather than counted as 0 (it is reported under coverage instead).
 */
export function weightedOverall(attributes: readonly WeightedAttribute[]): WeightedOverall {
  let numerator = 0
  let weightRated = 0
  let weightUnrated = 0
  for (const a of attributes) {
    if (a.score === null) weightUnrated += a.weight
    else {
      numerator += a.weight * a.score
      weightRated += a.weight
    }
  }
  return { score: weightRated > 0 ? numerator / weightRated : null, weightRated, weightUnrated }
}

/** Rounds for the wire only; every computation runs at full precision. */
export const rounded = (value: number | null, places = 3): number | null => (value === null ? null : Number(value.toFixed(places)))
