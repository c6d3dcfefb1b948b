import type { DbClient } from '../../db/client.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import type { TemplateTextField } from '../../domain/default-scorecard-templates.ts'
import { Errors, invalidBody } from '../../errors.ts'
import type { RatingInput, Snapshot } from '../../schemas/scorecards.ts'
import { textFieldsOf } from './template-content.ts'

// What a scorecard says (ratings, recommendation, answers), checked against the
// template it was written on, and the changes drafts and amendments make to it.

export interface ScoringTemplate {
  id: string
  version: number
  attributes: Array<{ id: string; key: string }>
  textFields: TemplateTextField[]
}

export interface CardState {
  recommendation: number | null
  answers: Record<string, string>
  /** By attribute id; a null rating is "no opinion". */
  ratings: Map<string, { rating: number | null; comment: string | null }>
}

export interface CardChanges {
  ratings?: RatingInput[]
  recommendation?: number | null
  answers?: Record<string, string | null>
}

export const emptyCard = (): CardState => ({ recommendation: null, answers: {}, ratings: new Map() })

export async function loadScoringTemplate(db: DbClient, templateId: string): Promise<ScoringTemplate> {
  const t = await db.scorecardTemplate.findUniqueOrThrow({
    where: { id: templateId },
    select: { id: true, version: true, textFields: true, attributes: { orderBy: { position: 'asc' }, select: { id: true, key: true } } },
  })
  return { id: t.id, version: t.version, attributes: t.attributes, textFields: textFieldsOf(t.textFields) }
}

/**
 * Share-locks the template a new scorecard is about to be written on; call it
 * before reading the template. An edit (reviseTemplate) locks the template FOR
 * NO KEY UPDATE, counts the scorecards on it and, finding none, rewrites its
 * attributes in place. The scorecard's foreign-key lock (KEY SHARE) does not
 * conflict with the edit's lock, so without this a draft could read the
 * attributes and commit between that count and that rewrite. FOR SHARE does:
 * an edit that comes first finishes and the draft then reads what it wrote; a
 * draft that comes first commits and the edit then counts it and versions the
 * template. Drafts do not wait for each other. The draft has locked the
 * candidate before (loadScoringTarget) and an edit locks no candidate, so the
 * two cannot deadlock.
 *
 * Returns the template to write on: an edit we waited for may have versioned
 * it (archived it and pointed the stage at the new version), and a new
 * scorecard uses the stage's current version, so that one is locked instead.
 */
export async function lockTemplateForNewScorecard(db: DbClient, stageId: string, templateId: string): Promise<string> {
  for (;;) {
    const [template] = await db.$queryRaw<Array<{ archived: boolean }>>`
      SELECT archived_at IS NOT NULL AS archived FROM scorecard_templates WHERE id = ${templateId}::uuid FOR SHARE`
    if (!template?.archived) return templateId
    const stage = await db.stage.findUnique({ where: { id: stageId }, select: { templateId: true } })
    if (!stage?.templateId || stage.templateId === templateId) return templateId
    templateId = stage.templateId
  }
}

/** The stored answers column, read defensively: it is JSON. */
export function answersOf(json: Prisma.JsonValue): Record<string, string> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return {}
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/**
 * Applies a draft edit or an amendment: ratings merge by attribute (a comment
 * left out keeps the one there), answers merge by key (null or blank clears
 * one). Anything naming what the template does not have is a 400 pointing at it.
 */
export function applyChanges(template: ScoringTemplate, state: CardState, changes: CardChanges): CardState {
  const next: CardState = { recommendation: state.recommendation, answers: { ...state.answers }, ratings: new Map(state.ratings) }
  if (changes.recommendation !== undefined) next.recommendation = changes.recommendation
  const rated = new Set<string>()
  ;(changes.ratings ?? []).forEach((r, i) => {
    const attribute = attributeFor(template, r, `/ratings/${i}`)
    if (rated.has(attribute.id)) throw invalidBody(`/ratings/${i}`, `rates attribute ${attribute.key} a second time`)
    rated.add(attribute.id)
    const comment = r.comment === undefined ? (state.ratings.get(attribute.id)?.comment ?? null) : blankToNull(r.comment)
    next.ratings.set(attribute.id, { rating: r.rating, comment })
  })
  for (const [key, value] of Object.entries(changes.answers ?? {})) {
    if (!template.textFields.some((f) => f.key === key)) throw invalidBody(`/answers/${key}`, "is not a free-text field of this scorecard's template")
    const text = blankToNull(value)
    if (text === null) delete next.answers[key]
    else next.answers[key] = text
  }
  return next
}

