import type { StageKind, TransitionKind } from '../../generated/prisma/enums.ts'
import type { OutboxTopic } from '../outbox.ts'
import { HOUR_MS } from '../../lib/time.ts'

export interface NotificationSettings {
  stageMovedEmails: boolean
  rejectionEmailDelayHours: number
  emailOptOut: boolean
  /** For a rejection: whether the recruiter chose to e-mail the candidate. */
  notifyCandidate?: boolean
  /** The kind of the stage entered, when the change enters another stage: reaching the offer stage owes the candidate the offer e-mail. */
  toStageKind?: StageKind
}

/**
 * The outbox event a transition triggers, if any. Stage-moved e-mails are
 * optional per job and per candidate (opt-out); reaching the offer stage always
 * owes the offer e-mail; rejections go out only when
 * asked, after the job's delay, so a mistaken rejection can be reopened unseen.
 */
export function notificationFor(kind: TransitionKind, s: NotificationSettings, now: Date): { topic: OutboxTopic; availableAt?: Date } | null {
  switch (kind) {
    case 'APPLIED':
      return { topic: 'application.received' }
    case 'ADVANCED':
    case 'MOVED':
      // The offer is news the candidate must get, whatever the job's stage-update setting.
      if (s.toStageKind === 'OFFER') return { topic: 'application.offer' }
      return s.stageMovedEmails && !s.emailOptOut ? { topic: 'application.stage_moved' } : null
    case 'REJECTED':
      return s.notifyCandidate ? { topic: 'application.rejected', availableAt: new Date(now.getTime() + s.rejectionEmailDelayHours * HOUR_MS) } : null
    case 'HIRED':
      return { topic: 'application.hired' }
    case 'WITHDRAWN':
      return { topic: 'application.withdrawn' }
    case 'REOPENED':
      // Reopened in the offer stage from another: the offer is the news, as for a move there.
      return s.toStageKind === 'OFFER' ? { topic: 'application.offer' } : { topic: 'application.reopened' }
  }
}
