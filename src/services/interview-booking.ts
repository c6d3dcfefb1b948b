import { randomUUID } from 'node:crypto'
import type { DbClient } from '../db/client.ts'
import { conflictWith, Errors, invalidBody } from '../errors.ts'
import { checkSlot, type SlotConflict, type TimeRange } from '../scheduling/availability.ts'
import { loadPanelAvailability } from '../scheduling/panel-availability.ts'
import { HOUR_MS } from '../lib/time.ts'
import { assertNotErased } from './candidates.ts'
import { seesAllJobs, visibleApplications } from './job-access.ts'
import type { Principal } from './sessions.ts'

/** Who changed an interview: a user of the API, or the candidate through a signed link. */
export interface InterviewActor {
  userId: string | null
  byCandidate: boolean
}

export const candidateActor: InterviewActor = { userId: null, byCandidate: true }

const problemWords: Record<SlotConflict['problem'], string> = {
  in_the_past: 'the time is in the past',
  min_notice: 'less notice than they need',
  outside_working_hours: 'outside their working hours',
  unavailable: 'they are away',
  busy: 'they have another interview then',
  buffer: 'too close to another interview (buffer)',
  daily_cap: 'they already have their most interviews that day',
}

/**
 * Serialises bookings per interviewer for the rest of the transaction, in one
 * order (sorted ids) so two bookings of overlapping panels cannot deadlock.
 * Buffers and daily caps are rules about several rows, which no constraint
 * can hold; under these locks the check below sees every committed booking of
 * the panel, and the exclusion constraint stays the last word on overlaps.
 */
