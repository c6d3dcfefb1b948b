// Instants PostgreSQL cannot store (year 0) and JavaScript cannot parse (a leap
// second) are refused by the date-time format itself, and a cursor whose
// instant or kind was tampered with answers 400, on every list: both used to
// pass validation and then fail in the database with a 500.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { buildTestApp } from '../helpers/app.ts'
import { bearer, createUser } from '../helpers/users.ts'
import { applied, createCandidate, createJob, manyLogins, plainPlan } from '../applications/fixtures.ts'
import { encodeCursor } from '../../src/schemas/pagination.ts'
import { isStorableInstant } from '../../src/http/instant-format.ts'

const { app } = await buildTestApp(t, manyLogins)
const recruiter = await createUser(app, 'RECRUITER')
const manager = await createUser(app, 'HIRING_MANAGER')
const job = await createJob(app, { plan: plainPlan, team: [{ user: manager, role: 'HIRING_MANAGER' }] })
const candidate = await createCandidate(app)
const application = await applied(app, recruiter, { candidateId: candidate.id, jobId: job.id })

const LEAP_SECOND = '2026-12-31T23:59:60Z'
const YEAR_ZERO = '0000-01-01T00:00:00Z'

t.test('the date-time format takes RFC 3339 instants that can be stored, and nothing else', async (t) => {
  for (const ok of ['2026-12-31T23:59:59Z', '2026-06-01T10:00:00.123+05:30', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) t.ok(isStorableInstant(ok), ok)
  for (const bad of [LEAP_SECOND, YEAR_ZERO, '2026-02-30T00:00:00Z', '2026-01-01', '2026-01-01T10:00:00', '1767225600', 'yesterday']) t.notOk(isStorableInstant(bad), bad)
})

t.test('a leap second or year 0 in a date-time answers 400 wherever an instant is taken', async (t) => {
  for (const instant of [LEAP_SECOND, YEAR_ZERO]) {
    const requests = [
      { method: 'GET' as const, url: `/jobs?createdAfter=${encodeURIComponent(instant)}` },
      { method: 'GET' as const, url: `/interviews/slots?panelUserIds=${manager.id}&durationMinutes=60&from=${encodeURIComponent(instant)}&to=${encodeURIComponent('2027-01-10T00:00:00Z')}` },
      { method: 'POST' as const, url: `/applications/${application.id}/interviews`, payload: { stageId: application.stageId, panelUserIds: [manager.id], startsAt: instant, durationMinutes: 60, timeZone: 'UTC' } },
      { method: 'POST' as const, url: `/users/${recruiter.id}/availability/exceptions`, payload: { kind: 'UNAVAILABLE', startsAt: instant, endsAt: '2027-01-02T00:00:00Z' } },
    ]
    for (const request of requests) {
      const res = await app.inject({ ...request, headers: bearer(recruiter) })
      t.equal(res.statusCode, 400, `${request.method} ${request.url.split('?')[0]} with ${instant}`)
      t.match(res.headers['content-type'], /application\/problem\+json/)
    }
  }
})

t.test('a cursor with a tampered instant or kind answers 400 on every list, a real one 200', async (t) => {
  const id = randomUUID()
  const lists: Array<{ url: string; cursor: (at: string, kind?: string) => unknown }> = [
    { url: '/applications', cursor: (at) => [at, id] },
    { url: `/applications/${application.id}/timeline`, cursor: (at, kind = 'transition') => [at, kind, id] },
    { url: `/candidates/${candidate.id}/timeline`, cursor: (at, kind = 'transition') => [at, kind, id] },
    { url: '/candidates', cursor: (at) => ({ createdAt: at, id }) },
    { url: `/candidates/${candidate.id}/notes`, cursor: (at) => ({ createdAt: at, id }) },
    { url: `/applications/${application.id}/decisions`, cursor: (at) => [at, id] },
    { url: '/me/scorecards-due', cursor: (at) => [at, 'draft', id] },
    { url: '/me/decisions-waiting', cursor: (at) => [at, id] },
  ]
  const user = (url: string) => (url.startsWith('/me/') || url.includes('/decisions') ? manager : recruiter)
  for (const { url, cursor } of lists) {
    const get = (value: unknown) => app.inject({ url: `${url}?cursor=${encodeCursor(value)}`, headers: bearer(user(url)) })
    t.equal((await get(cursor('2026-01-01T00:00:00.000Z'))).statusCode, 200, `${url}: a cursor as the API writes it`)
    for (const at of ['1', '2026', '+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z', '2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
      const res = await get(cursor(at))
      t.equal(res.statusCode, 400, `${url}: instant ${at}`)
    }
  }
  for (const url of [`/applications/${application.id}/timeline`, `/candidates/${candidate.id}/timeline`]) {
    const res = await app.inject({ url: `${url}?cursor=${encodeCursor(['2026-01-01T00:00:00.000Z', 'a\u0000', id])}`, headers: bearer(recruiter) })
    t.equal(res.statusCode, 400, `${url}: a kind with a NUL byte`)
  }
})
