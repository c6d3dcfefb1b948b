import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { AttemptOutcome, NotificationStatus } from '../generated/prisma/enums.ts'
import { withTransaction } from '../db/transaction.ts'
import { jobClaimOf } from './send-job-claim.ts'

// The ledger of what was sent lives in PostgreSQL: BullMQ delivers a job at
// least once and forgets finished ones, so only this row can say "already
// sent". Each record is one statement: the notification's new state and its
// attempt row commit together. All of them apply only to a PENDING row, so a
// late or duplicate job cannot overwrite a state another one settled. A record
// that settles the row also releases the sending job's claim; a transient
// failure keeps it: the job's own retry sends the row, and the claim is how a
// row whose job Redis lost is found (requeue-lost-jobs.ts). Sent e-mails, the
// common case, are recorded in groups: sent-recorder.ts.

interface Outcome {
  status: NotificationStatus
  outcome: AttemptOutcome
  smtpCode: number | null
  detail: string | null
  /** The address and subject tried, kept on the row so an admin sees what bounced (erased with the candidate). */
  toAddress?: string | null
  subject?: string | null
}

async function record(pool: pg.Pool, notificationId: string, o: Outcome): Promise<void> {
  await pool.query({
    name: 'ledger-record',
    text: `WITH settled AS (
       UPDATE notifications
          SET status = $2::"NotificationStatus", attempts = attempts + 1, updated_at = now(),
              last_error = $5,
              to_address = COALESCE($7, to_address), subject = COALESCE($8, subject),
              claimed_by = CASE WHEN $2::"NotificationStatus" = 'PENDING' THEN claimed_by END
        WHERE id = $1::uuid AND status = 'PENDING'
        RETURNING id)
     INSERT INTO notification_attempts (id, notification_id, outcome, smtp_code, detail)
     SELECT $6::uuid, id, $3::"AttemptOutcome", $4, $5 FROM settled`,
    values: [notificationId, o.status, o.outcome, o.smtpCode, o.detail, uuidv7(), o.toAddress ?? null, o.subject ?? null],
  })
}

/** A failed attempt: the notification stays PENDING while retries remain, else it is FAILED with the reason. */
export const recordFailure = (
  pool: pg.Pool,
  id: string,
  failure: { permanent: boolean; smtpCode: number | null; reason: string; final: boolean; toAddress: string; subject: string },
) =>
  record(pool, id, {
    toAddress: failure.toAddress,
    subject: failure.subject,
    status: failure.final ? 'FAILED' : 'PENDING',
    outcome: failure.permanent ? 'PERMANENT_FAILURE' : 'TRANSIENT_FAILURE',
    smtpCode: failure.smtpCode,
    detail: failure.reason,
  })

/** Not sent on purpose (erased, opted out, no longer relevant): CANCELLED, with the reason. */
export const recordSkipped = (pool: pg.Pool, id: string, reason: string) =>
  record(pool, id, { status: 'CANCELLED', outcome: 'SKIPPED', smtpCode: null, detail: reason })

/**
 * A send job's last attempt ended in an error that is not an SMTP answer (the
 * database, a bug in rendering): what it still holds is FAILED with the reason,
 * so it shows in the admin's list and can be retried there, rather than
 * staying PENDING, claimed and queued, where nothing would pick it up again.
 *
 * It counts as an attempt, like every other way to FAILED, and is on record as
 * a permanent failure. The count is what makes an admin's retry reach the
 * SMTP server: the send job's id carries it (see enqueuePendingNotifications),
 * and BullMQ keeps failed jobs for a week, so a retry at the same count would
 * get the failed job's id and be dropped as a duplicate. Counting it, rather
 * than keeping a retry counter of its own on the row, keeps `attempts` equal
 * to the attempts on record and needs no new column.
 * Update and attempt rows commit together, as record() does in one statement;
 * here the rows are found by the update, so their attempt ids come after it.
 */
export async function failClaimed(pool: pg.Pool, claimant: string, reason: string): Promise<void> {
  const detail = reason.slice(0, 500)
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `UPDATE notifications SET status = 'FAILED', attempts = attempts + 1, last_error = $2, claimed_by = NULL, updated_at = now()
        WHERE claimed_by IN ($1, $3) AND status = 'PENDING'
        RETURNING id`,
      [claimant, detail, jobClaimOf(claimant)],
    )
    if (!rows.length) return
    await client.query(
      `INSERT INTO notification_attempts (id, notification_id, outcome, smtp_code, detail)
       SELECT a.id, a.notification_id, 'PERMANENT_FAILURE', NULL, $3 FROM unnest($1::uuid[], $2::uuid[]) AS a(id, notification_id)`,
      [rows.map(() => uuidv7()), rows.map((r) => r.id), detail],
    )
  })
}
