import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type pg from 'pg'
import type { Config } from '../config.ts'
import { claimedSendJobId, HANDED_BACK } from './send-job-claim.ts'

type RequeueSettings = Pick<Config, 'EMAIL_REQUEUE_AFTER_MS'>

// A queued notification whose claim and queued time are both older than the
// grace period, and is still owed.
const STALE = `status = 'PENDING' AND enqueued_at IS NOT NULL
  AND greatest(enqueued_at, updated_at) < now() - $1::int * interval '1 millisecond'`

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
 * once, by its key, in one pipelined round trip per page (EXISTS and HEXISTS
 * finishedOn). Only notifications untouched for EMAIL_REQUEUE_AFTER_MS are
 * looked at: a send job stamps the rows it takes (loadDeliveryBatch) and
 * stamps them again before a send once half the grace has passed
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
 * Which of these jobs exist and have not finished: per job hash
 * (`<prefix>:<queue>:<id>`, built by the queue itself, so BullMQ's prefix is
 * applied) an EXISTS and an HEXISTS of `finishedOn`, all in one pipeline. The
 * hash is what BullMQ's own add checks before it takes an id, and it lives
 * from the add until the job is removed, whatever the job's state;
 * `finishedOn` is set when the job completes or fails for good (not when an
 * attempt fails with retries left) and cleared when a finished job is retried
 * (from the dashboard).
 */
async function unfinishedJobsInRedis(queue: Queue, jobIds: string[]): Promise<Set<string>> {
  if (!jobIds.length) return new Set()
  // BullMQ's client is our ioredis instance behind a proxy that passes through
  // the commands BullMQ's own interface leaves out, EXISTS and HEXISTS among them.
  const redis = (await queue.getBackend().client) as unknown as Redis
  const pipeline = redis.pipeline()
  for (const id of jobIds) pipeline.exists(queue.toKey(id)).hexists(queue.toKey(id), 'finishedOn')
  const replies = (await pipeline.exec()) ?? []
  if (replies.length !== 2 * jobIds.length) throw new Error(`EXISTS/HEXISTS pipeline answered ${replies.length} of ${2 * jobIds.length} commands`)
  // An error must not read as "gone" or "finished": that would queue again e-mails a job may still send.
  for (const [error] of replies) if (error) throw error
  const holding = new Set<string>()
  jobIds.forEach((id, i) => {
    const [exists, finished] = [replies[2 * i]![1], replies[2 * i + 1]![1]]
    if (exists === 1 && finished === 0) holding.add(id)
  })
  return holding
}
