import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Config } from '../config.ts'
import { claimedSendJobId, HANDED_BACK } from './send-job-claim.ts'

type RequeueSettings = Pick<Config, 'EMAIL_REQUEUE_AFTER_MS'>

// A queued notification, still owed, untouched for the grace period: every
// write to its claim (queuing, a job taking it, a renewal) stamps updated_at.
const STALE = `status = 'PENDING' AND enqueued_at IS NOT NULL
  AND updated_at < now() - $1::int * interval '1 millisecond'`

/**
 * Finds e-mails marked queued whose send job no longer holds them and hands
 * them back to the dispatcher's step 2 (enqueuePendingNotifications), which
 * queues them again: marked not queued, claimed HANDED_BACK (send-job-claim.ts),
 * which the old job cannot take, until step 2 gives them to a new job under a
 * fresh id. Answers how many. Run by the dispatcher loop, on a slower cadence
 * than its other steps.
 *
 * A job no longer holds its notifications when Redis has lost it (restarted
 * without its data, failed over, flushed) or when it has finished (completed
 * or failed) and left them PENDING: a job that stalled out (BullMQ fails it
 * without running the processor's last-attempt handler, so failClaimed never
 * runs), or whose failClaimed itself failed. A failed job stays in Redis for
 * a week, and an admin's retry only sees FAILED rows, so without this they
 * would be stuck. A completed job cannot leave rows PENDING behind by itself:
 * its processor resolves only after every outcome, SENT included (the sent
 * recorder resolves a send once its record has committed), is recorded. A job
 * waiting, delayed for a retry or running keeps its notifications.
 *
 * A notification's claim names the job that holds it, so each job is checked
 * once (its state, as BullMQ reports it). Only notifications untouched for EMAIL_REQUEUE_AFTER_MS are
 * looked at: a send job stamps the rows it takes (loadDeliveryBatch) and
 * stamps them again before a send once its hold may have lapsed
 * (deliverBatch), so a run Redis forgot, still sending in a worker, is left
 * to finish and record its sends. Should a run outlive the grace anyway (one
 * send stuck longer than half of it), its rows are handed back while it holds
 * them, and it sends none it has not started: each send checks the claim is
 * still its own once its hold has lapsed, and the job taking over checks
 * before each send, so it skips what the old run recorded meanwhile. The
 * update re-checks the claim and the grace row by row, so a record or a
 * renewal that commits meanwhile, or another process handing the same rows
 * back first, wins. A notification queued without a claim (before claims
 * named their job) cannot be checked, and is handed back too.
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
        `UPDATE notifications SET enqueued_at = NULL, claimed_by = $3, updated_at = now()
          WHERE ${STALE} AND coalesce(claimed_by, '') = ANY($2::text[])`,
        [graceMs, lost, HANDED_BACK],
      )
      requeued += rowCount ?? 0
    }
    if (claims.length < pageSize) return requeued
    after = claims.at(-1)!
  }
}

/** The claims whose send job no longer holds them: gone from Redis, finished, or no job named at all. */
async function claimsWithoutJob(queue: Queue, claims: string[]): Promise<string[]> {
  const named = claims.map((claim) => ({ claim, jobId: claimedSendJobId(claim) }))
  const jobIds = named.flatMap((n) => (n.jobId ? [n.jobId] : []))
  const holding = await unfinishedJobsInRedis(queue, jobIds)
  return named.filter((n) => !n.jobId || !holding.has(n.jobId)).map((n) => n.claim)
}

/**
 * Which of these jobs are still to run or running: BullMQ's own answer per
 * job. Completed and failed jobs (finished for good: an attempt that fails
 * with retries left is "delayed") and jobs Redis does not have ("unknown")
 * hold nothing. Run once a minute over stale claims, normally none, so one
 * call per job is cheap enough.
 */
async function unfinishedJobsInRedis(queue: Queue, jobIds: string[]): Promise<Set<string>> {
  const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)))
  return new Set(jobIds.filter((_, i) => !['completed', 'failed', 'unknown'].includes(states[i]!)))
}
