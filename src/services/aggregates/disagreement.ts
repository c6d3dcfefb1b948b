import { meanOf, opinions } from './weighted-scores.ts'

/**
 * A panel "splits" when the range of its opinions (max − min) is at least 2.
 * On the 1..4 scale a range of 2 or more always has votes on both sides of the
 * yes/no line (≤ 2 and ≥ 3) and at least one of them strong (1 with a 3 or 4,
 * or 4 with a 1 or 2). A range of 1 (2 against 3) is two lukewarm opinions, not
 * a split. Range rather than standard deviation because panels are 2-5 people:
 * the SD of one strong dissent shrinks as the panel grows ([4,4,4,4,1] gives
 * 1.2, [3,3,3,3,3,3,1] gives 0.7), while the hiring manager needs to see that
 * dissent whatever the panel's size. The SD is reported beside it.
 */
export const DISAGREEMENT_MIN_RANGE = 2

export interface Spread {
  /** Opinions counted ("no opinion" left out). */
  n: number
  mean: number | null
  /** Population standard deviation (÷ n): it describes this panel, it does not estimate a wider one. */
  standardDeviation: number | null
  range: number | null
  disagreement: boolean
}

export function spreadOf(values: ReadonlyArray<number | null>): Spread {
  const xs = opinions(values)
  const mean = meanOf(xs)
  if (mean === null) return { n: 0, mean: null, standardDeviation: null, range: null, disagreement: false }
  const variance = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / xs.length
  const range = Math.max(...xs) - Math.min(...xs)
  return { n: xs.length, mean, standardDeviation: Math.sqrt(variance), range, disagreement: range >= DISAGREEMENT_MIN_RANGE }
}
