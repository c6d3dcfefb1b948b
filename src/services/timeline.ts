import type { DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { TimelineEntry } from '../schemas/applications.ts'
import type { Principal } from './sessions.ts'
import { seesAllJobs } from './job-access.ts'
import { managedByPrincipal, visibleToPrincipal } from './applications.ts'
import { readableNotes } from './candidate-notes.ts'
import { Errors } from '../errors.ts'
import { isInstantCursor, isUuidCursor } from '../schemas/pagination.ts'

/** Newest first; ties on the instant broken by kind, then id, so pages never skip or repeat. */
export type TimelineCursor = [at: string, kind: string, id: string]
export const isTimelineCursor = (v: unknown): v is TimelineCursor =>
  Array.isArray(v) && v.length === 3 && isInstantCursor(v[0]) && typeof v[1] === 'string' && ENTRY_KIND.test(v[1]) && isUuidCursor(v[2])
// Entry kinds are lower-case words ('transition', 'email_sent', …): anything else (a NUL byte) PostgreSQL would refuse.
const ENTRY_KIND = /^[a-z_]{1,40}$/

interface Scope {
  /** The applications whose events belong in the feed. */
  applications: Prisma.Sql
  /**
   * Of those, the ones whose job the reader manages: only there does the feed
   * carry the team's opinions (decisions, and the reasons given for moves).
   * Others on the team see that a move happened, not why.
   */
  managed: Prisma.Sql
  /** Which notes: the application's or the visible applications', plus the candidate's general ones, of those the reader may read. */
  notes: Prisma.Sql
  candidateId: string
}

const iso = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)

/**
 * One UNION ALL over everything that happened, in a common shape. The keyset
 * predicate sits outside the union; PostgreSQL pushes it into each branch, where
 * the (application_id, created_at) style indexes narrow it.
 *
 * An interview is told from its history (interview_changes): booked, at the
 * times first booked; each reschedule or panel change, with the times and panel
 * it replaced and who made it (a user, or the candidate through their link);
 * then its outcome. An interview's history is ordered by SEQUENCE: its rows are
 * written under the interview's lock, while created_at (each writer's
 * transaction start) need not agree. A cancellation is dated by its history row,
 * not by updated_at, which any later write (an erasure's) moves; a held or missed
 * interview by its end. An interview with no history (none is written without
 * one since the scheduling migration) falls back to what its row says.
 */
