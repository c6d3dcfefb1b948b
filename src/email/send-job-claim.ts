import { v7 as uuidv7 } from 'uuid'

// A notification's claim (notifications.claimed_by) names the send job that
// holds it: set when the job is queued (enqueuePendingNotifications), kept
// while the job retries, released once the notification is settled. Only that
// job may send it (loadDeliveryBatch), and only while the claim is still its
// own (deliverBatch checks again before a send when its hold may have lapsed).
// Because the claim names the job, a notification whose job Redis has lost,
// or whose job finished without settling it, can be found
// (requeue-lost-jobs.ts). The processor claims its rows with the same string
// (workers/processors/send-email.ts).

const PREFIX = 'job:'

/**
 * The claim of a notification handed back by requeue-lost-jobs.ts. It names no
 * job, so the job that lost the notification, should it still be running or
 * come back, cannot send it; the next enqueue claims it for a new job (a
 * takeover job, which alone may also take it while still HANDED_BACK: it may
 * start before the enqueue commits, see loadDeliveryBatch).
 */
export const HANDED_BACK = 'handed-back'

/** Between a job's claim and its run in a run's claim (loadDeliveryBatch splits on it in SQL). */
export const RUN = '#'

/** The claim a send job's rows get when it is queued. */
export const sendJobClaimant = (jobId: string): string => `${PREFIX}${jobId}`

/**
 * The claim one run of a send job takes its rows with. BullMQ may start a job
 * again while an earlier run still goes on (its worker lost Redis longer than
 * the lock: the job is reset as stalled). The new run takes the rows over from
 * the job's earlier runs, and the earlier run, finding its claim gone at its
 * next check, sends no more of them.
 */
export const sendRunClaimant = (jobId: string, run: number): string => `${sendJobClaimant(jobId)}${RUN}${run}`

/** The job-level claim behind a run's claim (the claim itself when it names no run). */
export const jobClaimOf = (claim: string): string => claim.split(RUN, 1)[0]!

/** The send job a claim names, or null for a claim in another form. */
export const claimedSendJobId = (claim: string): string | null => {
  const job = jobClaimOf(claim)
  return job.startsWith(PREFIX) && job.length > PREFIX.length ? job.slice(PREFIX.length) : null
}

const TAKEOVER = '-takeover-'

/**
 * The id of a send job for notifications handed back from a lost or finished
 * job: `base` (what the id would otherwise be) with a fresh suffix, so neither
 * the new job nor its claim can be the old one's, whatever the batch.
 */
export const takeoverJobId = (base: string): string => `${base}${TAKEOVER}${uuidv7()}`

/**
 * Whether a send job (by its id, or a claim naming it) took over notifications
 * handed back from another job, which may still be sending some of them (a run
 * Redis forgot): such a job checks each notification again right before
 * sending it, and may take a row still claimed HANDED_BACK.
 */
export const isTakeover = (jobIdOrClaim: string): boolean => jobIdOrClaim.includes(TAKEOVER)
