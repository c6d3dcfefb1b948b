import type { DbClient } from '../db/client.ts'
import type { Prisma } from '../generated/prisma/client.ts'

export interface AuditEntry {
  action: string
  actorId: string | null
  entityType: string
  entityId?: string | null
  candidateId?: string | null
  jobId?: string | null
  /** What changed. No personal data beyond ids: audit rows outlive erasure. */
  payload?: Prisma.InputJsonValue
  requestId?: string | null
}

/** Appends an audit event; pass the transaction client so it commits with the change it records. */
export async function recordAudit(db: DbClient, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: entry.action,
      actorId: entry.actorId,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      candidateId: entry.candidateId ?? null,
      jobId: entry.jobId ?? null,
      payload: entry.payload ?? {},
      requestId: entry.requestId ?? null,
    },
  })
}
