import { v7 as uuidv7 } from 'uuid'
import type { Db, DbClient } from '../db/client.ts'
import { conflictWith, Errors } from '../errors.ts'
import { checkSlot, findCommonSlots, type TimeRange } from '../scheduling/availability.ts'
import { linkToken, linkTokenHash, linkUrl, readLinkToken, type LinkKey } from '../scheduling/link-token.ts'
import { loadPanelAvailability } from '../scheduling/panel-availability.ts'
import { recordAudit } from './audit.ts'
import { candidateActor, interviewTarget } from './interview-booking.ts'
import type { InterviewsService } from './interviews.ts'
import { enqueueOutbox } from './outbox.ts'

const MINUTE = 60_000
const DAY = 86_400_000
/** How far ahead a reschedule link offers new times. */
export const RESCHEDULE_HORIZON_DAYS = 14

export interface LinkOffer {
  applicationId: string
  stageId: string
  panelUserIds: string[]
  durationMinutes: number
  /** The times to offer; or a range the slot finder fills from the panel's common free time. */
  slots?: Date[]
  range?: { from: Date; to: Date }
  maxSlots: number
  expiresAt: Date
  timeZone: string
  location: string | null
  videoUrl: string | null
  panelNotes: string | null
  createdById: string
  requestId: string | null
}

/** What a link's page shows, decided from the token alone. */
export type LinkState =
  | { state: 'invalid' }
  | { state: 'expired' | 'revoked'; view: LinkView }
  | { state: 'used' | 'cancelled'; view: LinkView }
  | { state: 'open'; view: LinkView; slots: TimeRange[] }

export interface LinkView {
  linkId: string
  purpose: 'PICK' | 'RESCHEDULE' | 'CANCEL'
  candidateFirstName: string
  candidateTimeZone: string | null
  linkTimeZone: string
  jobTitle: string
  stageName: string
  durationMinutes: number
  expiresAt: Date
  interview: { id: string; startsAt: Date; endsAt: Date; status: string; location: string | null; videoUrl: string | null } | null
}

export type BookingOutcome =
  | { outcome: 'booked'; interviewId: string }
  | { outcome: 'taken' }
  | { outcome: 'not_open'; state: LinkState['state'] }

/**
 * Candidate self-scheduling: the recruiter's offer (a PICK link with its
 * slots), and what the candidate does with any link. Booking goes through the
 * interviews service, so a link books under exactly the rules (and the
 * no-double-booking guarantee) an API booking does.
 */
