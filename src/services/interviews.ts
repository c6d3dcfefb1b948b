import type { Db, DbClient } from '../db/client.ts'
import { conflictWith, Errors } from '../errors.ts'
import type { InterviewChangeKind } from '../generated/prisma/enums.ts'
import { senderDomain } from '../email/transport.ts'
import { recordAudit } from './audit.ts'
import { enqueueOutbox } from './outbox.ts'
import { assertOnTeam, assertPanelFree, interviewTarget, isDoubleBooking, newIcalUid, type InterviewActor } from './interview-booking.ts'
import { issueInterviewLinks, revokeInterviewLinks } from './scheduling-links.ts'
import type { LinkKey } from '../scheduling/link-token.ts'
import { MINUTE_MS, minutesBetween } from '../lib/time.ts'
import type { Principal } from './sessions.ts'

export interface BookingRequest {
  applicationId: string
  stageId: string
  panelUserIds: string[]
  startsAt: Date
  durationMinutes: number
  timeZone: string
  location: string | null
  videoUrl: string | null
  panelNotes: string | null
  /** Candidates booking through a link must respect each interviewer's notice; recruiters may book sooner. */
  enforceMinNotice: boolean
  actor: InterviewActor
  /** Who reads a 409: see assertPanelFree (null: a candidate, who sees no other interview). */
  viewer: Principal | null
  requestId: string | null
}

export interface RescheduleRequest {
  interviewId: string
  expectedSequence: number | null
  startsAt?: Date
  durationMinutes?: number
  panelUserIds?: string[]
  timeZone?: string
  location?: string | null
  videoUrl?: string | null
  panelNotes?: string | null
  reason: string | null
  enforceMinNotice: boolean
  actor: InterviewActor
  viewer: Principal | null
  requestId: string | null
}

export interface InterviewSettings {
  mailFrom: string
  linkKey: LinkKey
}

export const interviewFields = {
  id: true, applicationId: true, stageId: true, status: true, startsAt: true, endsAt: true, timeZone: true, location: true, videoUrl: true,
  panelNotes: true, icalUid: true, sequence: true, cancelReason: true, createdById: true, createdAt: true, updatedAt: true,
  panel: { where: { active: true }, select: { userId: true, user: { select: { name: true } } }, orderBy: { userId: 'asc' } },
} as const

type InterviewRow = { panel: Array<{ userId: string; user: { name: string } }>; startsAt: Date; endsAt: Date; createdAt: Date; updatedAt: Date } & Record<string, unknown>

export function interviewJson<T extends InterviewRow>(row: T) {
  const { panel, ...rest } = row
  return {
    ...rest,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    panel: panel.map((p) => ({ userId: p.userId, name: p.user.name })),
  }
}

/**
 * Booking, rescheduling, cancelling and closing interviews. Each change is one
 * transaction: the interview and its panel rows, a history row, an audit
 * event, the candidate's fresh reschedule/cancel links, and the outbox event
 * the e-mails (and their calendar files) and reminders come from.
 */
