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
  /** The interview's SEQUENCE the e-mail describes (interview e-mails only). */
  interviewSequence: number | null
  schedulingLinkId: string | null
}

/** What the dispatcher looks up before planning: facts that decide whether and to whom. */
export interface PlanLookups {
  /** Each application's latest transition, to drop a delayed rejection that was since undone. */
  latestTransition: Map<string, string>
  /** Each job's hiring managers. */
  hiringManagers: Map<string, string[]>
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null)
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null)
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [])

/**
 * Interview topics: what the candidate gets, and what each panelist gets —
 * those staying on the panel, those added by the change, those taken off it.
 */
const interviewTopics: Record<string, { candidate: NotificationKind; panel: NotificationKind; added?: NotificationKind; removed?: NotificationKind }> = {
  'interview.scheduled': { candidate: 'INTERVIEW_INVITATION', panel: 'TEAM_INTERVIEW_INVITATION' },
  'interview.updated': { candidate: 'INTERVIEW_UPDATE', panel: 'TEAM_INTERVIEW_UPDATE', added: 'TEAM_INTERVIEW_INVITATION', removed: 'TEAM_INTERVIEW_CANCELLATION' },
  'interview.cancelled': { candidate: 'INTERVIEW_CANCELLATION', panel: 'TEAM_INTERVIEW_CANCELLATION' },
  'interview.reminder': { candidate: 'INTERVIEW_REMINDER', panel: 'TEAM_INTERVIEW_REMINDER' },
}

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
  const base = {
    applicationId: str(p.applicationId), interviewId: str(p.interviewId), stageId: str(p.toStageId) ?? str(p.stageId), panelistId: null,
    interviewSequence: num(p.sequence), schedulingLinkId: str(p.linkId),
  }
  const candidateKind = candidateTopics[event.topic]
  if (candidateKind) {
    const candidateId = str(p.candidateId)
    if (!candidateId) return []
    if (candidateKind === 'REJECTION' && base.applicationId && lookups.latestTransition.get(base.applicationId) !== str(p.transitionId)) return []
    return [{ kind: candidateKind, idempotencyKey: `${candidateKind}:${key}:${candidateId}`, candidateId, userId: null, ...base }]
  }
  const toUser = (kind: NotificationKind, userId: string | null, extra: Partial<PlannedNotification> = {}): PlannedNotification[] =>
    userId ? [{ kind, idempotencyKey: `${kind}:${key}:${userId}`, candidateId: null, userId, ...base, ...extra }] : []
  const interviewKinds = interviewTopics[event.topic]
  if (interviewKinds) {
    const candidateId = str(p.candidateId)
    return [
      ...(candidateId ? [{ kind: interviewKinds.candidate, idempotencyKey: `${interviewKinds.candidate}:${key}:${candidateId}`, candidateId, userId: null, ...base }] : []),
      ...ids(p.panelUserIds).flatMap((userId) => toUser(interviewKinds.panel, userId)),
      ...(interviewKinds.added ? ids(p.addedUserIds).flatMap((userId) => toUser(interviewKinds.added!, userId)) : []),
      ...(interviewKinds.removed ? ids(p.removedUserIds).flatMap((userId) => toUser(interviewKinds.removed!, userId)) : []),
    ]
  }
  switch (event.topic) {
    case 'scheduling.link_sent': {
      const candidateId = str(p.candidateId)
      return candidateId ? [{ kind: 'SCHEDULING_LINK', idempotencyKey: `SCHEDULING_LINK:${key}:${candidateId}`, candidateId, userId: null, ...base }] : []
    }
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