async function readTimeline(db: DbClient, scope: Scope, limit: number, after?: TimelineCursor) {
  const keyset = after ? Prisma.sql`WHERE (e.at, e.kind, e.id) < (${after[0]}::timestamptz, ${after[1]}, ${after[2]}::uuid)` : Prisma.empty
  const rows = await db.$queryRaw<Array<Omit<TimelineEntry, 'at'> & { at: Date }>>`
    SELECT e.at, e.kind, e.id, e.application_id AS "applicationId", e.actor_id AS "actorId", e.stage_id AS "stageId", e.detail
      FROM (
        SELECT t.created_at AS at, 'transition' AS kind, t.id, t.application_id, t.actor_id, t.to_stage_id AS stage_id,
               jsonb_build_object('transitionKind', t.kind, 'fromStageId', t.from_stage_id, 'fromStatus', t.from_status,
                                  'toStatus', t.to_status, 'reason', CASE WHEN t.application_id IN (${scope.managed}) THEN t.reason END,
                                  'overridden', t.overridden) AS detail
          FROM stage_transitions t WHERE t.application_id IN (${scope.applications})
        UNION ALL
        SELECT n.created_at, 'note', n.id, n.application_id, n.author_id, NULL, jsonb_build_object('body', n.body)
          FROM candidate_notes n WHERE n.candidate_id = ${scope.candidateId}::uuid AND ${scope.notes}
        UNION ALL
        SELECT s.submitted_at, 'scorecard_submitted', s.id, s.application_id, s.author_id, s.stage_id, '{}'::jsonb
          FROM scorecards s WHERE s.application_id IN (${scope.applications}) AND s.status = 'SUBMITTED' AND s.submitted_at IS NOT NULL
        UNION ALL
        SELECT i.created_at, 'interview_scheduled', i.id, i.application_id, i.created_by_id, i.stage_id,
               jsonb_build_object('startsAt', ${iso('COALESCE(b.starts_at, i.starts_at)')}, 'endsAt', ${iso('COALESCE(b.ends_at, i.ends_at)')},
                                  'panelUserIds', to_jsonb(b.panel_user_ids), 'byCandidate', COALESCE(b.by_candidate, FALSE))
          FROM interviews i
          LEFT JOIN LATERAL (
                SELECT c.starts_at, c.ends_at, c.panel_user_ids, c.by_candidate FROM interview_changes c
                 WHERE c.interview_id = i.id AND c.kind = 'SCHEDULED' ORDER BY c.sequence, c.created_at, c.id LIMIT 1) b ON TRUE
         WHERE i.application_id IN (${scope.applications})
        UNION ALL
        SELECT c.created_at, 'interview_rescheduled', c.id, i.application_id, c.changed_by_id, i.stage_id,
               jsonb_build_object('interviewId', i.id, 'sequence', c.sequence,
                                  'previousStartsAt', ${iso('p.starts_at')}, 'previousEndsAt', ${iso('p.ends_at')},
                                  'startsAt', ${iso('c.starts_at')}, 'endsAt', ${iso('c.ends_at')}, 'panelUserIds', to_jsonb(c.panel_user_ids),
                                  'addedUserIds', CASE WHEN p.panel_user_ids IS NOT NULL THEN to_jsonb(ARRAY(
                                    SELECT u FROM unnest(c.panel_user_ids) WITH ORDINALITY x(u, n) WHERE u <> ALL (p.panel_user_ids) ORDER BY n)) END,
                                  'removedUserIds', CASE WHEN p.panel_user_ids IS NOT NULL THEN to_jsonb(ARRAY(
                                    SELECT u FROM unnest(p.panel_user_ids) WITH ORDINALITY x(u, n) WHERE u <> ALL (c.panel_user_ids) ORDER BY n)) END,
                                  'byCandidate', c.by_candidate, 'reason', CASE WHEN i.application_id IN (${scope.managed}) THEN c.reason END)
          FROM interview_changes c JOIN interviews i ON i.id = c.interview_id
          LEFT JOIN LATERAL (
                SELECT q.starts_at, q.ends_at, q.panel_user_ids FROM interview_changes q
                 WHERE q.interview_id = c.interview_id AND (q.sequence, q.created_at, q.id) < (c.sequence, c.created_at, c.id)
                 ORDER BY q.sequence DESC, q.created_at DESC, q.id DESC LIMIT 1) p ON TRUE
         WHERE i.application_id IN (${scope.applications}) AND c.kind = 'RESCHEDULED'
        UNION ALL
        SELECT CASE WHEN i.status = 'CANCELLED' THEN COALESCE(o.created_at, i.updated_at) ELSE i.ends_at END,
               CASE i.status WHEN 'CANCELLED' THEN 'interview_cancelled' WHEN 'COMPLETED' THEN 'interview_completed' ELSE 'interview_no_show' END,
               i.id, i.application_id, o.changed_by_id, i.stage_id,
               jsonb_build_object('startsAt', ${iso('i.starts_at')}, 'endsAt', ${iso('i.ends_at')}, 'byCandidate', COALESCE(o.by_candidate, FALSE),
                                  'reason', CASE WHEN i.application_id IN (${scope.managed}) THEN i.cancel_reason END)
          FROM interviews i
          LEFT JOIN LATERAL (
                SELECT c.created_at, c.changed_by_id, c.by_candidate FROM interview_changes c
                 WHERE c.interview_id = i.id AND c.kind::text = i.status::text ORDER BY c.sequence DESC, c.created_at DESC, c.id DESC LIMIT 1) o ON TRUE
         WHERE i.application_id IN (${scope.applications}) AND i.status <> 'SCHEDULED'
        UNION ALL
        SELECT d.created_at, 'decision', d.id, d.application_id, d.decider_id, d.stage_id,
               jsonb_build_object('outcome', d.outcome, 'reason', d.reason, 'overridden', d.overridden, 'scorecardIds', to_jsonb(d.scorecard_ids))
          FROM decisions d WHERE d.application_id IN (${scope.managed})
        UNION ALL
        SELECT x.attempted_at, 'email_' || lower(x.outcome::text), x.id, m.application_id, NULL, m.stage_id,
               jsonb_build_object('notificationId', m.id, 'notificationKind', m.kind, 'subject', m.subject, 'smtpCode', x.smtp_code,
                                  'error', CASE WHEN x.outcome <> 'SENT' THEN x.detail END)
          FROM notifications m JOIN notification_attempts x ON x.notification_id = m.id
         WHERE m.candidate_id = ${scope.candidateId}::uuid
           AND (m.application_id IS NULL OR m.application_id IN (${scope.applications}))
      ) e
     ${keyset}
     ORDER BY e.at DESC, e.kind DESC, e.id DESC
     LIMIT ${limit + 1}`
  const hasMore = rows.length > limit
  const items = (hasMore ? rows.slice(0, limit) : rows).map((r) => ({ ...r, at: r.at.toISOString() }))
  const last = items[items.length - 1]
  return { items, next: hasMore && last ? ([last.at, last.kind, last.id] as TimelineCursor) : null }
}

