import type { DbClient } from '../db/client.ts'
import { enqueueOutbox } from './outbox.ts'

interface SubmittedCard {
  applicationId: string
  stageId: string
  jobId: string
  candidateId: string
}

/**
 * Called in the transaction that submits a scorecard: when this submission
 * brings the application's current stage to the scorecards it needs, the
 * hiring managers are owed a "decision needed" e-mail. The advisory lock
 * serialises submissions for one application and stage, so of two landing at
 * once exactly one sees the count reach the target; the dedupe key makes the
 * notice once per application and stage even if the count is reached again.
 */
export async function queueDecisionNeeded(tx: DbClient, card: SubmittedCard): Promise<boolean> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`decision-needed:${card.applicationId}:${card.stageId}`}))::text`
  const [row] = await tx.$queryRaw<Array<{ reached: boolean }>>`
    SELECT st.required_scorecards > 0 AND a.status = 'ACTIVE' AND a.stage_id = st.id
           AND (SELECT count(*) FROM scorecards s WHERE s.application_id = a.id AND s.stage_id = st.id AND s.status = 'SUBMITTED') = st.required_scorecards AS reached
      FROM applications a JOIN stages st ON st.id = ${card.stageId}::uuid
     WHERE a.id = ${card.applicationId}::uuid`
  if (!row?.reached) return false
  await enqueueOutbox(tx, 'application.decision_needed', { ...card, dedupeKey: `decision-needed:${card.applicationId}:${card.stageId}` })
  return true
}