function attributeFor(template: ScoringTemplate, r: RatingInput, path: string) {
  if ((r.attributeKey === undefined) === (r.attributeId === undefined)) throw invalidBody(path, 'name the attribute by attributeKey or by attributeId (one of them)')
  const attribute = template.attributes.find((a) => (r.attributeKey !== undefined ? a.key === r.attributeKey : a.id === r.attributeId?.toLowerCase()))
  const field = r.attributeKey !== undefined ? 'attributeKey' : 'attributeId'
  if (!attribute) throw invalidBody(`${path}/${field}`, `is not an attribute of this scorecard's template (version ${template.version})`)
  return attribute
}

const blankToNull = (text: string | null) => (text === null || text.trim() === '' ? null : text.trim())

/** What a submission needs: the overall recommendation and every required free-text answer. Ratings may all be "no opinion". */
export function missingForSubmission(template: ScoringTemplate, state: CardState): string[] {
  const missing = state.recommendation === null ? ['recommendation'] : []
  for (const f of template.textFields) if (f.required && !state.answers[f.key]) missing.push(`answers.${f.key}`)
  return missing
}

export function assertComplete(template: ScoringTemplate, state: CardState): void {
  const missing = missingForSubmission(template, state)
  if (missing.length > 0) throw new Errors.Conflict(`the scorecard is incomplete: ${missing.join(', ')} must be given before it is submitted (ratings may be "no opinion")`)
}

/** Attributes not rated yet become explicit "no opinion", so a submitted scorecard says something about each one. */
export function withNoOpinionForUnrated(template: ScoringTemplate, state: CardState): CardState {
  const ratings = new Map(state.ratings)
  for (const a of template.attributes) if (!ratings.has(a.id)) ratings.set(a.id, { rating: null, comment: null })
  return { ...state, ratings }
}

/** Writes the whole state: the scorecard's columns, and its ratings replaced (nothing refers to rating rows). */
export async function writeCard(tx: DbClient, scorecardId: string, state: CardState, extra: Prisma.ScorecardUpdateInput = {}): Promise<void> {
  await tx.scorecard.update({ where: { id: scorecardId }, data: { recommendation: state.recommendation, answers: state.answers, ...extra } })
  await tx.scorecardRating.deleteMany({ where: { scorecardId } })
  await tx.scorecardRating.createMany({
    data: [...state.ratings].map(([attributeId, r]) => ({ scorecardId, attributeId, rating: r.rating, comment: r.comment })),
  })
}

export async function readCard(db: DbClient, scorecardId: string): Promise<CardState> {
  const card = await db.scorecard.findUniqueOrThrow({
    where: { id: scorecardId },
    select: { recommendation: true, answers: true, ratings: { select: { attributeId: true, rating: true, comment: true } } },
  })
  return {
    recommendation: card.recommendation,
    answers: answersOf(card.answers),
    ratings: new Map(card.ratings.map((r) => [r.attributeId, { rating: r.rating, comment: r.comment }])),
  }
}

/** The state as a revision stores it, by attribute key so it reads without the template. */
export function snapshotOf(template: ScoringTemplate, state: CardState): Snapshot {
  const ratings: Record<string, number | null> = {}
  const comments: Record<string, string> = {}
  for (const a of template.attributes) {
    const r = state.ratings.get(a.id)
    if (!r) continue
    ratings[a.key] = r.rating
    if (r.comment) comments[a.key] = r.comment
  }
  return { templateId: template.id, recommendation: state.recommendation, ratings, comments, answers: Object.fromEntries(Object.entries(state.answers).sort(([a], [b]) => a.localeCompare(b))) }
}

export const sameSnapshot = (a: Snapshot, b: Snapshot) => JSON.stringify(a) === JSON.stringify(b)
