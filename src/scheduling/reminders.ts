import type { Queue } from 'bullmq'
import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { withTransaction } from '../db/transaction.ts'
import { JobName, type InterviewReminderData } from '../queues/index.ts'
import { DAY_MS, HOUR_MS } from '../lib/time.ts'

/** The reminders every interview gets, by how long before its start. */
export const REMINDER_OFFSETS: ReadonlyArray<{ offset: InterviewReminderData['offset']; beforeMs: number }> = [
  { offset: '24h', beforeMs: DAY_MS },
  { offset: '1h', beforeMs: HOUR_MS },
]

/**
 * One job id per interview and reminder: adding it again while it waits is a
 * no-op, so however many workers sync the same interview, each reminder is
 * queued (and sent) once. The start time is in the job's data, not its id:
 * a reschedule replaces the job under the same id, and the dashboard shows
 * one line per reminder.
 */
export const reminderJobId = (interviewId: string, offset: InterviewReminderData['offset']) => `interview-${interviewId}-reminder-${offset}`

/**
 * Brings the delayed reminder jobs in Redis in line with the interviews in
 * PostgreSQL, for interviews changed since their last sync (their SEQUENCE is
 * ahead of `reminders_synced_sequence`): a booking adds both jobs, a
 * reschedule replaces them, a cancellation removes them. Run by the outbox
 * dispatcher's loop, so a change made while Redis was down is synced when it
 * is back. Rows are claimed with SKIP LOCKED, so dispatchers in several
 * processes share the work; a reminder whose time has passed is not added.
 */
export async function syncInterviewReminders(pool: pg.Pool, queue: Queue, batchSize = REMINDER_SYNC_BATCH): Promise<number> {
  // Nearly every pass has nothing to do: ask the partial index first, outside a transaction.
  const { rowCount } = await pool.query(`SELECT 1 FROM interviews WHERE reminders_synced_sequence IS DISTINCT FROM sequence LIMIT 1`)
  if (!rowCount) return 0
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; status: string; starts_at: Date; sequence: number }>(
      `SELECT id, status::text, starts_at, sequence FROM interviews
        WHERE reminders_synced_sequence IS DISTINCT FROM sequence
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    )
    if (!rows.length) return 0
    const synced = await Promise.all(rows.map((interview) => syncOne(queue, interview)))
    const done = rows.filter((_, i) => synced[i]).map((r) => r.id)
    await client.query(`UPDATE interviews SET reminders_synced_sequence = sequence WHERE id = ANY($1::uuid[])`, [done])
    return rows.length
  })
}

export const REMINDER_SYNC_BATCH = 200

/** Sets one interview's reminder jobs; false when a stale job could not be removed yet (it is running), so the interview is synced again on a later pass. */
async function syncOne(queue: Queue, interview: { id: string; status: string; starts_at: Date }): Promise<boolean> {
  const now = Date.now()
  let complete = true
  for (const { offset, beforeMs } of REMINDER_OFFSETS) {
    const jobId = reminderJobId(interview.id, offset)
    const data: InterviewReminderData = { interviewId: interview.id, startsAt: interview.starts_at.toISOString(), offset }
    const wanted = interview.status === 'SCHEDULED' && interview.starts_at.getTime() - beforeMs > now
    const existing = await queue.getJob(jobId)
    if (existing && wanted && existing.data.startsAt === data.startsAt) continue
    if (existing) {
      // A running job cannot be removed: try again next pass (it checks the interview itself, and drops a stale reminder).
      const removed = await existing.remove().then(() => true, () => false)
      if (!removed) {
        complete = false
        continue
      }
    }
    if (wanted) await queue.add(JobName.InterviewReminder, data, { jobId, delay: interview.starts_at.getTime() - beforeMs - now })
  }
  return complete
}

/**
 * A reminder's time has come: owes the e-mails through the outbox, if the
 * interview is still scheduled for the start the job was set for. The dedupe
 * key makes a second run (a retry, a second worker) owe nothing more.
 */
export async function fireInterviewReminder(pool: pg.Pool, data: InterviewReminderData): Promise<{ owed: boolean }> {
  const dedupeKey = `${data.interviewId}:${Date.parse(data.startsAt)}:${data.offset}`
  const { rowCount } = await pool.query(
    `INSERT INTO outbox_events (id, topic, payload)
     SELECT $5::uuid, 'interview.reminder',
            jsonb_build_object('interviewId', i.id, 'applicationId', i.application_id, 'candidateId', a.candidate_id, 'stageId', i.stage_id,
                               'sequence', i.sequence, 'offset', $3::text, 'dedupeKey', $4::text,
                               'panelUserIds', (SELECT coalesce(jsonb_agg(p.user_id ORDER BY p.user_id), '[]') FROM interview_interviewers p WHERE p.interview_id = i.id AND p.active))
       FROM interviews i JOIN applications a ON a.id = i.application_id
      WHERE i.id = $1::uuid AND i.status = 'SCHEDULED' AND i.starts_at = $2::timestamptz
        AND NOT EXISTS (SELECT 1 FROM outbox_events x WHERE x.payload->>'dedupeKey' = $4::text)`,
    [data.interviewId, data.startsAt, data.offset, dedupeKey, uuidv7()],
  )
  return { owed: (rowCount ?? 0) > 0 }
}
