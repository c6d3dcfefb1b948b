// The cast and calendar of the scheduling tests: a job with a hiring team,
// interviewers in Berlin working weekdays 08:00–18:00, and helpers for the
// API calls every file makes.
import { DateTime } from 'luxon'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { applied, createCandidate, createJob, plainPlan } from '../applications/fixtures.ts'
import { bearer, createUser, type TestUser } from '../helpers/users.ts'

export const manyLogins = { LOGIN_RATE_LIMIT_MAX: '100000' }
export const BERLIN = 'Europe/Berlin'

/**
 * The n-th weekday (Monday–Friday, Berlin) counted from two days ahead, so
 * each n is a different day, clear of the 24 hours' notice: tests that must
 * not meet each other's bookings take different n.
 */
export function berlinWeekday(n = 1) {
  let day = DateTime.now().setZone(BERLIN).startOf('day').plus({ days: 2 })
  for (let seen = 0; ; day = day.plus({ days: 1 })) {
    if (day.weekday <= 5 && ++seen === n) break
  }
  return {
    date: day,
    at: (hhmm: string) => {
      const [hour, minute] = hhmm.split(':').map(Number)
      return day.set({ hour: hour!, minute: minute! }).toJSDate()
    },
  }
}

/** A weekday 08:00–18:00 Berlin availability with the usual buffer, notice and cap. */
export const berlinOfficeHours = {
  timeZone: BERLIN,
  bufferMinutes: 15,
  minNoticeHours: 24,
  dailyInterviewCap: 4,
  workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 18 * 60 })),
}

export async function schedulingWorld(app: FastifyInstance) {
  const [admin, recruiter, manager, first, second, outsider] = [
    await createUser(app, 'ADMIN', 'admin'),
    await createUser(app, 'RECRUITER', 'recruiter'),
    await createUser(app, 'HIRING_MANAGER', 'manager'),
    await createUser(app, 'INTERVIEWER', 'ines'),
    await createUser(app, 'INTERVIEWER', 'omar'),
    await createUser(app, 'INTERVIEWER', 'olga'),
  ]
  // Display names as conflicts and e-mails show them.
  for (const [user, name] of [[first, 'Ines First'], [second, 'Omar Second'], [outsider, 'Olga Outsider']] as const) {
    await app.db.user.update({ where: { id: user.id }, data: { name } })
  }
  const job = await createJob(app, {
    plan: plainPlan,
    team: [{ user: manager, role: 'HIRING_MANAGER' }, { user: first, role: 'INTERVIEWER' }, { user: second, role: 'INTERVIEWER' }],
  })
  for (const user of [first, second, outsider]) {
    const res = await app.inject({ method: 'PUT', url: `/users/${user.id}/availability`, headers: bearer(recruiter), payload: berlinOfficeHours })
    if (res.statusCode !== 200) throw new Error(`availability: ${res.statusCode} ${res.body}`)
  }
  const interviewStage = job.stages.find((s) => s.kind === 'INTERVIEW')!
  const reviewStage = job.stages.find((s) => s.kind === 'REVIEW')!
  const newApplication = async (firstName = 'Ada') => {
    const candidate = await createCandidate(app, { firstName })
    return { candidateId: candidate.id, ...(await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })) }
  }
  return { admin, recruiter, manager, first, second, outsider, job, interviewStage, reviewStage, newApplication }
}

export type SchedulingWorld = Awaited<ReturnType<typeof schedulingWorld>>

export const book = (app: FastifyInstance, user: TestUser, applicationId: string, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/applications/${applicationId}/interviews`, headers: bearer(user), payload: body })

export const bookingBody = (world: SchedulingWorld, startsAt: Date, extra: Record<string, unknown> = {}) => ({
  stageId: world.interviewStage.id, panelUserIds: [world.first.id, world.second.id], startsAt: startsAt.toISOString(),
  durationMinutes: 60, timeZone: BERLIN, location: 'Room 4', videoUrl: 'https://meet.example.com/abc', ...extra,
})

export function json<T = Record<string, any>>(res: LightMyRequestResponse): T {
  return res.json() as T
}
