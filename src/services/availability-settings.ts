import type { Db } from '../db/client.ts'
import { Errors, invalidBody } from '../errors.ts'
import { DAY_MS } from '../lib/time.ts'
import type { AvailabilityBody } from '../schemas/interviews.ts'
import { effectiveAvailability } from '../scheduling/panel-availability.ts'
import type { Principal } from './sessions.ts'

/**
 * People edit their own availability; admins and recruiters, who schedule,
 * edit anyone's. To anyone else another person's settings are not there (404,
 * as for every resource a caller may not see), not forbidden.
 */
export function assertMayEditAvailability(principal: Principal, userId: string) {
  if (!managesAvailabilityOf(principal, userId)) throw new Errors.NotFound('User')
}

/** The user themselves, admins and recruiters: who edit a user's availability and read the notes on their exceptions. */
export function managesAvailabilityOf(principal: Principal, userId: string): boolean {
  return principal.userId === userId || principal.role === 'ADMIN' || principal.role === 'RECRUITER'
}

const exceptionFields = { id: true, kind: true, startsAt: true, endsAt: true, note: true } as const

/** An interviewer's working hours, buffer, notice, daily cap and upcoming exceptions. */
export function createAvailabilityService(db: Db) {
  /** With the exceptions' notes or without them (a note can be private: "dentist"); the times are what scheduling needs. */
  async function read(userId: string, { withNotes }: { withNotes: boolean }) {
    const user = await db.user.findUnique({
      where: { id: userId },
      select: {
        id: true, timeZone: true, interviewerProfile: true,
        workingHours: { select: { weekday: true, startMinute: true, endMinute: true }, orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] },
        availabilityExceptions: { where: { endsAt: { gt: new Date() } }, select: exceptionFields, orderBy: { startsAt: 'asc' } },
      },
    })
    if (!user) throw new Errors.NotFound('User')
    return {
      userId: user.id,
      ...effectiveAvailability(user),
      exceptions: user.availabilityExceptions.map((e) => exceptionJson(withNotes ? e : { ...e, note: null })),
    }
  }

  /** Replaces the profile and the whole weekly pattern in one transaction. */
  async function replace(userId: string, body: AvailabilityBody) {
    body.workingHours.forEach((w, i) => {
      if (w.endMinute <= w.startMinute) throw invalidBody(`/workingHours/${i}/endMinute`, 'must be after startMinute')
    })
    const overlapping = findOverlap(body.workingHours)
    if (overlapping !== null) throw invalidBody(`/workingHours/${overlapping}`, 'overlaps another window of the same weekday')
    const { workingHours, ...profile } = body
    await db.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } })
      if (!user) throw new Errors.NotFound('User')
      await tx.interviewerProfile.upsert({ where: { userId }, create: { userId, ...profile }, update: profile })
      await tx.workingHours.deleteMany({ where: { userId } })
      await tx.workingHours.createMany({ data: workingHours.map((w) => ({ userId, ...w })) })
    })
    return read(userId, { withNotes: true }) // only those who manage the availability replace it
  }

  async function addException(userId: string, body: { kind: 'UNAVAILABLE' | 'EXTRA_HOURS'; startsAt: string; endsAt: string; note?: string | null }) {
    const startsAt = new Date(body.startsAt)
    const endsAt = new Date(body.endsAt)
    if (endsAt <= startsAt) throw invalidBody('/endsAt', 'must be after startsAt')
    if (endsAt.getTime() - startsAt.getTime() > 366 * DAY_MS) throw invalidBody('/endsAt', 'must be within a year of startsAt')
    const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } })
    if (!user) throw new Errors.NotFound('User')
    const created = await db.availabilityException.create({ data: { userId, kind: body.kind, startsAt, endsAt, note: body.note ?? null }, select: exceptionFields })
    return exceptionJson(created)
  }

  async function removeException(userId: string, exceptionId: string) {
    const { count } = await db.availabilityException.deleteMany({ where: { id: exceptionId, userId } })
    if (!count) throw new Errors.NotFound('Availability exception')
  }

  return { read, replace, addException, removeException }
}

function exceptionJson(e: { id: string; kind: 'UNAVAILABLE' | 'EXTRA_HOURS'; startsAt: Date; endsAt: Date; note: string | null }) {
  return { ...e, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString() }
}

/** The index of a window overlapping an earlier one of the same weekday, or null. */
function findOverlap(windows: AvailabilityBody['workingHours']): number | null {
  for (let i = 0; i < windows.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = windows[i]!
      const b = windows[j]!
      if (a.weekday === b.weekday && a.startMinute < b.endMinute && b.startMinute < a.endMinute) return i
    }
  }
  return null
}
