import type { DbClient } from '../db/client.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import type { Snapshot } from '../schemas/scorecards.ts'

// The append-only history of a submitted scorecard: revision 1 is the
// submission, each amendment adds the next with its reason. Rows are only ever
// inserted; the scorecard's own columns hold the latest state.

export interface NewRevision {
  scorecardId: string
  revision: number
  snapshot: Snapshot
  reason: string | null
  /** Who wrote this revision: the author, or whoever entered it for them. */
  writtenById: string
  afterSeenOthers: boolean
}

export async function appendRevision(tx: DbClient, r: NewRevision): Promise<void> {
  await tx.scorecardRevision.create({
    data: { scorecardId: r.scorecardId, revision: r.revision, snapshot: r.snapshot, reason: r.reason, authorId: r.writtenById, afterSeenOthers: r.afterSeenOthers },
  })
}

/**
 * Whether any of these people had already seen the other scorecards of the
 * application's stage (a ScorecardView row exists). Both the author and whoever
 * types the change count: an opinion revised by someone who has read the
 * panel's is no longer independent, whoever's name it carries.
 */
export async function hadSeenOthers(tx: DbClient, userIds: string[], applicationId: string, stageId: string): Promise<boolean> {
  const seen = await tx.scorecardView.findFirst({ where: { userId: { in: userIds }, applicationId, stageId }, select: { id: true } })
  return seen !== null
}

/** Every revision, oldest first. Visibility is the scorecard's: check it before calling. */
export async function listRevisions(db: DbClient, scorecardId: string) {
  const rows = await db.scorecardRevision.findMany({
    where: { scorecardId },
    orderBy: { revision: 'asc' },
    select: { id: true, revision: true, snapshot: true, reason: true, authorId: true, afterSeenOthers: true, createdAt: true },
  })
  return rows.map((r) => ({ ...r, snapshot: snapshotJson(r.snapshot), createdAt: r.createdAt.toISOString() }))
}

type Json = Prisma.JsonValue
const objectOr = (value: Json | undefined) => (value && typeof value === 'object' && !Array.isArray(value) ? value : {})

/**
 * A stored snapshot, read defensively: erasing a candidate strips the free text
 * (answers, comments) out of the revisions, and the rest must still read.
 */
function snapshotJson(json: Json): Snapshot {
  const s = objectOr(json)
  return {
    templateId: typeof s.templateId === 'string' ? s.templateId : '',
    recommendation: typeof s.recommendation === 'number' ? s.recommendation : null,
    ratings: objectOr(s.ratings) as Snapshot['ratings'],
    comments: objectOr(s.comments) as Snapshot['comments'],
    answers: objectOr(s.answers) as Snapshot['answers'],
  }
}
