import type { NotificationKind } from '../generated/prisma/enums.ts'

/** Who an e-mail of a kind goes to. */
export type Audience = 'candidate' | 'team'

export interface KindPolicy {
  audience: Audience
  /**
   * Optional e-mails are courtesies (a stage update, a reminder): a candidate
   * who opted out of optional e-mail does not get them. The rest are part of
   * the process itself (an invitation, a rejection) and always go out.
   */
  optional: boolean
  /**
   * Interview e-mails: the calendar file they carry (METHOD), if any, and
   * whether a later change to the interview makes them wrong (an invitation,
   * update or reminder describes the interview as it stood; a cancellation
   * always goes, so no calendar keeps an interview that is off).
   */
  calendar?: 'REQUEST' | 'CANCEL'
  supersedable?: true
}

/** Every notification kind's audience and whether it is optional. A Record, so a new kind must be placed. */
export const kindPolicies: Record<NotificationKind, KindPolicy> = {
  APPLICATION_RECEIVED: { audience: 'candidate', optional: false },
  STAGE_MOVED: { audience: 'candidate', optional: true },
  INTERVIEW_INVITATION: { audience: 'candidate', optional: false, calendar: 'REQUEST', supersedable: true },
  INTERVIEW_UPDATE: { audience: 'candidate', optional: false, calendar: 'REQUEST', supersedable: true },
  INTERVIEW_CANCELLATION: { audience: 'candidate', optional: false, calendar: 'CANCEL' },
  INTERVIEW_REMINDER: { audience: 'candidate', optional: true, supersedable: true },
  SCHEDULING_LINK: { audience: 'candidate', optional: false },
  REJECTION: { audience: 'candidate', optional: false },
  OFFER: { audience: 'candidate', optional: false },
  TEAM_INTERVIEW_INVITATION: { audience: 'team', optional: false, calendar: 'REQUEST', supersedable: true },
  TEAM_INTERVIEW_REMINDER: { audience: 'team', optional: false, supersedable: true },
  TEAM_INTERVIEW_UPDATE: { audience: 'team', optional: false, calendar: 'REQUEST', supersedable: true },
  TEAM_INTERVIEW_CANCELLATION: { audience: 'team', optional: false, calendar: 'CANCEL' },
  SCORECARD_DUE: { audience: 'team', optional: false },
  SCORECARD_OVERDUE: { audience: 'team', optional: false },
  DECISION_NEEDED: { audience: 'team', optional: false },
}

export const notificationKinds = Object.keys(kindPolicies) as NotificationKind[]
