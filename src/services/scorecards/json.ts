import type { DbClient } from '../../db/client.ts'
import { answersOf } from './content.ts'

// Scorecards as the API shows them. Callers pass ids they have already
// filtered through scorecard-visibility.ts: this module does not decide who sees what.

const columns = {
  id: true, applicationId: true, stageId: true, interviewId: true, authorId: true, enteredById: true, status: true, recommendation: true,
  answers: true, revision: true, submittedAt: true, createdAt: true, updatedAt: true,
  template: { select: { id: true, lineageId: true, version: true, name: true } },
  ratings: {
    select: { rating: true, comment: true, attribute: { select: { id: true, key: true, section: true, name: true, weight: true, position: true } } },
  },
} as const

/** The scorecards with these ids, in the order given; each rating names the attribute of the template version it was written on. */
export async function loadScorecards(db: DbClient, ids: string[]) {
  if (ids.length === 0) return []
  const rows = await db.scorecard.findMany({ where: { id: { in: ids } }, select: columns })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const card = byId.get(id)
    if (!card) return []
    const ratings = [...card.ratings]
      .sort((a, b) => a.attribute.position - b.attribute.position || a.attribute.key.localeCompare(b.attribute.key))
      .map((r) => ({
        attributeId: r.attribute.id, attributeKey: r.attribute.key, section: r.attribute.section, name: r.attribute.name,
        weight: Number(r.attribute.weight), rating: r.rating, comment: r.comment,
      }))
    return [{
      ...card,
      answers: answersOf(card.answers),
      ratings,
      submittedAt: card.submittedAt?.toISOString() ?? null,
      createdAt: card.createdAt.toISOString(),
      updatedAt: card.updatedAt.toISOString(),
    }]
  })
}

export async function loadScorecard(db: DbClient, id: string) {
  const [card] = await loadScorecards(db, [id])
  return card!
}
