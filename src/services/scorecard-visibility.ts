import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { ScorecardStatus } from '../generated/prisma/enums.ts'
import { visibleToPrincipal } from './applications.ts'
import { recordAudit } from './audit.ts'
import type { Principal } from './sessions.ts'

// Blind until submitted, enforced in SQL: every read of scorecards goes through
// scorecardVisibleTo, so no handler can forget it and no client can bypass it.

/**
 * May the principal read scorecard `s` (of application `a`)? Aliases: s = scorecards, a = applications.
 * - Their own (as author, or as whoever entered it for the author): always, drafts included.
 * - Anyone else's draft: never, not even an admin's view; a draft is work in progress.
 * - Others' submitted ones: admins, recruiters and the job's hiring managers (hiring-team
 *   role HIRING_MANAGER) always; any other assessor only once they have submitted their
 *   own scorecard for the same application and stage.
 * Combine with visibleToPrincipal (the job's hiring team) for everything outside the job.
 */
export function scorecardVisibleTo(principal: Principal): Prisma.Sql {
  const me = principal.userId
  const seesAllSubmitted = principal.role === 'ADMIN' || principal.role === 'RECRUITER'
  return Prisma.sql`(
    s.author_id = ${me}::uuid OR s.entered_by_id = ${me}::uuid
    OR (s.status = 'SUBMITTED' AND (
      ${seesAllSubmitted}
      OR EXISTS (SELECT 1 FROM hiring_team_members m WHERE m.job_id = a.job_id AND m.user_id = ${me}::uuid AND m.role = 'HIRING_MANAGER')
      OR EXISTS (SELECT 1 FROM scorecards mine
                  WHERE mine.application_id = s.application_id AND mine.stage_id = s.stage_id
                    AND mine.author_id = ${me}::uuid AND mine.status = 'SUBMITTED')
    ))
  )`
}

export interface VisibleScorecard {
  id: string
  applicationId: string
  stageId: string
  authorId: string
  status: ScorecardStatus
  jobId: string
  candidateId: string
}

/** The scorecards the principal may read among those the filter names, oldest first. */
export async function visibleScorecards(db: DbClient, principal: Principal, filter: { scorecardId?: string; applicationId?: string; stageId?: string }) {
  const where: Prisma.Sql[] = [visibleToPrincipal(principal), scorecardVisibleTo(principal)]
  if (filter.scorecardId) where.push(Prisma.sql`s.id = ${filter.scorecardId}::uuid`)
  if (filter.applicationId) where.push(Prisma.sql`s.application_id = ${filter.applicationId}::uuid`)
  if (filter.stageId) where.push(Prisma.sql`s.stage_id = ${filter.stageId}::uuid`)
  return db.$queryRaw<VisibleScorecard[]>`
    SELECT s.id, s.application_id AS "applicationId", s.stage_id AS "stageId", s.author_id AS "authorId", s.status::text AS status,
           a.job_id AS "jobId", a.candidate_id AS "candidateId"
      FROM scorecards s JOIN applications a ON a.id = s.application_id
     WHERE ${Prisma.join(where, ' AND ')}
     ORDER BY s.created_at, s.id`
}

/**
 * Records, the first time only, that the reader has now seen other people's
 * submitted scorecards of an application's stage: one ScorecardView row per
 * (reader, application, stage) and an audit event with it. Everyone is recorded,
 * hiring managers included, so an amendment made after that moment is flagged
 * (scorecard-revisions.ts). Concurrent first reads insert one row between them.
 */
export async function recordOthersSeen(db: Db, principal: Principal, shown: VisibleScorecard[], requestId: string | null): Promise<void> {
  const others = shown.filter((s) => s.status === 'SUBMITTED' && s.authorId !== principal.userId)
  if (others.length === 0) return
  const pairs = new Map<string, VisibleScorecard[]>()
  for (const s of others) pairs.set(`${s.applicationId}:${s.stageId}`, [...(pairs.get(`${s.applicationId}:${s.stageId}`) ?? []), s])
  // Most reads come after the first: answer them without a write.
  const recorded = await db.scorecardView.count({
    where: { userId: principal.userId, OR: [...pairs.values()].map(([s]) => ({ applicationId: s!.applicationId, stageId: s!.stageId })) },
  })
  if (recorded === pairs.size) return
  await db.$transaction(async (tx) => {
    const inserted = await tx.scorecardView.createManyAndReturn({
      data: [...pairs.values()].map(([s]) => ({ userId: principal.userId, applicationId: s!.applicationId, stageId: s!.stageId })),
      skipDuplicates: true,
      select: { applicationId: true, stageId: true },
    })
    for (const view of inserted) {
      const seen = pairs.get(`${view.applicationId}:${view.stageId}`)!
      await recordAudit(tx, {
        action: 'scorecard.others_first_seen', actorId: principal.userId, entityType: 'application', entityId: view.applicationId,
        jobId: seen[0]!.jobId, candidateId: seen[0]!.candidateId, requestId,
        payload: { stageId: view.stageId, scorecardIds: seen.map((s) => s.id) },
      })
    }
  })
}