/**
 * An application's feed: its own events, its notes and the candidate's general
 * notes. Notes on the candidate's other applications stay out: they may concern
 * jobs the reader cannot see.
 */
export async function applicationTimeline(db: DbClient, principal: Principal, applicationId: string, limit: number, after?: TimelineCursor) {
  const [application] = await db.$queryRaw<Array<{ candidateId: string; manages: boolean }>>`
    SELECT a.candidate_id AS "candidateId", ${managedByPrincipal(principal)} AS manages
      FROM applications a WHERE a.id = ${applicationId}::uuid AND ${visibleToPrincipal(principal)}`
  if (!application) throw new Errors.NotFound('Application')
  const { candidateId } = application
  const applications = Prisma.sql`SELECT ${applicationId}::uuid`
  const managed = application.manages ? applications : Prisma.sql`SELECT NULL::uuid WHERE FALSE`
  const notes = Prisma.sql`(n.application_id IS NULL OR n.application_id = ${applicationId}::uuid) AND ${readableNotes(principal)}`
  return readTimeline(db, { applications, managed, candidateId, notes }, limit, after)
}

/** A candidate's feed across the applications the reader may see; invisible candidates answer 404 like unknown ones. */
export async function candidateTimeline(db: DbClient, principal: Principal, candidateId: string, limit: number, after?: TimelineCursor) {
  const applications = Prisma.sql`SELECT a.id FROM applications a WHERE a.candidate_id = ${candidateId}::uuid AND ${visibleToPrincipal(principal)}`
  const managed = Prisma.sql`SELECT a.id FROM applications a WHERE a.candidate_id = ${candidateId}::uuid AND ${managedByPrincipal(principal)}`
  const [found] = await db.$queryRaw<Array<{ visible: boolean }>>`
    SELECT ${seesAllJobs(principal)} OR EXISTS (${applications}) AS visible FROM candidates c WHERE c.id = ${candidateId}::uuid`
  if (!found?.visible) throw new Errors.NotFound('Candidate')
  // Readable notes are all on applications the principal manages, so sees: no visibility test on top.
  const notes = readableNotes(principal)
  return readTimeline(db, { applications, managed, candidateId, notes }, limit, after)
}