async function lockInterviewers(tx: DbClient, userIds: string[]): Promise<void> {
  for (const id of [...userIds].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`interviewer:${id}`}, 0))`
}

/**
 * Checks that the whole panel is free for the slot, under the panel's locks:
 * 409 naming each interviewer and why when not. `exceptInterviewId` is the
 * interview being moved. `viewer` is who reads the 409: an interview in the
 * way is named (id and times) only if they can see its job.
 */
export async function assertPanelFree(
  tx: DbClient, panelUserIds: string[], slot: TimeRange, options: { enforceMinNotice: boolean; exceptInterviewId?: string; viewer: Principal | null },
): Promise<void> {
  const now = new Date()
  if (slot.startsAt <= now) throw invalidBody('/startsAt', 'must be in the future')
  await lockInterviewers(tx, panelUserIds)
  const panel = await loadPanelAvailability(tx, panelUserIds, slot.startsAt, slot.endsAt, options.exceptInterviewId)
  const conflicts = checkSlot(panel, slot, now, { enforceMinNotice: options.enforceMinNotice })
  if (conflicts.length) throw await describedConflict(tx, conflicts, slot, options)
}

async function describedConflict(
  tx: DbClient, conflicts: SlotConflict[], slot: TimeRange, { exceptInterviewId, viewer }: { exceptInterviewId?: string; viewer: Principal | null },
): Promise<Error> {
  const users = await tx.user.findMany({ where: { id: { in: conflicts.map((c) => c.userId) } }, select: { id: true, name: true } })
  const names = new Map(users.map((u) => [u.id, u.name]))
  // For busy interviewers, the interviews in the way (the buffer widens the window).
  const clashes = await tx.interviewInterviewer.findMany({
    where: {
      userId: { in: conflicts.filter((c) => c.problem === 'busy' || c.problem === 'buffer').map((c) => c.userId) },
      active: true,
      startsAt: { lt: new Date(slot.endsAt.getTime() + 6 * HOUR_MS) },
      endsAt: { gt: new Date(slot.startsAt.getTime() - 6 * HOUR_MS) },
      ...(exceptInterviewId ? { interviewId: { not: exceptInterviewId } } : {}),
    },
    select: { userId: true, interviewId: true, startsAt: true, endsAt: true },
    orderBy: { startsAt: 'asc' },
  })
  // An interview on a job the viewer cannot see stays unnamed: they learn the
  // person is busy (as the slot finder would tell them), not when or with what.
  const shown = await interviewsVisibleTo(tx, viewer, [...new Set(clashes.map((x) => x.interviewId))])
  const described = conflicts.map((c) => {
    // The interview in the way first, then whether to name it: never another, visible one in its place.
    const culprit = interviewInTheWay(clashes.filter((x) => x.userId === c.userId), c.problem, slot)
    const clash = culprit && shown.has(culprit.interviewId) ? culprit : undefined
    return {
      userId: c.userId,
      name: names.get(c.userId) ?? null,
      problem: c.problem,
      ...(clash && (c.problem === 'busy' || c.problem === 'buffer')
        ? { interviewId: clash.interviewId, startsAt: clash.startsAt.toISOString(), endsAt: clash.endsAt.toISOString() }
        : {}),
    }
  })
  const detail = described.map((d) => `${d.name ?? d.userId}: ${problemWords[d.problem]}`).join('; ')
  return conflictWith(`The panel is not free at that time: ${detail}`, described, 'PanelNotFree')
}

/** For a busy panelist, the interview overlapping the slot; for a buffer, the one nearest to it. */
function interviewInTheWay<C extends TimeRange>(clashes: C[], problem: SlotConflict['problem'], slot: TimeRange): C | undefined {
  if (problem === 'busy') return clashes.find((x) => x.startsAt < slot.endsAt && x.endsAt > slot.startsAt)
  if (problem !== 'buffer') return undefined
  const gap = (x: TimeRange) => Math.max(x.startsAt.getTime() - slot.endsAt.getTime(), slot.startsAt.getTime() - x.endsAt.getTime())
  return clashes.reduce<C | undefined>((nearest, x) => (!nearest || gap(x) < gap(nearest) ? x : nearest), undefined)
}

/** Of these interviews, those whose job the viewer can see (as GET /interviews/:id would); a candidate (null) sees none. */
async function interviewsVisibleTo(tx: DbClient, viewer: Principal | null, interviewIds: string[]): Promise<Set<string>> {
  if (!viewer || !interviewIds.length) return new Set()
  if (seesAllJobs(viewer)) return new Set(interviewIds)
  const visible = await tx.interview.findMany({ where: { id: { in: interviewIds }, application: visibleApplications(viewer) }, select: { id: true } })
  return new Set(visible.map((i) => i.id))
}

/** PostgreSQL's "exclusion constraint violated": two bookings of one interviewer raced past the checks. */
export function isDoubleBooking(error: unknown): boolean {
  const text = `${(error as Error)?.message ?? ''} ${JSON.stringify((error as { meta?: unknown })?.meta ?? '')}`
  return text.includes('interview_interviewers_no_double_booking') || text.includes('23P01')
}

/** A fresh RFC 5545 UID for a new interview: stable for its whole life. */
export const newIcalUid = (domain: string) => `${randomUUID()}@${domain}`

/**
 * The application and stage an interview (or a link to book one) is for:
 * 404 for an unknown one, 409 for a closed application or a stage that is not
 * an interview stage, and 409 naming whoever on the panel is not on the job's
 * hiring team (or deactivated).
 */
export async function interviewTarget(tx: DbClient, applicationId: string, stageId: string, panelUserIds: string[]) {
  const application = await tx.application.findUnique({ where: { id: applicationId }, select: { id: true, jobId: true, candidateId: true, status: true } })
  if (!application) throw new Errors.NotFound('Application')
  if (application.status !== 'ACTIVE') throw new Errors.Conflict(`The application is ${application.status.toLowerCase()}: interviews are booked for active applications only`)
  await assertNotErased(tx, application.candidateId, 'no interview is arranged with them')
  const stage = await tx.stage.findFirst({ where: { id: stageId, jobId: application.jobId, archivedAt: null }, select: { id: true, name: true, kind: true } })
  if (!stage) throw new Errors.NotFound('Stage of this application\'s job')
  if (stage.kind !== 'INTERVIEW') throw new Errors.Conflict(`Stage ${stage.name} is a ${stage.kind.toLowerCase()} stage: interviews are booked for interview stages only`)
  await assertOnTeam(tx, application.jobId, panelUserIds)
  return { application, stage }
}

export async function assertOnTeam(tx: DbClient, jobId: string, userIds: string[]) {
  const members = await tx.hiringTeamMember.findMany({ where: { jobId, userId: { in: userIds }, user: { active: true } }, select: { userId: true } })
  const onTeam = new Set(members.map((m) => m.userId))
  const outsiders = userIds.filter((id) => !onTeam.has(id))
  if (outsiders.length) {
    throw conflictWith(
      `Not on this job's hiring team (or deactivated): ${outsiders.join(', ')}. Add them to the team first`,
      outsiders.map((userId) => ({ userId, problem: 'not_on_team' })),
    )
  }
}
