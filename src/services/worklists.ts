import type { DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { Principal } from './sessions.ts'
import { visibleToPrincipal } from './applications.ts'
import { isInstantCursor, isUuidCursor } from '../schemas/pagination.ts'
import { HOUR_MS } from '../lib/time.ts'


/** Oldest due first; ties by kind, then the item's id. */
export type DueCursor = [dueSince: string, kind: string, id: string]
export const isDueCursor = (v: unknown): v is DueCursor =>
  Array.isArray(v) && v.length === 3 && isInstantCursor(v[0]) && (v[1] === 'draft' || v[1] === 'interview_ended') && isUuidCursor(v[2])

/** Longest waiting first; ties by application id. */
export type WaitingCursor = [readySince: string, applicationId: string]
export const isWaitingCursor = (v: unknown): v is WaitingCursor => Array.isArray(v) && v.length === 2 && isInstantCursor(v[0]) && isUuidCursor(v[1])

interface Listed {
  jobId: string
  jobTitle: string
  stageId: string
  stageName: string
  candidateId: string
  firstName: string
  lastName: string
}

interface DueRow extends Listed {
  kind: 'draft' | 'interview_ended'
  id: string
  dueSince: Date
  scorecardId: string | null
  interviewId: string | null
  interviewEndedAt: Date | null
  applicationId: string
  applicationStatus: string
  reminderHours: number
  escalationHours: number
}

/**
 * "My scorecards due": my drafts (whatever became of the application: they are
 * mine to finish or drop), and, per application and stage, the latest
 * interview I was on that has ended (not cancelled, not a no-show) on an
 * active application, where I have no scorecard at all. A draft already
 * stands for its stage, so an interview never lists it twice.
 */
export async function scorecardsDue(db: DbClient, principal: Principal, page: { limit: number; after?: DueCursor }) {
  const me = principal.userId
  const keyset = page.after ? Prisma.sql`AND (d.due_since, d.kind, d.id) > (${page.after[0]}::timestamptz, ${page.after[1]}, ${page.after[2]}::uuid)` : Prisma.empty
  const rows = await db.$queryRaw<DueRow[]>`
    WITH due AS (
      SELECT 'draft' AS kind, s.id, coalesce(i.ends_at, s.created_at) AS due_since, s.id AS scorecard_id, i.id AS interview_id, i.ends_at,
             s.application_id, s.stage_id
        FROM scorecards s
        LEFT JOIN interviews i ON i.id = s.interview_id
       WHERE s.author_id = ${me}::uuid AND s.status = 'DRAFT'
      UNION ALL
      (SELECT DISTINCT ON (i.application_id, i.stage_id) 'interview_ended', i.id, i.ends_at, NULL::uuid, i.id, i.ends_at, i.application_id, i.stage_id
         FROM interview_interviewers p
         JOIN interviews i ON i.id = p.interview_id
         JOIN applications a ON a.id = i.application_id AND a.status = 'ACTIVE'
        WHERE p.user_id = ${me}::uuid AND p.active AND i.status IN ('SCHEDULED', 'COMPLETED') AND i.ends_at <= now()
          AND NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.application_id = i.application_id AND s.stage_id = i.stage_id AND s.author_id = ${me}::uuid)
        ORDER BY i.application_id, i.stage_id, i.ends_at DESC, i.id)
    )
    SELECT d.kind, d.id, d.due_since AS "dueSince", d.scorecard_id AS "scorecardId", d.interview_id AS "interviewId", d.ends_at AS "interviewEndedAt",
           a.id AS "applicationId", a.status::text AS "applicationStatus", st.id AS "stageId", st.name AS "stageName", j.id AS "jobId", j.title AS "jobTitle",
           c.id AS "candidateId", c.first_name AS "firstName", c.last_name AS "lastName",
           j.scorecard_reminder_hours AS "reminderHours", j.scorecard_escalation_hours AS "escalationHours"
      FROM due d
      JOIN applications a ON a.id = d.application_id
      JOIN stages st ON st.id = d.stage_id
      JOIN jobs j ON j.id = a.job_id
      JOIN candidates c ON c.id = a.candidate_id
     -- Someone taken off a job's team no longer sees its candidates here either.
     WHERE ${visibleToPrincipal(principal)} ${keyset}
     ORDER BY d.due_since, d.kind, d.id
     LIMIT ${page.limit + 1}`
  const items = rows.slice(0, page.limit).map((r) => {
    const ended = r.interviewEndedAt?.getTime()
    return {
      kind: r.kind,
      dueSince: r.dueSince.toISOString(),
      scorecardId: r.scorecardId,
      interview: r.interviewId && r.interviewEndedAt ? { id: r.interviewId, endedAt: r.interviewEndedAt.toISOString() } : null,
      application: { id: r.applicationId, status: r.applicationStatus },
      stage: { id: r.stageId, name: r.stageName },
      job: { id: r.jobId, title: r.jobTitle },
      candidate: { id: r.candidateId, firstName: r.firstName, lastName: r.lastName },
      // When the job's deadlines fall (they run from the interview's end; a draft without an interview has none).
      reminderAt: ended === undefined ? null : new Date(ended + r.reminderHours * HOUR_MS).toISOString(),
      escalationAt: ended === undefined ? null : new Date(ended + r.escalationHours * HOUR_MS).toISOString(),
    }
  })
  const last = rows[Math.min(rows.length, page.limit) - 1]
  return { items, next: rows.length > page.limit && last ? ([last.dueSince.toISOString(), last.kind, last.id] as DueCursor) : null }
}

interface WaitingRow extends Listed {
  applicationId: string
  version: number
  requiredScorecards: number
  submitted: number
  readySince: Date
  lastOutcome: string | null
  lastDecidedAt: Date | null
}

/**
 * "Decisions waiting on me", for a hiring manager: active applications on open
 * jobs they manage whose current stage has its required submitted scorecards
 * (at least one), and no decision on that stage since the latest of them came
 * in. A HOLD takes it off the list until new evidence arrives; a move changes
 * the stage, so the list judges the new one.
 */
export async function decisionsWaiting(db: DbClient, principal: Principal, page: { limit: number; after?: WaitingCursor }) {
  const keyset = page.after ? Prisma.sql`AND (sc.ready_since, a.id) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : Prisma.empty
  const rows = await db.$queryRaw<WaitingRow[]>`
    SELECT a.id AS "applicationId", a.version, j.id AS "jobId", j.title AS "jobTitle", st.id AS "stageId", st.name AS "stageName",
           st.required_scorecards AS "requiredScorecards", c.id AS "candidateId", c.first_name AS "firstName", c.last_name AS "lastName",
           sc.submitted, sc.ready_since AS "readySince", ld.outcome::text AS "lastOutcome", ld.created_at AS "lastDecidedAt"
      FROM hiring_team_members m
      JOIN jobs j ON j.id = m.job_id AND j.status = 'OPEN'
      JOIN applications a ON a.job_id = j.id AND a.status = 'ACTIVE'
      JOIN stages st ON st.id = a.stage_id
      JOIN candidates c ON c.id = a.candidate_id
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS submitted, max(coalesce(x.submitted_at, x.updated_at)) AS ready_since
          FROM scorecards x WHERE x.application_id = a.id AND x.stage_id = a.stage_id AND x.status = 'SUBMITTED'
      ) sc
      LEFT JOIN LATERAL (
        SELECT d.outcome, d.created_at FROM decisions d
         WHERE d.application_id = a.id AND d.stage_id = a.stage_id AND d.created_at >= a.stage_entered_at
         ORDER BY d.created_at DESC LIMIT 1
      ) ld ON TRUE
     WHERE m.user_id = ${principal.userId}::uuid AND m.role = 'HIRING_MANAGER'
       AND sc.submitted >= greatest(st.required_scorecards, 1)
       AND (ld.created_at IS NULL OR ld.created_at < sc.ready_since)
       ${keyset}
     ORDER BY sc.ready_since, a.id
     LIMIT ${page.limit + 1}`
  const items = rows.slice(0, page.limit).map((r) => ({
    application: { id: r.applicationId, version: r.version },
    job: { id: r.jobId, title: r.jobTitle },
    stage: { id: r.stageId, name: r.stageName, requiredScorecards: r.requiredScorecards },
    candidate: { id: r.candidateId, firstName: r.firstName, lastName: r.lastName },
    submittedScorecards: r.submitted,
    readySince: r.readySince.toISOString(),
    lastDecision: r.lastOutcome && r.lastDecidedAt ? { outcome: r.lastOutcome, createdAt: r.lastDecidedAt.toISOString() } : null,
  }))
  const last = rows[Math.min(rows.length, page.limit) - 1]
  return { items, next: rows.length > page.limit && last ? ([last.readySince.toISOString(), last.applicationId] as WaitingCursor) : null }
}
