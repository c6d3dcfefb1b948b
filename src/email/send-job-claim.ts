// A notification's claim (notifications.claimed_by) names the send job that
// holds it: set when the job is queued (enqueuePendingNotifications), kept
// while the job retries, released once the notification is settled. Only that
// job may send it (loadDeliveryBatch). Because the claim names the job, a
// notification whose job Redis has lost can be found (requeue-lost-jobs.ts).
// The processor claims its rows with the same string (workers/processors/send-email.ts).

const PREFIX = 'job:'

/** The claim a send job holds on its notifications. */
export const sendJobClaimant = (jobId: string): string => `${PREFIX}${jobId}`

/** The send job a claim names, or null for a claim in another form. */
export const claimedSendJobId = (claim: string): string | null => (claim.startsWith(PREFIX) && claim.length > PREFIX.length ? claim.slice(PREFIX.length) : null)
