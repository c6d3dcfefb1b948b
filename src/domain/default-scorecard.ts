import type { AttributeSection } from '../generated/prisma/enums.ts'
import { communicationAttributes, cultureAttributes } from './attributes/communication-and-culture.ts'
import { problemSolvingAttributes } from './attributes/problem-solving.ts'
import { technicalPlatformAttributes } from './attributes/technical-platform.ts'
import { technicalServerAttributes } from './attributes/technical-server.ts'
import type { DefaultAttribute } from './scorecard-attribute.ts'

export type { DefaultAttribute, RatingAnchors } from './scorecard-attribute.ts'
export { ratingScale, ratingLabel, noOpinionLabel, isRating, type Rating } from './rating-scale.ts'

// The default scorecard attributes, grouped from the back-end developer job
// description's skills list. A job's stages pick and weight them through
// scorecard templates (default-scorecard-templates.ts).

/** Sections in the order a scorecard shows them. */
export const attributeSections: ReadonlyArray<{ section: AttributeSection; name: string }> = [
  { section: 'TECHNICAL', name: 'Technical' },
  { section: 'PROBLEM_SOLVING', name: 'Problem solving and debugging' },
  { section: 'COMMUNICATION', name: 'Communication and collaboration' },
  { section: 'CULTURE', name: 'Culture and values' },
]

export const defaultAttributes = [
  ...technicalServerAttributes,
  ...technicalPlatformAttributes,
  ...problemSolvingAttributes,
  ...communicationAttributes,
  ...cultureAttributes,
] as const satisfies readonly DefaultAttribute[]

export type AttributeKey = (typeof defaultAttributes)[number]['key']

const byKey = new Map<string, DefaultAttribute>(defaultAttributes.map((a) => [a.key, a]))

export function defaultAttribute(key: AttributeKey): DefaultAttribute {
  return byKey.get(key)!
}

export function isAttributeKey(key: string): key is AttributeKey {
  return byKey.has(key)
}
