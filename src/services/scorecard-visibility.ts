import { v7 as uuidv7 } from 'uuid'
import { prismaRows, type DbClient, type SqlRows } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { ScorecardStatus } from '../generated/prisma/enums.ts'
import { visibleToPrincipal } from './job-access.ts'
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

/** What one reader is shown of one application's stage: the other people's submitted scorecards, by id. */
export interface OthersShown {
  applicationId: string
  stageId: string
  jobId: string
  candidateId: string
  scorecardIds: string[]
}

/**
 * Records, the first time only, that the reader has now seen other people's
 * submitted scorecards of an application's stage: one ScorecardView row per
 * (reader, application, stage) and an audit event with it. Everyone is recorded,
 * hiring managers included, so an amendment made after that moment is flagged
 * (scorecard-revisions.ts). Concurrent first reads insert one row between them.
 */
export async function recordOthersSeen(db: DbClient, principal: Principal, shown: VisibleScorecard[], requestId: string | null): Promise<void> {
  const pairs = new Map<string, OthersShown>()
  for (const s of shown) {
    if (s.status !== 'SUBMITTED' || s.authorId === principal.userId) continue
    const key = `${s.applicationId}:${s.stageId}`
    const pair = pairs.get(key) ?? { applicationId: s.applicationId, stageId: s.stageId, jobId: s.jobId, candidateId: s.candidateId, scorecardIds: [] }
    pair.scorecardIds.push(s.id)
    pairs.set(key, pair)
  }
  if (pairs.size === 0) return
  // Most reads come after the first: answer them without a write.
  const recorded = await db.scorecardView.count({
    where: { userId: principal.userId, OR: [...pairs.values()].map((p) => ({ applicationId: p.applicationId, stageId: p.stageId })) },
  })
  if (recorded === pairs.size) return
  await recordFirstSights(prismaRows(db), principal.userId, [...pairs.values()], requestId)
}

/**
 * The write behind recordOthersSeen, for any number of (application, stage)
 * pairs in one statement: the view rows that are new (ON CONFLICT skips the
 * recorded ones, and waits out a concurrent first read's insert) and an audit
 * event for each of those only. One statement is atomic without a transaction,
 * so it runs on the pool as well (the hot application read, which already knows
 * the row is missing) as on a Prisma client.
 */
export async function recordFirstSights(rows: SqlRows, readerId: string, pairs: OthersShown[], requestId: string | null): Promise<void> {
  if (pairs.length === 0) return
  const pending = JSON.stringify(pairs.map((p) => ({
    view_id: uuidv7(), audit_id: uuidv7(), application_id: p.applicationId, stage_id: p.stageId, job_id: p.jobId, candidate_id: p.candidateId, scorecard_ids: p.scorecardIds,
  })))
  await rows(Prisma.sql`
    WITH pending AS (
      SELECT * FROM json_to_recordset(${pending}::json)
        AS p(view_id uuid, audit_id uuid, application_id uuid, stage_id uuid, job_id uuid, candidate_id uuid, scorecard_ids json)
    ), inserted AS (
      INSERT INTO scorecard_views (id, user_id, application_id, stage_id)
      SELECT view_id, ${readerId}::uuid, application_id, stage_id FROM pending
      ON CONFLICT (user_id, application_id, stage_id) DO NOTHING
      RETURNING application_id, stage_id
    )
    INSERT INTO audit_events (id, action, actor_id, entity_type, entity_id, candidate_id, job_id, payload, request_id)
    SELECT p.audit_id, 'scorecard.others_first_seen', ${readerId}::uuid, 'application', p.application_id, p.candidate_id, p.job_id,
           jsonb_build_object('stageId', p.stage_id, 'scorecardIds', p.scorecard_ids), ${requestId}::text
      FROM inserted i JOIN pending p ON p.application_id = i.application_id AND p.stage_id = i.stage_id`, 'scorecard_others_first_seen')
}