export function createInterviewsService(db: Db, settings: InterviewSettings) {
  const icalDomain = senderDomain(settings.mailFrom)

  /** Books an interview for an application's interview stage, or 409 naming what is in the way. */
  async function book(tx: DbClient, req: BookingRequest) {
    const { application, stage } = await interviewTarget(tx, req.applicationId, req.stageId, req.panelUserIds)
    const slot = { startsAt: req.startsAt, endsAt: new Date(req.startsAt.getTime() + req.durationMinutes * MINUTE_MS) }
    await assertPanelFree(tx, req.panelUserIds, slot, { enforceMinNotice: req.enforceMinNotice, viewer: req.viewer })

    const interview = await insertGuarded(() => tx.interview.create({
      data: {
        applicationId: application.id, stageId: stage.id, startsAt: slot.startsAt, endsAt: slot.endsAt, timeZone: req.timeZone,
        location: req.location, videoUrl: req.videoUrl, panelNotes: req.panelNotes, icalUid: newIcalUid(icalDomain), createdById: req.actor.userId,
        panel: { create: req.panelUserIds.map((userId) => ({ userId, startsAt: slot.startsAt, endsAt: slot.endsAt })) },
      },
      select: interviewFields,
    }))
    await recordChange(tx, 'SCHEDULED', interview, req.panelUserIds, null, req.actor)
    await recordAudit(tx, {
      action: 'interview.scheduled', actorId: req.actor.userId, entityType: 'interview', entityId: interview.id,
      candidateId: application.candidateId, jobId: application.jobId, requestId: req.requestId,
      payload: { applicationId: application.id, stageId: stage.id, startsAt: slot.startsAt.toISOString(), panelUserIds: req.panelUserIds, byCandidate: req.actor.byCandidate },
    })
    await issueInterviewLinks(tx, settings.linkKey, interview, req.panelUserIds, req.actor.userId)
    await enqueueOutbox(tx, 'interview.scheduled', {
      interviewId: interview.id, applicationId: application.id, candidateId: application.candidateId, stageId: stage.id,
      sequence: interview.sequence, panelUserIds: req.panelUserIds, dedupeKey: `${interview.id}:${interview.sequence}`,
    })
    return interview
  }

  /** Moves an interview, changes its panel or its details; raises SEQUENCE and sends updates. */
  async function reschedule(tx: DbClient, req: RescheduleRequest) {
    const current = await lockScheduled(tx, req.interviewId, req.expectedSequence)
    const application = await tx.application.findUniqueOrThrow({ where: { id: current.applicationId }, select: { jobId: true, candidateId: true, status: true } })
    if (application.status !== 'ACTIVE') throw new Errors.Conflict(`The application is ${application.status.toLowerCase()}: cancel the interview instead`)
    const before = current.panel.map((p) => p.userId)
    const panelUserIds = req.panelUserIds ?? before
    const startsAt = req.startsAt ?? current.startsAt
    const duration = req.durationMinutes ?? minutesBetween(current.startsAt, current.endsAt)
    const slot = { startsAt, endsAt: new Date(startsAt.getTime() + duration * MINUTE_MS) }
    const added = panelUserIds.filter((id) => !before.includes(id))
    const removed = before.filter((id) => !panelUserIds.includes(id))
    const timeChanged = slot.startsAt.getTime() !== current.startsAt.getTime() || slot.endsAt.getTime() !== current.endsAt.getTime()
    if (added.length) await assertOnTeam(tx, application.jobId, added)
    // Only a new time or a new panelist needs the panel to be free; a changed room does not.
    if (timeChanged || added.length) await assertPanelFree(tx, panelUserIds, slot, { enforceMinNotice: req.enforceMinNotice, exceptInterviewId: current.id, viewer: req.viewer })

    const interview = await insertGuarded(async () => {
      await tx.interviewInterviewer.updateMany({ where: { interviewId: current.id, userId: { in: removed } }, data: { active: false } })
      for (const userId of panelUserIds) {
        await tx.interviewInterviewer.upsert({
          where: { interviewId_userId: { interviewId: current.id, userId } },
          create: { interviewId: current.id, userId, startsAt: slot.startsAt, endsAt: slot.endsAt },
          update: { startsAt: slot.startsAt, endsAt: slot.endsAt, active: true },
        })
      }
      return tx.interview.update({
        where: { id: current.id },
        data: {
          startsAt: slot.startsAt, endsAt: slot.endsAt, sequence: { increment: 1 },
          ...(req.timeZone !== undefined ? { timeZone: req.timeZone } : {}),
          ...(req.location !== undefined ? { location: req.location } : {}),
          ...(req.videoUrl !== undefined ? { videoUrl: req.videoUrl } : {}),
          ...(req.panelNotes !== undefined ? { panelNotes: req.panelNotes } : {}),
        },
        select: interviewFields,
      })
    })
    await recordChange(tx, 'RESCHEDULED', interview, panelUserIds, req.reason, req.actor)
    await recordAudit(tx, {
      action: 'interview.rescheduled', actorId: req.actor.userId, entityType: 'interview', entityId: interview.id,
      candidateId: application.candidateId, jobId: application.jobId, requestId: req.requestId,
      payload: {
        from: { startsAt: current.startsAt.toISOString(), endsAt: current.endsAt.toISOString(), panelUserIds: before },
        to: { startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), panelUserIds },
        sequence: interview.sequence, byCandidate: req.actor.byCandidate,
      },
    })
    await revokeInterviewLinks(tx, interview.id)
    await issueInterviewLinks(tx, settings.linkKey, interview, panelUserIds, req.actor.userId)
    await enqueueOutbox(tx, 'interview.updated', {
      interviewId: interview.id, applicationId: interview.applicationId, candidateId: application.candidateId, stageId: interview.stageId,
      sequence: interview.sequence, panelUserIds: panelUserIds.filter((id) => !added.includes(id)), addedUserIds: added, removedUserIds: removed,
      dedupeKey: `${interview.id}:${interview.sequence}`,
    })
    return interview
  }

  /** Marks an interview that has ended as held or as a no-show (and corrects one to the other). */
  async function recordOutcome(tx: DbClient, req: { interviewId: string; outcome: 'COMPLETED' | 'NO_SHOW'; actor: InterviewActor; requestId: string | null }) {
    const [row] = await tx.$queryRaw<Array<{ status: string; ends_at: Date }>>`SELECT status::text, ends_at FROM interviews WHERE id = ${req.interviewId}::uuid FOR UPDATE`
    if (!row) throw new Errors.NotFound('Interview')
    if (row.status === 'CANCELLED') throw new Errors.Conflict('The interview was cancelled')
    if (row.ends_at > new Date()) throw new Errors.Conflict(`The interview has not ended yet (it ends at ${row.ends_at.toISOString()})`)
    const interview = await tx.interview.update({ where: { id: req.interviewId }, data: { status: req.outcome }, select: interviewFields })
    await recordChange(tx, req.outcome, interview, interview.panel.map((p) => p.userId), null, req.actor)
    await recordAudit(tx, { action: `interview.${req.outcome.toLowerCase()}`, actorId: req.actor.userId, entityType: 'interview', entityId: interview.id, requestId: req.requestId, payload: {} })
    return interview
  }

  return {
    book: (req: BookingRequest) => db.$transaction((tx) => book(tx, req)),
    reschedule: (req: RescheduleRequest) => db.$transaction((tx) => reschedule(tx, req)),
    cancel: (req: Parameters<typeof cancelInterview>[1]) => db.$transaction((tx) => cancelInterview(tx, req)),
    recordOutcome: (req: Parameters<typeof recordOutcome>[1]) => db.$transaction((tx) => recordOutcome(tx, req)),
    /** The same operations inside a caller's transaction (the candidate pages). */
    inTransaction: { book, reschedule, cancel: cancelInterview },
  }
}

