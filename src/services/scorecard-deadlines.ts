import type { Db } from '../db/client.ts'
import type { OutboxTopic } from './outbox.ts'

export const reminderTopic: OutboxTopic = 'scorecard.reminder'
export const escalationTopic: OutboxTopic = 'scorecard.escalation'

/**
 * Interviews that ended longer ago than this are no longer chased: by then the
 * escalation (72 h by default) has long gone out, and the bound lets the
 * (status, ends_at) index keep every run small.
 */
export const LOOKBACK_DAYS = 60

interface DueEvent {
  topic: OutboxTopic
  dedupeKey: string
  interviewId: string
  applicationId: string
  stageId: string
  jobId: string
  panelistId: string
  recipientId: string
  dueAt: Date
}

/**
 * The overdue-scorecard sweep, run every 15 minutes. For each panelist of an
 * interview that has ended (not cancelled, not a no-show) on an active
 * application of a candidate not erased, without their submitted scorecard for
 * that application and stage:
 *   - past end + job.scorecardReminderHours: one 'scorecard.reminder' to the panelist;
 *   - past end + job.scorecardEscalationHours: one 'scorecard.escalation' per hiring manager of the job.
 * Each event carries a deterministic dedupeKey and is written only if no
 * outbox row has it yet; the sweep runs in one transaction under an advisory
 * lock, so two workers running it at once cannot both write one. Payloads hold
 * ids only: the e-mail issue renders and sends them.
 */
export async function writeScorecardDeadlineEvents(db: Db, now: Date = new Date()): Promise<{ reminders: number; escalations: number }> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('shortlist:scorecard-deadlines'))::text`
    const due = await tx.$queryRaw<DueEvent[]>`
      WITH overdue AS (
        SELECT i.id AS interview_id, i.application_id, i.stage_id, a.job_id, p.user_id AS panelist_id,
               i.ends_at + make_interval(hours => j.scorecard_reminder_hours) AS remind_at,
               i.ends_at + make_interval(hours => j.scorecard_escalation_hours) AS escalate_at
          FROM interviews i
          JOIN interview_interviewers p ON p.interview_id = i.id AND p.active
          JOIN applications a ON a.id = i.application_id AND a.status = 'ACTIVE'
          JOIN candidates c ON c.id = a.candidate_id AND c.erased_at IS NULL
          JOIN jobs j ON j.id = a.job_id
         WHERE i.status IN ('SCHEDULED', 'COMPLETED')
           AND i.ends_at <= ${now}::timestamptz AND i.ends_at > ${now}::timestamptz - make_interval(days => ${LOOKBACK_DAYS}::int)
           AND NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.application_id = i.application_id AND s.stage_id = i.stage_id
                                                      AND s.author_id = p.user_id AND s.status = 'SUBMITTED')
      ), events AS (
        SELECT ${reminderTopic}::text AS topic, concat_ws(':', ${reminderTopic}::text, o.interview_id, o.panelist_id) AS dedupe_key,
               o.*, o.panelist_id AS recipient_id, o.remind_at AS due_at
          FROM overdue o WHERE o.remind_at <= ${now}::timestamptz
        UNION ALL
        SELECT ${escalationTopic}::text, concat_ws(':', ${escalationTopic}::text, o.interview_id, o.panelist_id, m.user_id),
               o.*, m.user_id, o.escalate_at
          FROM overdue o JOIN hiring_team_members m ON m.job_id = o.job_id AND m.role = 'HIRING_MANAGER'
         WHERE o.escalate_at <= ${now}::timestamptz
      )
      SELECT e.topic, e.dedupe_key AS "dedupeKey", e.interview_id AS "interviewId", e.application_id AS "applicationId", e.stage_id AS "stageId",
             e.job_id AS "jobId", e.panelist_id AS "panelistId", e.recipient_id AS "recipientId", e.due_at AS "dueAt"
        FROM events e
       WHERE NOT EXISTS (SELECT 1 FROM outbox_events x WHERE x.payload->>'dedupeKey' = e.dedupe_key)
       ORDER BY e.due_at, e.dedupe_key`
    if (due.length) {
      await tx.outboxEvent.createMany({
        data: due.map(({ topic, dueAt, ...ids }) => ({ topic, payload: { ...ids, dueAt: dueAt.toISOString() } })),
      })
    }
    const reminders = due.filter((e) => e.topic === reminderTopic).length
    return { reminders, escalations: due.length - reminders }
  })
}