export function createSelfSchedulingService(db: Db, interviews: InterviewsService, settings: { linkKey: LinkKey; publicUrl: string }) {
  /** Creates a PICK link with its offered slots and owes the candidate the e-mail; answers with its URL. */
  async function offer(req: LinkOffer) {
    return db.$transaction(async (tx) => {
      const { application, stage } = await interviewTarget(tx, req.applicationId, req.stageId, req.panelUserIds)
      const slots = await offeredSlots(tx, req)
      const id = uuidv7()
      const token = linkToken(settings.linkKey, id)
      const link = await tx.schedulingLink.create({
        data: {
          id, purpose: 'PICK', applicationId: application.id, stageId: stage.id, tokenHash: linkTokenHash(token), durationMinutes: req.durationMinutes,
          panelUserIds: req.panelUserIds, expiresAt: req.expiresAt, timeZone: req.timeZone, location: req.location, videoUrl: req.videoUrl,
          panelNotes: req.panelNotes, createdById: req.createdById,
          slots: { create: slots.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })) },
        },
        select: { id: true, expiresAt: true, createdAt: true },
      })
      await recordAudit(tx, {
        action: 'scheduling_link.sent', actorId: req.createdById, entityType: 'scheduling_link', entityId: link.id,
        candidateId: application.candidateId, jobId: application.jobId, requestId: req.requestId,
        payload: { applicationId: application.id, stageId: stage.id, slots: slots.length, expiresAt: link.expiresAt.toISOString() },
      })
      await enqueueOutbox(tx, 'scheduling.link_sent', { linkId: link.id, applicationId: application.id, candidateId: application.candidateId, stageId: stage.id })
      return {
        id: link.id, url: linkUrl(settings.publicUrl, token), expiresAt: link.expiresAt.toISOString(), createdAt: link.createdAt.toISOString(),
        slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
      }
    })
  }

  /** The slots a new link offers: the recruiter's, each checked free now, or the panel's common free time in the range. */
  async function offeredSlots(tx: DbClient, req: LinkOffer): Promise<TimeRange[]> {
    const now = new Date()
    if (req.slots?.length) {
      const wanted = [...new Set(req.slots.map((s) => s.getTime()))].sort((a, b) => a - b).map((t) => ({ startsAt: new Date(t), endsAt: new Date(t + req.durationMinutes * MINUTE) }))
      const panel = await loadPanelAvailability(tx, req.panelUserIds, wanted[0]!.startsAt, wanted.at(-1)!.endsAt)
      const refused = wanted.flatMap((slot) => checkSlot(panel, slot, now).map((c) => ({ ...c, startsAt: slot.startsAt.toISOString() })))
      if (refused.length) throw conflictWith('Some offered times do not suit the panel: see conflicts', refused)
      return wanted
    }
    const range = req.range!
    const panel = await loadPanelAvailability(tx, req.panelUserIds, range.from, range.to)
    const found = findCommonSlots(panel, { from: range.from, to: range.to, durationMinutes: req.durationMinutes, now, limit: req.maxSlots })
    if (!found.length) throw new Errors.Conflict('The panel has no common free time of that length in that range: widen the range or change the panel')
    return found
  }

  /** Reads a link's state for its page. Never throws for a bad token: every failure is a state the page explains. */
  async function open(token: string, client: DbClient = db): Promise<LinkState> {
    const linkId = readLinkToken(settings.linkKey, token)
    if (!linkId) return { state: 'invalid' }
    const link = await client.schedulingLink.findUnique({
      where: { id: linkId },
      select: {
        id: true, purpose: true, tokenHash: true, durationMinutes: true, panelUserIds: true, expiresAt: true, usedAt: true, revokedAt: true, timeZone: true,
        stage: { select: { name: true } },
        application: { select: { candidate: { select: { firstName: true, timeZone: true, erasedAt: true } }, job: { select: { title: true } } } },
        interview: { select: { id: true, startsAt: true, endsAt: true, status: true, location: true, videoUrl: true } },
        slots: { where: { bookedAt: null }, select: { startsAt: true, endsAt: true }, orderBy: { startsAt: 'asc' } },
      },
    })
    if (!link || link.tokenHash !== linkTokenHash(token) || link.application.candidate.erasedAt) return { state: 'invalid' }
    const view: LinkView = {
      linkId: link.id, purpose: link.purpose, candidateFirstName: link.application.candidate.firstName, candidateTimeZone: link.application.candidate.timeZone,
      linkTimeZone: link.timeZone, jobTitle: link.application.job.title, stageName: link.stage.name, durationMinutes: link.durationMinutes,
      expiresAt: link.expiresAt, interview: link.interview,
    }
    if (link.usedAt) return { state: 'used', view }
    if (link.interview && link.interview.status === 'CANCELLED') return { state: 'cancelled', view }
    if (link.revokedAt) return { state: 'revoked', view }
    if (link.expiresAt <= new Date()) return { state: 'expired', view }
    if (link.purpose === 'CANCEL') return { state: 'open', view, slots: [] }
    return { state: 'open', view, slots: await freeSlots(client, link, link.slots) }
  }

  /** The slots still bookable now: a PICK link's offers the panel is still free for, or for a reschedule, the panel's free time ahead. */
  async function freeSlots(client: DbClient, link: { purpose: string; panelUserIds: string[]; durationMinutes: number; interview: { id: string } | null }, offered: TimeRange[]) {
    const now = new Date()
    if (link.purpose === 'PICK') {
      const future = offered.filter((s) => s.startsAt > now)
      if (!future.length) return []
      const panel = await loadPanelAvailability(client, link.panelUserIds, future[0]!.startsAt, future.at(-1)!.endsAt)
      return future.filter((slot) => checkSlot(panel, slot, now).length === 0)
    }
    const to = new Date(now.getTime() + RESCHEDULE_HORIZON_DAYS * DAY)
    const panel = await loadPanelAvailability(client, link.panelUserIds, now, to, link.interview?.id)
    return findCommonSlots(panel, { from: now, to, durationMinutes: link.durationMinutes, now, limit: 120 })
  }

  /**
   * Books (PICK) or moves (RESCHEDULE) the interview at the chosen time. The
   * link row is locked first, so two tabs of one link book once; the booking
   * itself runs the panel checks and the exclusion constraint, so two links
   * racing for one panel's time book once. The loser learns the time is taken.
   */
  async function choose(token: string, startsAt: Date, timeZone: string | null, requestId: string | null): Promise<BookingOutcome> {
    try {
      return await db.$transaction(async (tx) => {
        const linkId = readLinkToken(settings.linkKey, token)
        if (!linkId) return { outcome: 'not_open', state: 'invalid' } as const
        await tx.$queryRaw`SELECT id FROM scheduling_links WHERE id = ${linkId}::uuid FOR UPDATE`
        const state = await open(token, tx)
        if (state.state !== 'open' || state.view.purpose === 'CANCEL') return { outcome: 'not_open', state: state.state } as const
        const offered = state.slots.some((s) => s.startsAt.getTime() === startsAt.getTime())
        if (!offered) return { outcome: 'taken' } as const
        const link = await tx.schedulingLink.findUniqueOrThrow({ where: { id: linkId } })
        const interview = link.purpose === 'PICK'
          ? await interviews.inTransaction.book(tx, {
              applicationId: link.applicationId, stageId: link.stageId, panelUserIds: link.panelUserIds, startsAt, durationMinutes: link.durationMinutes,
              timeZone: timeZone ?? link.timeZone, location: link.location, videoUrl: link.videoUrl, panelNotes: link.panelNotes,
              enforceMinNotice: true, actor: candidateActor, requestId,
            })
          : await interviews.inTransaction.reschedule(tx, {
              interviewId: link.interviewId!, expectedSequence: null, startsAt, reason: 'Moved by the candidate', enforceMinNotice: true, actor: candidateActor, requestId,
            })
        await tx.schedulingLink.update({ where: { id: link.id }, data: { usedAt: new Date(), ...(link.purpose === 'PICK' ? { interviewId: interview.id } : {}) } })
        if (link.purpose === 'PICK') await tx.schedulingSlot.updateMany({ where: { linkId: link.id, startsAt }, data: { bookedAt: new Date() } })
        return { outcome: 'booked', interviewId: interview.id } as const
      })
    } catch (error) {
      // The panel was taken between the page and the click (another link, a recruiter): not an error, a lost race.
      if ((error as { statusCode?: number }).statusCode === 409) return { outcome: 'taken' }
      throw error
    }
  }

  /** Cancels the interview a CANCEL (or RESCHEDULE) link belongs to. */
  async function cancel(token: string, reason: string | null, requestId: string | null): Promise<BookingOutcome> {
    return db.$transaction(async (tx) => {
      const linkId = readLinkToken(settings.linkKey, token)
      if (!linkId) return { outcome: 'not_open', state: 'invalid' } as const
      await tx.$queryRaw`SELECT id FROM scheduling_links WHERE id = ${linkId}::uuid FOR UPDATE`
      const state = await open(token, tx)
      if (state.state !== 'open' || !state.view.interview || state.view.purpose !== 'CANCEL') return { outcome: 'not_open', state: state.state } as const
      await interviews.inTransaction.cancel(tx, { interviewId: state.view.interview.id, expectedSequence: null, reason: reason ? `Cancelled by the candidate: ${reason}` : 'Cancelled by the candidate', actor: candidateActor, requestId })
      await tx.schedulingLink.update({ where: { id: linkId }, data: { usedAt: new Date() } })
      return { outcome: 'booked', interviewId: state.view.interview.id } as const
    })
  }

  /** Withdraws a PICK link the candidate has not used yet. */
  async function revoke(linkId: string, actorId: string, requestId: string | null) {
    return db.$transaction(async (tx) => {
      const link = await tx.schedulingLink.findUnique({ where: { id: linkId }, select: { id: true, usedAt: true, revokedAt: true, application: { select: { candidateId: true, jobId: true } } } })
      if (!link) throw new Errors.NotFound('Scheduling link')
      if (link.usedAt) throw new Errors.Conflict('The candidate has used this link already')
      if (!link.revokedAt) {
        await tx.schedulingLink.update({ where: { id: linkId }, data: { revokedAt: new Date() } })
        await recordAudit(tx, { action: 'scheduling_link.revoked', actorId, entityType: 'scheduling_link', entityId: linkId, candidateId: link.application.candidateId, jobId: link.application.jobId, requestId })
      }
    })
  }

  return { offer, open, choose, cancel, revoke }
}

export type SelfSchedulingService = ReturnType<typeof createSelfSchedulingService>
