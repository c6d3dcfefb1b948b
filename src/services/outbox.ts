import type { DbClient } from '../db/client.ts'
import type { Prisma } from '../generated/prisma/client.ts'

/** Topics the outbox carries; the dispatcher (e-mail issue) routes each to a queue. */
export type OutboxTopic =
  | 'application.received'
  | 'application.stage_moved'
  | 'application.offer'
  | 'application.decision_needed'
  | 'application.rejected'
  | 'application.hired'
  | 'application.withdrawn'
  | 'application.reopened'
  | 'scorecard.reminder'
  | 'scorecard.escalation'
  | 'interview.scheduled'
  | 'interview.updated'
  | 'interview.cancelled'
  | 'interview.reminder'
  | 'scheduling.link_sent'

/**
 * Writes an outbox row in the caller's transaction: the event exists if and only
 * if the change that caused it committed. Payloads carry ids, not personal data.
 */
export async function enqueueOutbox(db: DbClient, topic: OutboxTopic, payload: Prisma.InputJsonValue, availableAt?: Date): Promise<void> {
  await db.outboxEvent.create({ data: { topic, payload, ...(availableAt ? { availableAt } : {}) } })
}
