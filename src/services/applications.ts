import type pg from 'pg'
import { poolRows, queryRows, type DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { ApplicationStatus, RejectionReason, StageKind } from '../generated/prisma/enums.ts'
import type { ApplicationDetail, ApplicationState } from '../schemas/applications.ts'
import type { Principal } from './sessions.ts'
import { managedByPrincipal, seesAllJobs, visibleToPrincipal } from './job-access.ts'
import { recordFirstSights } from './scorecard-visibility.ts'
import { Errors } from '../errors.ts'
import { skillsInclude } from './candidate-search.ts'
import { isInstantCursor, isUuidCursor } from '../schemas/pagination.ts'

/** The application's own columns as the database returns them. */
export interface ApplicationRow {
  id: string
  candidateId: string
  jobId: string
  stageId: string
  status: ApplicationStatus
  version: number
  rejectionReason: RejectionReason | null
  rejectionNote: string | null
  stageEnteredAt: Date
  closedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export function toApplicationState(row: ApplicationRow): ApplicationState {
  return {
    ...row,
    stageEnteredAt: row.stageEnteredAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

// The access rules as SQL live with their Prisma twins in job-access.ts.
export { managedByPrincipal, visibleToPrincipal } from './job-access.ts'

interface DetailRow extends ApplicationRow {
  stageName: string
  stageKind: StageKind
  stagePosition: number
  requiredScorecards: number
  jobTitle: string
  jobStatus: 'DRAFT' | 'OPEN' | 'CLOSED'
  firstName: string
  lastName: string
  submitted: number
  drafts: number
  mineSubmitted: boolean
  managesJob: boolean
  r1: number
  r2: number
  r3: number
  r4: number
  /** Only in the hiring-team statement; see othersFirstSeen. */
  othersFirstSeen?: string[] | null
}

/**
 * One application with its stage, job, candidate and the scorecard summary of
 * its current stage, in ONE statement: this is the hottest read of the API
 * (benchmarked against a bare pg handler), so no ORM fan-out, run directly on
 * the pool as a prepared statement, one per visibility rule (see queryRows). The aggregate
 * without GROUP BY always yields one row, so the LATERAL never drops the application.
 * The recommendation tally shows how the others voted: a hiring-team member's
 * first sight of it is recorded (see othersFirstSeen) by a second statement,
 * once per reader and stage.
 */
export async function getApplication(pool: pg.Pool, principal: Principal, id: string, requestId: string | null = null): Promise<ApplicationDetail> {
  const rows = await queryRows<DetailRow>(pool, Prisma.sql`
    SELECT a.id, a.candidate_id AS "candidateId", a.job_id AS "jobId", a.stage_id AS "stageId", a.status::text AS status,
           a.version, a.rejection_reason::text AS "rejectionReason", a.rejection_note AS "rejectionNote",
           a.stage_entered_at AS "stageEnteredAt", a.closed_at AS "closedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
           s.name AS "stageName", s.kind::text AS "stageKind", s.position AS "stagePosition", s.required_scorecards AS "requiredScorecards",
           j.title AS "jobTitle", j.status::text AS "jobStatus", c.first_name AS "firstName", c.last_name AS "lastName",
           sc.submitted, sc.drafts, sc.mine_submitted AS "mineSubmitted", sc.r1, sc.r2, sc.r3, sc.r4,
           ${managedByPrincipal(principal)} AS "managesJob"${othersFirstSeen(principal)}
      FROM applications a
      JOIN stages s ON s.id = a.stage_id
      JOIN jobs j ON j.id = a.job_id
      JOIN candidates c ON c.id = a.candidate_id
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.status = 'SUBMITTED')::int AS submitted,
               count(*) FILTER (WHERE x.status = 'DRAFT')::int AS drafts,
               coalesce(bool_or(x.status = 'SUBMITTED' AND x.author_id = ${principal.userId}::uuid), false) AS mine_submitted,
               count(*) FILTER (WHERE x.status = 'SUBMITTED' AND x.recommendation = 1)::int AS r1,
               count(*) FILTER (WHERE x.status = 'SUBMITTED' AND x.recommendation = 2)::int AS r2,
               count(*) FILTER (WHERE x.status = 'SUBMITTED' AND x.recommendation = 3)::int AS r3,
               count(*) FILTER (WHERE x.status = 'SUBMITTED' AND x.recommendation = 4)::int AS r4
          FROM scorecards x WHERE x.application_id = a.id AND x.stage_id = a.stage_id
      ) sc
     WHERE a.id = ${id}::uuid AND ${visibleToPrincipal(principal)}`, seesAllJobs(principal) ? 'application_detail_all_jobs' : 'application_detail_team_jobs')
  const row = rows[0]
  if (!row) throw new Errors.NotFound('Application')
  if (row.othersFirstSeen?.length) {
    await recordFirstSights(poolRows(pool), principal.userId, [
      { applicationId: row.id, stageId: row.stageId, jobId: row.jobId, candidateId: row.candidateId, scorecardIds: row.othersFirstSeen },
    ], requestId)
  }
  return toDetail(row)
}

/**
 * Whether this read is the reader's first sight of the others' scorecards at
 * the current stage: the ids of the others' submitted scorecards when the tally
 * is shown to the reader (toDetail's rule), there are any, and no
 * scorecard_views row exists yet; NULL otherwise (the CASE reads the views
 * index only when the tally shows votes). It is recorded so that a scorecard
 * the reader writes or amends afterwards is flagged afterSeenOthers, which is
 * what matters for the people who score the job's candidates: its hiring team.
 * Only the statement for accounts that see a job through its team (hiring
 * managers and interviewers) carries it; the one for admins and recruiters, who
 * see every job and read applications at volume (the benchmarked path), stays
 * as it was: one statement, a pure read.
 */
function othersFirstSeen(principal: Principal): Prisma.Sql {
  if (seesAllJobs(principal)) return Prisma.empty
  const me = principal.userId
  return Prisma.sql`,
           CASE WHEN sc.submitted > 0 AND (sc.mine_submitted OR ${managedByPrincipal(principal)})
                 AND NOT EXISTS (SELECT 1 FROM scorecard_views v WHERE v.user_id = ${me}::uuid AND v.application_id = a.id AND v.stage_id = a.stage_id)
                THEN ARRAY(SELECT o.id FROM scorecards o
                            WHERE o.application_id = a.id AND o.stage_id = a.stage_id AND o.status = 'SUBMITTED' AND o.author_id <> ${me}::uuid
                            ORDER BY o.created_at, o.id)
           END AS "othersFirstSeen"`
}

function toDetail(row: DetailRow): ApplicationDetail {
  const { stageName, stageKind, stagePosition, requiredScorecards, jobTitle, jobStatus, firstName, lastName, submitted, drafts, mineSubmitted, managesJob, r1, r2, r3, r4, othersFirstSeen: _seen, ...own } = row
  // Nobody sees the other scorecards of a stage before submitting their own: an
  // assessor gets counts, not how the others voted, until theirs is in. Admins,
  // recruiters and the job's hiring managers are the exception (as in
  // scorecard-visibility.ts): a hiring-manager account that is only an
  // interviewer on this job is blind like any assessor.
  const manages = managesJob // TRUE for admins and recruiters (managedByPrincipal)
  const mayCompare = manages || mineSubmitted
  return {
    // A rejection's note is the team's opinion, as the reasons for moves are (see timeline.ts).
    ...toApplicationState(manages ? own : { ...own, rejectionNote: null }),
    stage: { id: row.stageId, name: stageName, kind: stageKind, position: stagePosition },
    job: { id: row.jobId, title: jobTitle, status: jobStatus },
    candidate: { id: row.candidateId, firstName, lastName },
    scorecards: {
      stageId: row.stageId,
      required: requiredScorecards,
      submitted,
      drafts,
      recommendations: mayCompare ? { strongNo: r1, no: r2, yes: r3, strongYes: r4 } : null,
    },
  }
}

// ─── lists ───

/** Lists and the board share one order, oldest first, so a board cursor continues as a list page. */
export type ApplicationCursor = [createdAt: string, id: string]
export const isApplicationCursor = (v: unknown): v is ApplicationCursor =>
  Array.isArray(v) && v.length === 2 && isInstantCursor(v[0]) && isUuidCursor(v[1])
export const cursorOf = (row: { createdAt: Date; id: string }): ApplicationCursor => [row.createdAt.toISOString(), row.id]

export interface ApplicationFilters {
  limit: number
  after?: ApplicationCursor
  jobId?: string
  stageId?: string
  status?: ApplicationStatus
  source?: string
  tags?: string[]
  appliedAfter?: string
  appliedBefore?: string
}

interface ListRow extends ApplicationRow {
  stageName: string
  stageKind: StageKind
  stagePosition: number
  firstName: string
  lastName: string
  source: string | null
}

/**
 * Keyset pages over (created_at, id). With a job filter the row comparison walks
 * the (job_id, stage_id, status, created_at, id) or (job_id, status, created_at, id) index.
 */
export async function listApplications(db: DbClient, principal: Principal, f: ApplicationFilters) {
  const where: Prisma.Sql[] = [visibleToPrincipal(principal)]
  if (f.jobId) where.push(Prisma.sql`a.job_id = ${f.jobId}::uuid`)
  if (f.stageId) where.push(Prisma.sql`a.stage_id = ${f.stageId}::uuid`)
  if (f.status) where.push(Prisma.sql`a.status = ${f.status}::"ApplicationStatus"`)
  if (f.source) where.push(Prisma.sql`c.source = ${f.source}`)
  if (f.tags?.length) where.push(skillsInclude(f.tags))
  if (f.appliedAfter) where.push(Prisma.sql`a.created_at >= ${f.appliedAfter}::timestamptz`)
  if (f.appliedBefore) where.push(Prisma.sql`a.created_at < ${f.appliedBefore}::timestamptz`)
  if (f.after) where.push(Prisma.sql`(a.created_at, a.id) > (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`)
  const rows = await db.$queryRaw<ListRow[]>`
    SELECT a.id, a.candidate_id AS "candidateId", a.job_id AS "jobId", a.stage_id AS "stageId", a.status::text AS status,
           a.version, a.rejection_reason::text AS "rejectionReason",
           CASE WHEN ${managedByPrincipal(principal)} THEN a.rejection_note END AS "rejectionNote",
           a.stage_entered_at AS "stageEnteredAt", a.closed_at AS "closedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
           s.name AS "stageName", s.kind::text AS "stageKind", s.position AS "stagePosition",
           c.first_name AS "firstName", c.last_name AS "lastName", c.source
      FROM applications a
      JOIN stages s ON s.id = a.stage_id
      JOIN candidates c ON c.id = a.candidate_id
     WHERE ${Prisma.join(where, ' AND ')}
     ORDER BY a.created_at, a.id
     LIMIT ${f.limit + 1}`
  const hasMore = rows.length > f.limit
  const page = hasMore ? rows.slice(0, f.limit) : rows
  const last = page[page.length - 1]
  return {
    items: page.map(({ stageName, stageKind, stagePosition, firstName, lastName, source, ...own }) => ({
      ...toApplicationState(own),
      stage: { id: own.stageId, name: stageName, kind: stageKind, position: stagePosition },
      candidate: { id: own.candidateId, firstName, lastName, source },
    })),
    next: hasMore && last ? cursorOf(last) : null,
  }
}
