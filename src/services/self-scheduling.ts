import { v7 as uuidv7 } from 'uuid'
import type { Db, DbClient } from '../db/client.ts'
import { conflictWith, Errors, isPanelNotFree } from '../errors.ts'
import { checkSlot, findCommonSlots, type TimeRange } from '../scheduling/availability.ts'
import { linkToken, linkTokenHash, linkUrl, readLinkToken, type LinkKey } from '../scheduling/link-token.ts'
import { loadPanelAvailability } from '../scheduling/panel-availability.ts'
import { recordAudit } from './audit.ts'
import { candidateActor, interviewTarget } from './interview-booking.ts'
import { lockCandidate } from './candidates.ts'
import type { InterviewsService } from './interviews.ts'
import { enqueueOutbox } from './outbox.ts'
import { DAY_MS, MINUTE_MS } from '../lib/time.ts'

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
  | { state: 'used' | 'cancelled' | 'closed' | 'unavailable' | 'unmovable'; view: LinkView }
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
      const wanted = [...new Set(req.slots.map((s) => s.getTime()))].sort((a, b) => a - b).map((t) => ({ startsAt: new Date(t), endsAt: new Date(t + req.durationMinutes * MINUTE_MS) }))
      const panel = await loadPanelAvailability(tx, req.panelUserIds, wanted[0]!.startsAt, wanted.at(-1)!.endsAt)
      const refused = wanted.flatMap((slot) => checkSlot(panel, slot, now).map((c) => ({ ...c, startsAt: slot.startsAt.toISOString() })))
      if (refused.length) throw conflictWith('Some offered times do not suit the panel: see conflicts', refused)
      return wanted
    }
    const range = req.range!
    const panel = await loadPanelAvailability(tx, req.panelUserIds, range.from, range.to)
    // On the clock of the zone the times are offered in, so a candidate there sees whole steps.
    const found = findCommonSlots(panel, { from: range.from, to: range.to, durationMinutes: req.durationMinutes, now, limit: req.maxSlots, gridTimeZone: req.timeZone })
    if (!found.length) throw new Errors.Conflict('The panel has no common free time of that length in that range: widen the range or change the panel')
    return found
  }

  /**
   * Reads a link and decides its state, without the free slots (what a page
   * shows, and what an action checks before it acts). Never throws for a bad
   * token: every failure is a state the page explains.
   */
  async function readLink(token: string, client: DbClient) {
    const linkId = readLinkToken(settings.linkKey, token)
    if (!linkId) return { state: 'invalid' as const }
    const link = await client.schedulingLink.findUnique({
      where: { id: linkId },
      select: {
        id: true, purpose: true, tokenHash: true, durationMinutes: true, panelUserIds: true, expiresAt: true, usedAt: true, revokedAt: true, timeZone: true,
        applicationId: true, stageId: true, interviewId: true, location: true, videoUrl: true, panelNotes: true,
        stage: { select: { name: true, kind: true, archivedAt: true } },
        application: {
          select: {
            status: true, candidate: { select: { firstName: true, timeZone: true, erasedAt: true } },
            job: { select: { title: true, team: { where: { user: { active: true } }, select: { userId: true } } } },
          },
        },
        interview: { select: { id: true, startsAt: true, endsAt: true, status: true, location: true, videoUrl: true } },
        slots: { where: { bookedAt: null }, select: { startsAt: true, endsAt: true }, orderBy: { startsAt: 'asc' } },
      },
    })
    if (!link || link.tokenHash !== linkTokenHash(token) || link.application.candidate.erasedAt) return { state: 'invalid' as const }
    const view: LinkView = {
      linkId: link.id, purpose: link.purpose, candidateFirstName: link.application.candidate.firstName, candidateTimeZone: link.application.candidate.timeZone,
      linkTimeZone: link.timeZone, jobTitle: link.application.job.title, stageName: link.stage.name, durationMinutes: link.durationMinutes,
      expiresAt: link.expiresAt, interview: link.interview,
    }
    const state = link.usedAt ? 'used'
      : link.interview?.status === 'CANCELLED' ? 'cancelled'
      : link.revokedAt ? 'revoked'
      : link.expiresAt <= new Date() ? 'expired'
      : link.application.status !== 'ACTIVE' ? 'closed'
      : link.purpose !== 'CANCEL' && !stillBookable(link) ? (link.purpose === 'RESCHEDULE' ? 'unmovable' : 'unavailable')
      : 'open'
    return { state, view, link } as const
  }

  /** A link's state for its page, with the times still free when it is open. */
  async function open(token: string): Promise<LinkState> {
    const read = await readLink(token, db)
    if (read.state !== 'open') return read.state === 'invalid' ? { state: 'invalid' } : { state: read.state, view: read.view }
    return { state: 'open', view: read.view, slots: read.link.purpose === 'CANCEL' ? [] : await freeSlots(db, read.link, read.link.slots) }
  }

  /** The slots still bookable now: a PICK link's offers the panel is still free for, or for a reschedule, the panel's free time ahead. */
  async function freeSlots(
    client: DbClient, link: { purpose: string; panelUserIds: string[]; durationMinutes: number; timeZone: string; interview: { id: string } | null }, offered: TimeRange[],
  ) {
    const now = new Date()
    if (link.purpose === 'PICK') {
      const future = offered.filter((s) => s.startsAt > now)
      if (!future.length) return []
      const panel = await loadPanelAvailability(client, link.panelUserIds, future[0]!.startsAt, future.at(-1)!.endsAt)
      return future.filter((slot) => checkSlot(panel, slot, now).length === 0)
    }
    const to = new Date(now.getTime() + RESCHEDULE_HORIZON_DAYS * DAY_MS)
    const panel = await loadPanelAvailability(client, link.panelUserIds, now, to, link.interview?.id)
    return findCommonSlots(panel, { from: now, to, durationMinutes: link.durationMinutes, now, limit: 120, gridTimeZone: link.timeZone })
  }

  /**
   * Locks what a link acts on, in the order every writer takes them: the
   * candidate (as erasure does), then the interview (as a recruiter's change
   * does, which then revokes the interview's links), then the link, so none of
   * them deadlock. The link's interview never changes once set, so reading it
   * unlocked first is safe.
   */
  async function lockLink(tx: DbClient, token: string) {
    const linkId = readLinkToken(settings.linkKey, token)
    if (!linkId) return
    const [row] = await tx.$queryRaw<Array<{ interview_id: string | null; candidate_id: string }>>`
      SELECT l.interview_id, a.candidate_id FROM scheduling_links l JOIN applications a ON a.id = l.application_id WHERE l.id = ${linkId}::uuid`
    // The candidate first, in the order erasure takes the rows: one erasing them meanwhile finishes first (and removes the link).
    if (row) await lockCandidate(tx, row.candidate_id)
    if (row?.interview_id) await tx.$queryRaw`SELECT id FROM interviews WHERE id = ${row.interview_id}::uuid FOR UPDATE`
    await tx.$queryRaw`SELECT id FROM scheduling_links WHERE id = ${linkId}::uuid FOR UPDATE`
  }

  /**
   * Books (PICK) or moves (RESCHEDULE) the interview at the chosen time. The
   * link is locked first, so two tabs of one link book once; the booking
   * itself runs the panel checks (under the panel's locks) and the exclusion
   * constraint, so two links racing for one panel's time book once. The loser
   * learns the time is taken.
   */
  async function choose(token: string, startsAt: Date, timeZone: string | null, requestId: string | null): Promise<BookingOutcome> {
    try {
      return await db.$transaction(async (tx) => {
        await lockLink(tx, token)
        const read = await readLink(token, tx)
        if (read.state !== 'open' || read.link.purpose === 'CANCEL') return { outcome: 'not_open', state: read.state } as const
        const { link } = read
        // Only a time the link offers: one of its unbooked slots, or for a reschedule one within its horizon.
        const offered = link.purpose === 'PICK'
          ? link.slots.some((s) => s.startsAt.getTime() === startsAt.getTime())
          : startsAt.getTime() < Date.now() + RESCHEDULE_HORIZON_DAYS * DAY_MS
        if (!offered) return { outcome: 'taken' } as const
        const interview = link.purpose === 'PICK'
          ? await interviews.inTransaction.book(tx, {
              applicationId: link.applicationId, stageId: link.stageId, panelUserIds: link.panelUserIds, startsAt, durationMinutes: link.durationMinutes,
              timeZone: timeZone ?? link.timeZone, location: link.location, videoUrl: link.videoUrl, panelNotes: link.panelNotes,
              enforceMinNotice: true, actor: candidateActor, viewer: null, requestId,
            })
          : await interviews.inTransaction.reschedule(tx, {
              interviewId: link.interviewId!, expectedSequence: null, startsAt, reason: 'Moved by the candidate', enforceMinNotice: true, actor: candidateActor, viewer: null, requestId,
            })
        await tx.schedulingLink.update({ where: { id: link.id }, data: { usedAt: new Date(), ...(link.purpose === 'PICK' ? { interviewId: interview.id } : {}) } })
        if (link.purpose === 'PICK') await tx.schedulingSlot.updateMany({ where: { linkId: link.id, startsAt }, data: { bookedAt: new Date() } })
        return { outcome: 'booked', interviewId: interview.id } as const
      })
    } catch (error) {
      // The panel was taken between the page and the click (another link, a recruiter), or the
      // time needs more notice than is left: not an error, a lost race.
      if (isPanelNotFree(error) || (error as { code?: string }).code === 'FST_ERR_VALIDATION') return { outcome: 'taken' }
      // A 404 or 409 from the booking's own checks means the link went stale under us (a panelist
      // deactivated, the stage archived, the application closed after it was read): the
      // candidate gets the page for what the link is now, never the problem meant for the API.
      const status = (error as { statusCode?: number }).statusCode
      if (status === 404 || status === 409) {
        const current = await readLink(token, db)
        if (current.state !== 'open') return { outcome: 'not_open', state: current.state }
      }
      throw error
    }
  }

  /** Cancels the interview a CANCEL link belongs to. */
  async function cancel(token: string, reason: string | null, requestId: string | null): Promise<BookingOutcome> {
    return db.$transaction(async (tx) => {
      await lockLink(tx, token)
      const read = await readLink(token, tx)
      if (read.state !== 'open' || !read.view.interview || read.link.purpose !== 'CANCEL') return { outcome: 'not_open', state: read.state } as const
      const interviewId = read.view.interview.id
      await interviews.inTransaction.cancel(tx, { interviewId, expectedSequence: null, reason: reason ? `Cancelled by the candidate: ${reason}` : 'Cancelled by the candidate', actor: candidateActor, requestId })
      await tx.schedulingLink.update({ where: { id: read.link.id }, data: { usedAt: new Date() } })
      return { outcome: 'booked', interviewId } as const
    })
  }

  /** Withdraws a link the candidate has not used yet; one statement, so it cannot cross the candidate using it. */
  async function revoke(linkId: string, actorId: string, requestId: string | null) {
    return db.$transaction(async (tx) => {
      const { count } = await tx.schedulingLink.updateMany({ where: { id: linkId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } })
      const link = await tx.schedulingLink.findUnique({ where: { id: linkId }, select: { usedAt: true, application: { select: { candidateId: true, jobId: true } } } })
      if (!link) throw new Errors.NotFound('Scheduling link')
      if (link.usedAt) throw new Errors.Conflict('The candidate has used this link already')
      if (count) await recordAudit(tx, { action: 'scheduling_link.revoked', actorId, entityType: 'scheduling_link', entityId: linkId, candidateId: link.application.candidateId, jobId: link.application.jobId, requestId })
    })
  }

  return { offer, open, choose, cancel, revoke }
}

/**
 * Whether a link can still book what it was made for: its stage still an
 * interview stage of the plan, and everyone on its panel still active on the
 * job's hiring team. Both were checked when the link was made, but people
 * leave and plans change while it waits. A pick link's booking would be
 * refused; a move would go through (it checks only panelists it adds) and put
 * the interview at a new time with someone who is no longer there. So the page
 * says so before offering times: for a pick link that they are gone, for a
 * move link that the interview stays as booked until the recruiter moves it.
 */
function stillBookable(link: { panelUserIds: string[]; stage: { kind: string; archivedAt: Date | null }; application: { job: { team: Array<{ userId: string }> } } }) {
  if (link.stage.archivedAt || link.stage.kind !== 'INTERVIEW') return false
  const team = new Set(link.application.job.team.map((m) => m.userId))
  return link.panelUserIds.every((id) => team.has(id))
}

export type SelfSchedulingService = ReturnType<typeof createSelfSchedulingService>
