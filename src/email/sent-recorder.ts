import type pg from 'pg'
import { v7 as uuidv7 } from 'uuid'

export interface SentRecord {
  notificationId: string
  smtpCode: number | null
  response: string | null
  toAddress: string
  subject: string
}

export type RecordSent = (record: SentRecord) => Promise<void>

/**
 * Records sent e-mails in the ledger, several to a commit: records that come
 * in while one write is committing go out together in the next, one statement
 * (an UPDATE of the notifications and an INSERT of their attempts). Each
 * caller's promise resolves only once its own record has committed, so a send
 * still counts as in flight until then, and the duplicate bound is unchanged;
 * what changes is one fsync for many e-mails instead of one each. Written here
 * because no library does group commit on top of pg.
 *
 * A send is recorded even when its row was cancelled while it was in flight
 * (still claimed): the candidate erased meanwhile. The ledger then says what
 * happened, SENT, without the address, subject or server reply (which may quote
 * the address) that erasure removed.
 */
export function createSentRecorder(pool: pg.Pool): RecordSent {
  let waiting: Array<{ record: SentRecord; done: (error?: Error) => void }> = []
  let writing = false

  async function drain(): Promise<void> {
    writing = true
    while (waiting.length) {
      const batch = waiting
      waiting = []
      try {
        await writeRetryingDeadlocks(pool, batch.map((w) => w.record))
        for (const w of batch) w.done()
      } catch (error) {
        for (const w of batch) w.done(error as Error)
      }
    }
    writing = false
  }

  return (record) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ record, done: (error) => (error ? reject(error) : resolve()) })
      if (!writing) void drain()
    })
}

/**
 * A send job renewing its hold locks some of the same rows (deliver.ts). Both
 * lock in id order, but the plan of a join need not follow it, so a deadlock
 * stays possible: retried, since failing the group would make its jobs send
 * those e-mails again. The statement rolled back whole, so a retry is clean.
 */
const DEADLOCK_ATTEMPTS = 3

async function writeRetryingDeadlocks(pool: pg.Pool, records: SentRecord[]): Promise<void> {
  const sorted = [...records].sort((a, b) => (a.notificationId < b.notificationId ? -1 : 1))
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(pool, sorted)
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= DEADLOCK_ATTEMPTS) throw error
    }
  }
}

async function write(pool: pg.Pool, records: SentRecord[]): Promise<void> {
  const column = <K extends keyof SentRecord>(key: K) => records.map((r) => r[key])
  await pool.query({
    name: 'ledger-sent',
    text: `WITH v AS (
             SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[]) AS v(id, smtp_code, response, to_address, subject, attempt_id)),
           settled AS (
             UPDATE notifications n
                SET status = 'SENT', attempts = n.attempts + 1, sent_at = now(), updated_at = now(), last_error = NULL,
                    to_address = CASE WHEN n.status = 'PENDING' THEN v.to_address END,
                    subject = CASE WHEN n.status = 'PENDING' THEN v.subject END, claimed_by = NULL
               -- A CASE, not an OR of statuses: an OR lets the planner start from the status index
               -- (few rows PENDING when analyzed, thousands during a burst) instead of the ids.
               FROM v WHERE n.id = v.id AND CASE n.status WHEN 'PENDING' THEN true WHEN 'CANCELLED' THEN n.claimed_by IS NOT NULL ELSE false END
             RETURNING n.id, n.to_address IS NULL AS withheld)
           INSERT INTO notification_attempts (id, notification_id, outcome, smtp_code, detail)
           SELECT v.attempt_id, v.id, 'SENT', v.smtp_code, CASE WHEN s.withheld THEN NULL ELSE v.response END FROM v JOIN settled s ON s.id = v.id`,
    values: [column('notificationId'), column('smtpCode'), column('response'), column('toAddress'), column('subject'), records.map(() => uuidv7())],
  })
}
