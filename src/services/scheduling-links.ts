import { v7 as uuidv7 } from 'uuid'
import type { DbClient } from '../db/client.ts'
import { linkToken, linkTokenHash, type LinkKey } from '../scheduling/link-token.ts'
import { minutesBetween } from '../lib/time.ts'

// The candidate's own links to an interview: one to move it, one to cancel it.
// They are made with every booking and change (the e-mail about it carries
// them) and die with the next change, at the interview's start, or on use.

/** Makes the RESCHEDULE and CANCEL links for an interview as it now stands. */
export async function issueInterviewLinks(
  tx: DbClient, key: LinkKey, interview: { id: string; applicationId: string; stageId: string; startsAt: Date; endsAt: Date; timeZone: string },
  panelUserIds: string[], createdById: string | null,
): Promise<void> {
  const durationMinutes = minutesBetween(interview.startsAt, interview.endsAt)
  const data = (['RESCHEDULE', 'CANCEL'] as const).map((purpose) => {
    const id = uuidv7()
    return {
      id, purpose, applicationId: interview.applicationId, stageId: interview.stageId, interviewId: interview.id,
      tokenHash: linkTokenHash(linkToken(key, id)), durationMinutes, panelUserIds, expiresAt: interview.startsAt,
      timeZone: interview.timeZone, createdById,
    }
  })
  await tx.schedulingLink.createMany({ data })
}

/** Ends the interview's open links: after a change the old ones would act on what is no longer there. */
export async function revokeInterviewLinks(tx: DbClient, interviewId: string): Promise<void> {
  await tx.schedulingLink.updateMany({ where: { interviewId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } })
}
