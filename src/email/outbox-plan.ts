import type { NotificationKind } from '../generated/prisma/enums.ts'

/** An outbox row as the dispatcher reads it. */
export interface OutboxRow {
  id: string
  topic: string
  payload: Record<string, unknown>
}

/** One e-mail an outbox event owes someone. */
export interface PlannedNotification {
  kind: NotificationKind
  /** Stable for the event and recipient: dispatching the same event again cannot owe a second e-mail. */
  idempotencyKey: string
  candidateId: string | null
  userId: string | null
  applicationId: string | null
  interviewId: string | null
  stageId: string | null
  panelistId: string | null
}

/** What the dispatcher looks up before planning: facts that decide whether and to whom. */
export interface PlanLookups {
  /** Each application's latest transition, to drop a delayed rejection that was since undone. */
  latestTransition: Map<string, string>
  /** Each job's hiring managers. */
  hiringManagers: Map<string, string[]>
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null)

/** Topics whose events owe the candidate an e-mail, and which. */
const candidateTopics: Record<string, NotificationKind> = {
  'application.received': 'APPLICATION_RECEIVED',
  'application.stage_moved': 'STAGE_MOVED',
  'application.offer': 'OFFER',
  'application.rejected': 'REJECTION',
}

/**
 * The notifications an outbox event owes. Topics nobody is e-mailed about
 * (hired, withdrawn, reopened: the recruiter tells the candidate in person)
 * owe none and are simply marked dispatched.
 */
export function planNotifications(event: OutboxRow, lookups: PlanLookups): PlannedNotification[] {
  const p = event.payload
  const key = str(p.dedupeKey) ?? event.id
  const base = { applicationId: str(p.applicationId), interviewId: str(p.interviewId), stageId: str(p.toStageId) ?? str(p.stageId), panelistId: null }
  const candidateKind = candidateTopics[event.topic]
  if (candidateKind) {
    const candidateId = str(p.candidateId)
    if (!candidateId) return []
    if (candidateKind === 'REJECTION' && base.applicationId && lookups.latestTransition.get(base.applicationId) !== str(p.transitionId)) return []
    return [{ kind: candidateKind, idempotencyKey: `${candidateKind}:${key}:${candidateId}`, candidateId, userId: null, ...base }]
  }
  const toUser = (kind: NotificationKind, userId: string | null, extra: Partial<PlannedNotification> = {}): PlannedNotification[] =>
    userId ? [{ kind, idempotencyKey: `${kind}:${key}:${userId}`, candidateId: null, userId, ...base, ...extra }] : []
  switch (event.topic) {
    case 'scorecard.reminder':
      return toUser('SCORECARD_DUE', str(p.recipientId))
    case 'scorecard.escalation':
      return toUser('SCORECARD_OVERDUE', str(p.recipientId), { panelistId: str(p.panelistId) })
    case 'application.decision_needed':
      return (lookups.hiringManagers.get(str(p.jobId) ?? '') ?? []).flatMap((userId) => toUser('DECISION_NEEDED', userId))
    default:
      return []
  }
}
