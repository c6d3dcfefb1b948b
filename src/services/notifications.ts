import type { DbClient, Db } from '../db/client.ts'
import type { NotificationKind, NotificationStatus } from '../generated/prisma/enums.ts'
import { Errors } from '../errors.ts'
import { recordAudit } from './audit.ts'

export interface NotificationFilter {
  status?: NotificationStatus
  kind?: NotificationKind
  candidateId?: string
  applicationId?: string
  limit: number
  /** The last id of the previous page: newest first, by uuid v7. */
  before?: string
}

const listed = {
  id: true, kind: true, status: true, candidateId: true, userId: true, applicationId: true, interviewId: true,
  toAddress: true, subject: true, attempts: true, lastError: true, dueAt: true, sentAt: true, createdAt: true, updatedAt: true,
} as const

/** Notifications, newest first (ids are uuid v7, so id order is creation order); keyset by id. */
export async function listNotifications(db: DbClient, f: NotificationFilter) {
  const rows = await db.notification.findMany({
    where: {
      ...(f.status ? { status: f.status } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.candidateId ? { candidateId: f.candidateId } : {}),
      ...(f.applicationId ? { applicationId: f.applicationId } : {}),
      ...(f.before ? { id: { lt: f.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: f.limit + 1,
    select: listed,
  })
  const items = rows.slice(0, f.limit)
  return { items, next: rows.length > f.limit ? items.at(-1)!.id : null }
}

export async function getNotification(db: DbClient, id: string) {
  const row = await db.notification.findUnique({
    where: { id },
    select: { ...listed, deliveries: { orderBy: { attemptedAt: 'asc' }, select: { outcome: true, smtpCode: true, detail: true, attemptedAt: true } } },
  })
  if (!row) throw new Errors.NotFound('Notification')
  return row
}

/**
 * An admin sends a failed notification again: back to PENDING and not yet
 * queued, which the dispatcher turns into a new send job. The API needs no Redis for it.
 * Only FAILED ones: a PENDING one is still being tried, a SENT one went out,
 * a CANCELLED one was withheld on purpose (erased, opted out).
 */
export async function retryNotification(db: Db, id: string, actor: { userId: string; requestId: string | null }) {
  await db.$transaction(async (tx) => {
    // Back to PENDING and not yet queued: the dispatcher adds a new send job (its id carries the attempt count).
    const updated = await tx.notification.updateMany({ where: { id, status: 'FAILED' }, data: { status: 'PENDING', lastError: null, enqueuedAt: null, claimedBy: null } })
    if (updated.count === 0) {
      const current = await tx.notification.findUnique({ where: { id }, select: { status: true } })
      if (!current) throw new Errors.NotFound('Notification')
      throw new Errors.Conflict(`only a failed notification is retried; this one is ${current.status.toLowerCase()}`)
    }
    const n = await tx.notification.findUniqueOrThrow({ where: { id }, select: { candidateId: true, application: { select: { jobId: true, candidateId: true } } } })
    await recordAudit(tx, {
      action: 'notification.retried', actorId: actor.userId, entityType: 'notification', entityId: id,
      candidateId: n.candidateId ?? n.application?.candidateId ?? null, jobId: n.application?.jobId ?? null, requestId: actor.requestId,
    })
  })
  return getNotification(db, id)
}
