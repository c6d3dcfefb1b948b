import type { DbClient } from '../db/client.ts'
import { DAY_MS } from '../lib/time.ts'
import { usableTimeZone } from '../lib/time-zones.ts'
import type { InterviewerAvailability } from './availability.ts'

/**
 * What an interviewer who never set their availability is taken to work:
 * Monday to Friday, 09:00–17:00 in their own zone, with the profile defaults
 * of the schema (15-minute buffer, 24 hours' notice, 4 interviews a day). A new
 * interviewer can be booked in office hours at once instead of never.
 */
export const DEFAULT_WORKING_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 }))
export const DEFAULT_PROFILE = { bufferMinutes: 15, minNoticeHours: 24, dailyInterviewCap: 4 }

type Profile = { timeZone: string; bufferMinutes: number; minNoticeHours: number; dailyInterviewCap: number }
type Window = { weekday: number; startMinute: number; endMinute: number }

/**
 * A user's settings as they apply: their profile, or the defaults until they
 * set one. A zone Intl does not know (one stored before zones were checked)
 * reads as UTC rather than failing every search that meets it.
 */
export function effectiveAvailability(user: { timeZone: string; interviewerProfile: Profile | null; workingHours: Window[] }) {
  const profile = user.interviewerProfile
  return {
    configured: profile !== null,
    timeZone: usableTimeZone(profile?.timeZone ?? user.timeZone) ?? 'UTC',
    bufferMinutes: profile?.bufferMinutes ?? DEFAULT_PROFILE.bufferMinutes,
    minNoticeHours: profile?.minNoticeHours ?? DEFAULT_PROFILE.minNoticeHours,
    dailyInterviewCap: profile?.dailyInterviewCap ?? DEFAULT_PROFILE.dailyInterviewCap,
    workingHours: profile || user.workingHours.length ? user.workingHours : DEFAULT_WORKING_HOURS,
  }
}

/**
 * Reads the panel's availability around [from, to): profiles, working hours,
 * exceptions and the interviews that make them busy, widened by a day each
 * side so buffers and daily caps see the interviews of the edge days in every
 * zone. `exceptInterviewId` leaves an interview out of the busy times (the one
 * being rescheduled). Users without a profile get the defaults above.
 */
export async function loadPanelAvailability(db: DbClient, userIds: string[], from: Date, to: Date, exceptInterviewId?: string): Promise<InterviewerAvailability[]> {
  if (!userIds.length) return []
  const wideFrom = new Date(from.getTime() - DAY_MS)
  const wideTo = new Date(to.getTime() + DAY_MS)
  const users = await db.user.findMany({
    where: { id: { in: userIds } },
    select: {
      id: true,
      timeZone: true,
      interviewerProfile: { select: { timeZone: true, bufferMinutes: true, minNoticeHours: true, dailyInterviewCap: true } },
      workingHours: { select: { weekday: true, startMinute: true, endMinute: true } },
      availabilityExceptions: { where: { startsAt: { lt: wideTo }, endsAt: { gt: wideFrom } }, select: { kind: true, startsAt: true, endsAt: true } },
      interviewPanels: {
        where: { active: true, startsAt: { lt: wideTo }, endsAt: { gt: wideFrom }, ...(exceptInterviewId ? { interviewId: { not: exceptInterviewId } } : {}) },
        select: { startsAt: true, endsAt: true },
      },
    },
  })
  const byId = new Map(users.map((u) => [u.id, u]))
  return userIds.flatMap((id) => {
    const u = byId.get(id)
    if (!u) return []
    const { configured: _configured, ...settings } = effectiveAvailability(u)
    return [{
      userId: u.id,
      ...settings,
      exceptions: u.availabilityExceptions,
      busy: u.interviewPanels,
    }]
  })
}
