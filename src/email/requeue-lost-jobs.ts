import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { Config } from '../config.ts'
import { claimedSendJobId } from './send-job-claim.ts'

type RequeueSettings = Pick<Config, 'EMAIL_REQUEUE_AFTER_MS'>

// A queued notification whose claim and queued time are both older than the
// grace period, and is still owed.
const STALE = `status = 'PENDING' AND enqueued_at IS NOT NULL
  AND greatest(enqueued_at, updated_at) < now() - $1::int * interval '1 millisecond'`

/**
 * Finds e-mails marked queued whose send job Redis no longer holds (Redis
 * restarted without its data, failed over, was flushed) and hands them back to
 * the dispatcher's step 2 (enqueuePendingNotifications), which queues them
 * again as it queues new ones: marked not queued, claim released. Answers how
 * many. Run by the dispatcher loop, on a slower cadence than its other steps.
 *
 * A notification's claim names the job that holds it (send-job-claim.ts), so
 * each job is checked once, by its key, in one pipelined round trip per page.
 * A job still there, in any state (waiting, delayed for a retry, running,
 * finished), keeps its notifications: it sends them, or already did and the
 * ledger is about to say so. Only notifications untouched for
 * EMAIL_REQUEUE_AFTER_MS are looked at: a send job stamps the rows it takes
 * (loadDeliveryBatch), so a run that Redis forgot mid-send, still finishing in
 * a worker, is left to finish and record its sends. The grace must therefore
 * be longer than a send job can run. The update re-checks the claim and the
 * grace row by row, so a record that commits meanwhile, or another process
 * handing the same rows back first, wins. Should a job come back anyway, the
 * claim lets only one job send a notification, and none once it is sent.
 * A notification queued without a claim (before claims named their job)
 * cannot be checked, and is handed back too: its old job, if still there,
 * finds it claimed by the new one and leaves it.
 */
export async function requeueEmailsOfLostJobs(pool: pg.Pool, emailQueue: Queue, settings: RequeueSettings, pageSize = 500): Promise<number> {
  const graceMs = settings.EMAIL_REQUEUE_AFTER_MS
  let requeued = 0
  let after: string | null = null
  for (;;) {
    // Claims, not rows: one check per job. A missing claim reads as '' and comes first.
    const { rows }: { rows: Array<{ claim: string }> } = await pool.query(
      `SELECT DISTINCT coalesce(claimed_by, '') AS claim FROM notifications
        WHERE ${STALE} AND ($2::text IS NULL OR coalesce(claimed_by, '') > $2::text)
        ORDER BY claim LIMIT $3`,
      [graceMs, after, pageSize],
    )
    const claims: string[] = rows.map((r) => r.claim)
    const lost = await claimsWithoutJob(emailQueue, claims)
    if (lost.length) {
      const { rowCount } = await pool.query(
        `UPDATE notifications SET enqueued_at = NULL, claimed_by = NULL, updated_at = now()
          WHERE ${STALE} AND coalesce(claimed_by, '') = ANY($2::text[])`,
        [graceMs, lost],
      )
      requeued += rowCount ?? 0
    }
    if (claims.length < pageSize) return requeued
    after = claims.at(-1)!
  }
}

/** The claims whose send job Redis does not hold (or that name no job at all). */
async function claimsWithoutJob(queue: Queue, claims: string[]): Promise<string[]> {
  const named = claims.map((claim) => ({ claim, jobId: claimedSendJobId(claim) }))
  const jobIds = named.flatMap((n) => (n.jobId ? [n.jobId] : []))
  const held = await jobsInRedis(queue, jobIds)
  return named.filter((n) => !n.jobId || !held.has(n.jobId)).map((n) => n.claim)
}

/**
 * Which of these jobs exist: one EXISTS per job hash (`<prefix>:<queue>:<id>`,
 * built by the queue itself, so BullMQ's prefix is applied), in one pipeline.
 * The hash is what BullMQ's own add checks before it takes an id, and it lives
 * from the add until the job is removed, whatever the job's state.
 */
async function jobsInRedis(queue: Queue, jobIds: string[]): Promise<Set<string>> {
  if (!jobIds.length) return new Set()
  // BullMQ's client is our ioredis instance behind a proxy that passes through
  // the commands BullMQ's own interface leaves out, EXISTS among them.
  const redis = (await queue.getBackend().client) as unknown as Redis
  const pipeline = redis.pipeline()
  for (const id of jobIds) pipeline.exists(queue.toKey(id))
  const replies = (await pipeline.exec()) ?? []
  if (replies.length !== jobIds.length) throw new Error(`EXISTS pipeline answered ${replies.length} of ${jobIds.length} jobs`)
  const held = new Set<string>()
  replies.forEach(([error, count], i) => {
    // An error must not read as "gone": that would queue a job that may still be there.
    if (error) throw error
    if (count === 1) held.add(jobIds[i]!)
  })
  return held
}