export type InterviewsService = ReturnType<typeof createInterviewsService>

/** Cancels an interview: frees the panel, keeps the history, sends cancellations (the candidate's, unless erased, and the panel's). */
export async function cancelInterview(tx: DbClient, req: { interviewId: string; expectedSequence: number | null; reason: string | null; actor: InterviewActor; requestId: string | null }) {
  const current = await lockScheduled(tx, req.interviewId, req.expectedSequence)
  const panelUserIds = current.panel.map((p) => p.userId)
  await tx.interviewInterviewer.updateMany({ where: { interviewId: current.id }, data: { active: false } })
  const interview = await tx.interview.update({
    where: { id: current.id }, data: { status: 'CANCELLED', cancelReason: req.reason, sequence: { increment: 1 } }, select: interviewFields,
  })
  const application = await tx.application.findUniqueOrThrow({ where: { id: current.applicationId }, select: { jobId: true, candidateId: true } })
  await recordChange(tx, 'CANCELLED', interview, panelUserIds, req.reason, req.actor)
  await recordAudit(tx, {
    action: 'interview.cancelled', actorId: req.actor.userId, entityType: 'interview', entityId: interview.id,
    candidateId: application.candidateId, jobId: application.jobId, requestId: req.requestId,
    payload: { sequence: interview.sequence, byCandidate: req.actor.byCandidate },
  })
  await revokeInterviewLinks(tx, interview.id)
  await enqueueOutbox(tx, 'interview.cancelled', {
    interviewId: interview.id, applicationId: interview.applicationId, candidateId: application.candidateId, stageId: interview.stageId,
    sequence: interview.sequence, panelUserIds, dedupeKey: `${interview.id}:${interview.sequence}`,
  })
  return { ...interview, panelUserIds }
}

/** Locks a scheduled interview for a change; 404, 409 when it is no longer scheduled, 412 on a stale If-Match. */
async function lockScheduled(tx: DbClient, interviewId: string, expectedSequence: number | null) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM interviews WHERE id = ${interviewId}::uuid FOR UPDATE`
  if (!locked.length) throw new Errors.NotFound('Interview')
  const current = await tx.interview.findUniqueOrThrow({ where: { id: interviewId }, select: interviewFields })
  if (current.status !== 'SCHEDULED') throw new Errors.Conflict(`The interview is ${current.status.toLowerCase().replace('_', '-')}: only a scheduled interview can be changed`)
  if (expectedSequence !== null && expectedSequence !== current.sequence) {
    throw new Errors.PreconditionFailed(`The interview has changed since you read it (it is at version ${current.sequence}); read it again`)
  }
  return current
}

async function recordChange(
  tx: DbClient, kind: InterviewChangeKind, interview: { id: string; sequence: number; startsAt: Date; endsAt: Date }, panelUserIds: string[], reason: string | null, actor: InterviewActor,
) {
  await tx.interviewChange.create({
    data: {
      interviewId: interview.id, kind, sequence: interview.sequence, startsAt: interview.startsAt, endsAt: interview.endsAt,
      panelUserIds, reason, changedById: actor.userId, byCandidate: actor.byCandidate,
    },
  })
}

/** Runs a write that may trip the no-double-booking constraint, and answers that as a 409. */
async function insertGuarded<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isDoubleBooking(error)) throw conflictWith('An interviewer on the panel was booked for an overlapping interview at the same moment', [], 'PanelNotFree')
    throw error
  }
}

