import type { AttributeSection } from '../generated/prisma/enums.ts'
import type { Rating } from './rating-scale.ts'

/** What a rating looks like for one attribute, so two interviewers mean the same thing by "yes". */
export type RatingAnchors = Readonly<Record<Rating, string>>

/** A default scorecard attribute, as shipped; templates pick them and may re-weight them. */
export interface DefaultAttribute {
  readonly key: string
  readonly section: AttributeSection
  readonly name: string
  readonly description: string
  /** Relative weight in the attribute's average; 1 is ordinary. */
  readonly weight: number
  readonly guidingQuestions: readonly string[]
  readonly anchors: RatingAnchors
}
