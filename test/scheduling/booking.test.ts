import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer } from '../helpers/users.ts'
import { applied, createCandidate, createJob, plainPlan } from '../applications/fixtures.ts'
import { berlinWeekday, book, bookingBody, json, manyLogins, schedulingWorld } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const world = await schedulingWorld(app)
const { recruiter, first, second, outsider } = world
const day = berlinWeekday(3)

/** Rows a refused booking must not have written. */
const written = async () => ({
  interviews: await app.db.interview.count(),
  panel: await app.db.interviewInterviewer.count(),
  changes: await app.db.interviewChange.count(),
  outbox: await app.db.outboxEvent.count({ where: { topic: { startsWith: 'interview.' } } }),
  links: await app.db.schedulingLink.count(),
})

t.test('a recruiter books a panel: history, audit, outbox and the candidate\'s links in one go', async (t) => {
  const application = await world.newApplication()
  const res = await book(app, recruiter, application.id, bookingBody(world, day.at('10:00')))
  t.equal(res.statusCode, 201, res.body)
  const interview = json(res)
  t.equal(res.headers.etag, '"0"')
  t.equal(res.headers.location, `/interviews/${interview.id}`)
  t.equal(interview.startsAt, day.at('10:00').toISOString())
  t.equal(interview.endsAt, day.at('11:00').toISOString())
  t.same(interview.panel.map((p: { userId: string }) => p.userId).sort(), [first.id, second.id].sort())
  t.match(interview.icalUid, /^[0-9a-f-]{36}@/)
  const history = json(await app.inject({ method: 'GET', url: `/interviews/${interview.id}`, headers: bearer(recruiter) })).history
  t.same(history.map((h: { kind: string; sequence: number }) => [h.kind, h.sequence]), [['SCHEDULED', 0]])
  const event = await app.db.outboxEvent.findFirstOrThrow({ where: { topic: 'interview.scheduled', payload: { path: ['interviewId'], equals: interview.id } } })
  t.match(event.payload, { candidateId: application.candidateId, sequence: 0, panelUserIds: [first.id, second.id] })
  const links = await app.db.schedulingLink.findMany({ where: { interviewId: interview.id }, select: { purpose: true, expiresAt: true } })
  t.same(links.map((l) => l.purpose).sort(), ['CANCEL', 'RESCHEDULE'])
  t.ok(links.every((l) => l.expiresAt.getTime() === day.at('10:00').getTime()), 'the candidate\'s links expire when the interview starts')
  t.equal(await app.db.auditEvent.count({ where: { action: 'interview.scheduled', entityId: interview.id } }), 1)

  const listed = json(await app.inject({ method: 'GET', url: `/applications/${application.id}/interviews`, headers: bearer(first) }))
  t.same(listed.items.map((i: { id: string }) => i.id), [interview.id], 'the panel sees it on the application')
})

t.test('an overlapping booking is refused with the conflicting interview named, and writes nothing', async (t) => {
  const application = await world.newApplication()
  const taken = json(await book(app, recruiter, application.id, bookingBody(world, day.at('13:00'), { panelUserIds: [first.id] })))
  const other = await world.newApplication()
  const before = await written()
  const res = await book(app, recruiter, other.id, bookingBody(world, day.at('13:30')))
  t.equal(res.statusCode, 409)
  t.match(res.headers['content-type'], 'application/problem+json')
  const problem = json(res)
  t.match(problem.detail, /Ines First: they have another interview then/)
  t.same(problem.conflicts, [{ userId: first.id, name: 'Ines First', problem: 'busy', interviewId: taken.id, startsAt: day.at('13:00').toISOString(), endsAt: day.at('14:00').toISOString() }])
  const buffer = json(await book(app, recruiter, other.id, bookingBody(world, day.at('14:00'))))
  t.equal(buffer.conflicts[0].problem, 'buffer', 'back-to-back with a 15-minute buffer is refused as too close')
  t.same(await written(), before, 'nothing written')
  t.equal((await book(app, recruiter, other.id, bookingBody(world, day.at('14:15')))).statusCode, 201, 'after the buffer it fits')
})

t.test('bad bookings get clear 4xx and write nothing', async (t) => {
  const application = await world.newApplication()
  const before = await written()
  const outside = await book(app, recruiter, application.id, bookingBody(world, day.at('19:00')))
  t.equal(outside.statusCode, 409)
  t.same(json(outside).conflicts.map((c: { problem: string }) => c.problem), ['outside_working_hours', 'outside_working_hours'])
  const past = await book(app, recruiter, application.id, bookingBody(world, new Date(Date.now() - 3600_000)))
  t.equal(past.statusCode, 400)
  t.match(json(past).errors, [{ pointer: '/body/startsAt', detail: 'must be in the future' }])
  const review = await book(app, recruiter, application.id, bookingBody(world, day.at('09:00'), { stageId: world.reviewStage.id }))
  t.equal(review.statusCode, 409)
  t.match(json(review).detail, /is a review stage: interviews are booked for interview stages only/)
  const notOnTeam = await book(app, recruiter, application.id, bookingBody(world, day.at('09:00'), { panelUserIds: [first.id, outsider.id] }))
  t.equal(notOnTeam.statusCode, 409)
  t.same(json(notOnTeam).conflicts, [{ userId: outsider.id, problem: 'not_on_team' }])
  const zone = await book(app, recruiter, application.id, bookingBody(world, day.at('09:00'), { timeZone: 'Mars/Olympus' }))
  t.equal(zone.statusCode, 400)
  const unknown = await book(app, recruiter, '00000000-0000-7000-8000-000000000000', bookingBody(world, day.at('09:00')))
  t.equal(unknown.statusCode, 404)
  const shape = await book(app, recruiter, application.id, { ...bookingBody(world, day.at('09:00')), durationMinutes: 5, panelUserIds: [] })
  t.equal(shape.statusCode, 400)
  t.same(await written(), before, 'nothing written by any of them')
  t.equal((await book(app, first, application.id, bookingBody(world, day.at('09:00')))).statusCode, 403, 'an interviewer may not book')
  t.equal((await book(app, world.manager, application.id, bookingBody(world, day.at('08:00')))).statusCode, 201, 'the job\'s hiring manager may')
})

t.test('50 concurrent bookings of one slot: exactly one wins, the rest get 409 naming it', async (t) => {
  const applications = await Promise.all(Array.from({ length: 50 }, (_, i) => world.newApplication(`Racer${i}`)))
  const later = berlinWeekday(10)
  const responses = await Promise.all(applications.map((a) => book(app, recruiter, a.id, bookingBody(world, later.at('11:00')))))
  const codes = responses.map((r) => r.statusCode)
  t.equal(codes.filter((c) => c === 201).length, 1, 'one booking')
  t.equal(codes.filter((c) => c === 409).length, 49, 'the rest refused')
  const winner = json(responses.find((r) => r.statusCode === 201)!)
  t.ok(responses.filter((r) => r.statusCode === 409).every((r) => json(r).conflicts.some((c: { interviewId?: string }) => c.interviewId === winner.id)), 'each refusal names the winning interview')
  const rows = await app.db.interviewInterviewer.count({ where: { active: true, startsAt: later.at('11:00') } })
  t.equal(rows, 2, 'one panel, booked once')
})

t.test('PostgreSQL itself refuses a double booking the application did not check', async (t) => {
  const application = await world.newApplication()
  const interview = json(await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(12).at('15:00'), { panelUserIds: [second.id] })))
  const sneak = await app.db.interview.create({
    data: { applicationId: application.id, stageId: world.interviewStage.id, startsAt: new Date(interview.startsAt), endsAt: new Date(interview.endsAt), timeZone: 'UTC', icalUid: `sneak-${interview.id}` },
  })
  const error = await app.pg.query(`INSERT INTO interview_interviewers (id, interview_id, user_id, starts_at, ends_at) VALUES (gen_random_uuid(), $1, $2, $3, $4)`, [
    sneak.id, second.id, new Date(new Date(interview.startsAt).getTime() + 30 * 60_000), new Date(new Date(interview.endsAt).getTime() + 30 * 60_000),
  ]).catch((e: { code?: string; constraint?: string }) => e)
  t.match(error, { code: '23P01', constraint: 'interview_interviewers_no_double_booking' })
  const inactive = await app.pg.query(`INSERT INTO interview_interviewers (id, interview_id, user_id, starts_at, ends_at, active) VALUES (gen_random_uuid(), $1, $2, $3, $4, false)`, [
    sneak.id, second.id, new Date(interview.startsAt), new Date(interview.endsAt),
  ])
  t.equal(inactive.rowCount, 1, 'an inactive (cancelled) row does not block')
})

t.test('reschedule raises SEQUENCE, keeps history, checks If-Match and the panel', async (t) => {
  const application = await world.newApplication()
  const d = berlinWeekday(4)
  const booked = json(await book(app, recruiter, application.id, bookingBody(world, d.at('09:00'))))
  const patch = (ifMatch: string | null, payload: object) =>
    app.inject({ method: 'PATCH', url: `/interviews/${booked.id}`, headers: { ...bearer(recruiter), ...(ifMatch ? { 'if-match': ifMatch } : {}) }, payload })
  t.equal((await patch(null, { startsAt: d.at('15:00').toISOString() })).statusCode, 428, 'If-Match required')
  t.equal((await patch('"7"', { startsAt: d.at('15:00').toISOString() })).statusCode, 412, 'stale version refused')
  const moved = await patch('"0"', { startsAt: d.at('15:00').toISOString(), panelUserIds: [first.id], reason: 'Omar is ill' })
  t.equal(moved.statusCode, 200, moved.body)
  t.equal(moved.headers.etag, '"1"')
  t.equal(json(moved).startsAt, d.at('15:00').toISOString())
  t.equal(json(moved).endsAt, d.at('16:00').toISOString(), 'the length is kept')
  const detail = json(await app.inject({ method: 'GET', url: `/interviews/${booked.id}`, headers: bearer(recruiter) }))
  t.same(detail.history.map((h: { kind: string; sequence: number; reason: string | null }) => [h.kind, h.sequence, h.reason]), [['SCHEDULED', 0, null], ['RESCHEDULED', 1, 'Omar is ill']])
  const event = await app.db.outboxEvent.findFirstOrThrow({ where: { topic: 'interview.updated', payload: { path: ['interviewId'], equals: booked.id } } })
  t.match(event.payload, { sequence: 1, panelUserIds: [first.id], removedUserIds: [second.id], addedUserIds: [] })
  const openLinks = await app.db.schedulingLink.findMany({ where: { interviewId: booked.id, revokedAt: null } })
  t.equal(openLinks.length, 2, 'the old links are revoked and new ones issued')
  t.ok(openLinks.every((l) => l.expiresAt.getTime() === d.at('15:00').getTime()))
  // Omar is free at the old time again; Ines is not free at 15:00 for anyone else.
  const other = await world.newApplication()
  t.equal((await book(app, recruiter, other.id, bookingBody(world, d.at('09:00'), { panelUserIds: [second.id] }))).statusCode, 201, 'the freed panelist can be booked at the old time')
  t.equal((await book(app, recruiter, other.id, bookingBody(world, d.at('15:30'), { panelUserIds: [first.id] }))).statusCode, 409)
})

t.test('cancel frees the panel, keeps the record, and refuses a second change', async (t) => {
  const application = await world.newApplication()
  const d = berlinWeekday(5)
  const booked = json(await book(app, recruiter, application.id, bookingBody(world, d.at('10:00'))))
  const cancel = (ifMatch: string, reason = 'Position on hold') =>
    app.inject({ method: 'POST', url: `/interviews/${booked.id}/cancel`, headers: { ...bearer(recruiter), 'if-match': ifMatch }, payload: { reason } })
  const res = await cancel('"0"')
  t.equal(res.statusCode, 200, res.body)
  t.match(json(res), { status: 'CANCELLED', sequence: 1, cancelReason: 'Position on hold', panel: [] })
  t.equal(await app.db.interviewInterviewer.count({ where: { interviewId: booked.id } }), 2, 'panel rows kept, inactive')
  t.equal((await cancel('"1"')).statusCode, 409, 'a cancelled interview cannot be cancelled again')
  const again = await world.newApplication()
  t.equal((await book(app, recruiter, again.id, bookingBody(world, d.at('10:00')))).statusCode, 201, 'the slot is free again')
  t.equal(await app.db.schedulingLink.count({ where: { interviewId: booked.id, revokedAt: null, usedAt: null } }), 0, 'the candidate\'s links are dead')
})

t.test('why an interview was moved or cancelled is read by those who manage the job; the panel sees what changed', async (t) => {
  const application = await world.newApplication()
  const d = berlinWeekday(8)
  const booked = json(await book(app, recruiter, application.id, bookingBody(world, d.at('10:00'))))
  const moved = await app.inject({ method: 'PATCH', url: `/interviews/${booked.id}`, headers: { ...bearer(recruiter), 'if-match': '"0"' }, payload: { startsAt: d.at('14:00').toISOString(), reason: 'The candidate is travelling' } })
  t.equal(moved.statusCode, 200, moved.body)
  const cancelled = await app.inject({ method: 'POST', url: `/interviews/${booked.id}/cancel`, headers: { ...bearer(recruiter), 'if-match': '"1"' }, payload: { reason: 'Candidate took another offer' } })
  t.equal(cancelled.statusCode, 200, cancelled.body)

  const read = async (user: typeof recruiter) => ({
    detail: json(await app.inject({ method: 'GET', url: `/interviews/${booked.id}`, headers: bearer(user) })),
    list: json(await app.inject({ method: 'GET', url: `/applications/${application.id}/interviews`, headers: bearer(user) })).items[0],
  })
  for (const [who, user] of [['the recruiter', recruiter], ['the hiring manager', world.manager]] as const) {
    const { detail, list } = await read(user)
    t.same(detail.history.map((h: { reason: string | null }) => h.reason), [null, 'The candidate is travelling', 'Candidate took another offer'], `${who} reads every reason`)
    t.equal(detail.cancelReason, 'Candidate took another offer')
    t.equal(list.cancelReason, 'Candidate took another offer')
  }
  const { detail, list } = await read(first)
  t.same(detail.history.map((h: { kind: string; reason: string | null }) => [h.kind, h.reason]), [['SCHEDULED', null], ['RESCHEDULED', null], ['CANCELLED', null]], 'a panelist sees each change, without its reason')
  t.equal(detail.history[1].startsAt, d.at('14:00').toISOString(), 'and what it changed')
  t.equal(detail.cancelReason, null)
  t.match(list, { status: 'CANCELLED', cancelReason: null })
})

t.test('outcome only after the end; a no-show leaves the worklist', async (t) => {
  const application = await world.newApplication()
  const future = json(await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(6).at('10:00'))))
  const outcome = (id: string, outcome: string) => app.inject({ method: 'POST', url: `/interviews/${id}/outcome`, headers: bearer(recruiter), payload: { outcome } })
  const early = await outcome(future.id, 'COMPLETED')
  t.equal(early.statusCode, 409)
  t.match(json(early).detail, /has not ended yet/)
  const past = await app.db.interview.create({
    data: {
      applicationId: application.id, stageId: world.interviewStage.id, startsAt: new Date(Date.now() - 2 * 3600_000), endsAt: new Date(Date.now() - 3600_000), timeZone: 'UTC', icalUid: `past-${future.id}`,
      panel: { create: [{ userId: first.id, startsAt: new Date(Date.now() - 2 * 3600_000), endsAt: new Date(Date.now() - 3600_000) }] },
    },
  })
  const worklist = async () => json(await app.inject({ method: 'GET', url: '/me/scorecards-due', headers: bearer(first) }))
  t.ok((await worklist()).items.some((i: { interview: { id: string } | null }) => i.interview?.id === past.id), 'after its end, the panelist is asked for a scorecard')
  t.equal((await outcome(past.id, 'NO_SHOW')).statusCode, 200)
  t.notOk((await worklist()).items.some((i: { interview: { id: string } | null }) => i.interview?.id === past.id), 'a no-show is not waiting for a scorecard')
  t.equal(json(await outcome(past.id, 'COMPLETED')).status, 'COMPLETED', 'and can be corrected')
})

t.test('the slot finder answers the panel\'s common free time, without booked slots', async (t) => {
  const d = berlinWeekday(8)
  const application = await world.newApplication()
  t.equal((await book(app, recruiter, application.id, bookingBody(world, d.at('12:00')))).statusCode, 201)
  const from = d.at('08:00').toISOString()
  const to = d.at('18:00').toISOString()
  const res = await app.inject({ method: 'GET', url: `/interviews/slots?panelUserIds=${first.id}&panelUserIds=${second.id}&durationMinutes=60&from=${from}&to=${to}`, headers: bearer(recruiter) })
  t.equal(res.statusCode, 200, res.body)
  const starts = json(res).items.map((s: { startsAt: string }) => s.startsAt)
  const expected = ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00'].map((hm) => d.at(hm).toISOString())
  t.same(starts, expected, 'the 12:00 booking and its 15-minute buffers take out 10:45–13:15')
  const bad = await app.inject({ method: 'GET', url: `/interviews/slots?panelUserIds=${first.id}&durationMinutes=60&from=${to}&to=${from}`, headers: bearer(recruiter) })
  t.equal(bad.statusCode, 400)
})

t.test('availability: own or by a scheduler, validated', async (t) => {
  const put = (user: typeof first, userId: string, payload: object) => app.inject({ method: 'PUT', url: `/users/${userId}/availability`, headers: bearer(user), payload })
  const mine = { timeZone: 'America/New_York', bufferMinutes: 10, minNoticeHours: 12, dailyInterviewCap: 3, workingHours: [{ weekday: 1, startMinute: 540, endMinute: 720 }, { weekday: 1, startMinute: 780, endMinute: 1020 }] }
  const res = await put(outsider, outsider.id, mine)
  t.equal(res.statusCode, 200, res.body)
  t.match(json(res), { configured: true, timeZone: 'America/New_York', workingHours: mine.workingHours })
  t.equal((await put(outsider, first.id, mine)).statusCode, 404, 'not someone else\'s')
  t.equal((await app.inject({ method: 'GET', url: `/users/${first.id}/availability`, headers: bearer(outsider) })).statusCode, 404, 'interviewers read only their own')
  const overlap = await put(outsider, outsider.id, { ...mine, workingHours: [{ weekday: 1, startMinute: 540, endMinute: 720 }, { weekday: 1, startMinute: 700, endMinute: 800 }] })
  t.equal(overlap.statusCode, 400)
  t.match(json(overlap).errors, [{ pointer: '/body/workingHours/1' }])
  const inverted = await put(outsider, outsider.id, { ...mine, workingHours: [{ weekday: 2, startMinute: 600, endMinute: 500 }] })
  t.equal(inverted.statusCode, 400)
  const away = await app.inject({
    method: 'POST', url: `/users/${outsider.id}/availability/exceptions`, headers: bearer(outsider),
    payload: { kind: 'UNAVAILABLE', startsAt: day.at('00:00').toISOString(), endsAt: day.at('23:59').toISOString(), note: 'Day off' },
  })
  t.equal(away.statusCode, 201)
  const seenBy = async (user: typeof first) => json(await app.inject({ method: 'GET', url: `/users/${outsider.id}/availability`, headers: bearer(user) })).exceptions
  t.match(await seenBy(recruiter), [{ kind: 'UNAVAILABLE', note: 'Day off' }], 'a recruiter reads the time away and its note')
  t.match(await seenBy(outsider), [{ note: 'Day off' }], 'and so does the user')
  t.equal((await app.inject({ method: 'GET', url: `/users/${outsider.id}/availability`, headers: bearer(world.manager) })).statusCode, 404, 'a hiring manager does not see someone on none of their teams')
  await app.db.hiringTeamMember.create({ data: { jobId: world.job.id, userId: outsider.id, role: 'INTERVIEWER' } })
  t.match(await seenBy(world.manager), [{ kind: 'UNAVAILABLE', startsAt: day.at('00:00').toISOString(), note: null }], 'on their team: the time away, not its note')
  await app.db.hiringTeamMember.deleteMany({ where: { jobId: world.job.id, userId: outsider.id } })
  t.equal((await app.inject({ method: 'DELETE', url: `/users/${outsider.id}/availability/exceptions/${json(away).id}`, headers: bearer(outsider) })).statusCode, 204)
  const fresh = json(await app.inject({ method: 'GET', url: `/users/${world.admin.id}/availability`, headers: bearer(recruiter) }))
  t.match(fresh, { configured: false, bufferMinutes: 15, workingHours: [{ weekday: 1, startMinute: 540, endMinute: 1020 }] }, 'defaults until set')
})

t.test('ids are lower case, as the API writes them: an upper-case one is a 400 naming the field, not a panel member "not on the team"', async (t) => {
  const application = await world.newApplication('Uma')
  const res = await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(12).at('14:00'), { panelUserIds: [first.id.toUpperCase()] }))
  t.equal(res.statusCode, 400, res.body)
  t.match(json(res).errors, [{ pointer: '/body/panelUserIds/0' }])
  const ok = await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(12).at('14:00'), { panelUserIds: [first.id] }))
  t.equal(ok.statusCode, 201, `the same id in lower case books: ${ok.body}`)
  const candidate = await app.db.candidate.create({ data: { email: `upper.${Date.now()}@example.test`, firstName: 'Up', lastName: 'Per' } })
  const applying = await app.inject({ method: 'POST', url: '/applications', headers: bearer(recruiter), payload: { candidateId: candidate.id, jobId: world.job.id, stageId: world.interviewStage.id.toUpperCase() } })
  t.equal(applying.statusCode, 400, 'the same holds for an optional id (the stage to apply at)')
  t.match(json(applying).errors, [{ pointer: '/body/stageId' }])
})

t.test("a hiring manager looks up the free time of their jobs' teams, not of everyone", async (t) => {
  const [from, to] = [berlinWeekday(20).at('00:00').toISOString(), berlinWeekday(21).at('00:00').toISOString()]
  const slots = (userId: string) => app.inject({ url: `/interviews/slots?panelUserIds=${userId}&durationMinutes=60&from=${from}&to=${to}`, headers: bearer(world.manager) })
  t.equal((await slots(first.id)).statusCode, 200, 'an interviewer on their job')
  t.equal((await slots(outsider.id)).statusCode, 404, 'someone on none of their teams: as if unknown')
  t.equal((await app.inject({ url: `/interviews/slots?panelUserIds=${outsider.id}&durationMinutes=60&from=${from}&to=${to}`, headers: bearer(recruiter) })).statusCode, 200, 'a recruiter looks up anyone')
})

t.test("a conflict on another team's job says only that the person is busy, not which interview or when", async (t) => {
  // Job B shares Ines with the world's job A, but not its hiring manager.
  const jobB = await createJob(app, { plan: plainPlan, team: [{ user: first, role: 'INTERVIEWER' }] })
  const candidate = await createCandidate(app, { firstName: 'Bea' })
  const onB = await applied(app, recruiter, { candidateId: candidate.id, jobId: jobB.id })
  const d = berlinWeekday(14)
  const hidden = json(await book(app, recruiter, onB.id, { ...bookingBody(world, d.at('13:00'), { panelUserIds: [first.id] }), stageId: jobB.stages.find((s) => s.kind === 'INTERVIEW')!.id }))
  t.ok(hidden.id, 'Ines is booked on job B at 13:00')
  const leaks = (body: string) => [hidden.id, hidden.startsAt, hidden.endsAt, jobB.title].filter((secret) => body.includes(secret))

  const onA = await world.newApplication('Cy')
  const refused = await book(app, world.manager, onA.id, bookingBody(world, d.at('13:30')))
  t.equal(refused.statusCode, 409, 'the hiring manager of job A is refused')
  t.match(json(refused), { type: 'https://shortlist.dev/problems/panel-not-free', code: 'SL_PANEL_NOT_FREE', detail: /Ines First: they have another interview then/ })
  t.same(json(refused).conflicts, [{ userId: first.id, name: 'Ines First', problem: 'busy' }], 'who is busy, not with what')
  t.same(leaks(refused.body), [], 'nothing of job B\'s interview: no id, no times, no title')

  const mine = json(await book(app, world.manager, onA.id, bookingBody(world, d.at('09:00'), { panelUserIds: [second.id] })))
  const moved = await app.inject({ method: 'PATCH', url: `/interviews/${mine.id}`, headers: { ...bearer(world.manager), 'if-match': '"0"' }, payload: { startsAt: d.at('12:30').toISOString(), panelUserIds: [first.id] } })
  t.equal(moved.statusCode, 409, 'moving an interview onto her is refused the same way')
  t.same(json(moved).conflicts, [{ userId: first.id, name: 'Ines First', problem: 'busy' }])
  t.same(leaks(moved.body), [], 'and tells no more')

  const byRecruiter = json(await book(app, recruiter, onA.id, bookingBody(world, d.at('13:30'))))
  t.same(byRecruiter.conflicts, [{ userId: first.id, name: 'Ines First', problem: 'busy', interviewId: hidden.id, startsAt: hidden.startsAt, endsAt: hidden.endsAt }], 'a recruiter sees every job, so is told which interview')
  const onAToo = json(await book(app, recruiter, onA.id, bookingBody(world, d.at('15:00'), { panelUserIds: [second.id] })))
  const sameJob = json(await book(app, world.manager, onA.id, bookingBody(world, d.at('15:30'), { panelUserIds: [second.id] })))
  t.same(sameJob.conflicts, [{ userId: second.id, name: 'Omar Second', problem: 'busy', interviewId: onAToo.id, startsAt: onAToo.startsAt, endsAt: onAToo.endsAt }], 'on their own job the manager is told which interview')
})

t.test('a buffer conflict names the interview that causes it, or none: never another one nearby', async (t) => {
  const jobB = await createJob(app, { plan: plainPlan, team: [{ user: first, role: 'INTERVIEWER' }] })
  const onB = await applied(app, recruiter, { candidateId: (await createCandidate(app, { firstName: 'Dee' })).id, jobId: jobB.id })
  const d = berlinWeekday(15)
  const hidden = json(await book(app, recruiter, onB.id, { ...bookingBody(world, d.at('14:00'), { panelUserIds: [first.id] }), stageId: jobB.stages.find((s) => s.kind === 'INTERVIEW')!.id }))
  const onA = await world.newApplication('Eve')
  const visible = json(await book(app, world.manager, onA.id, bookingBody(world, d.at('10:00'), { panelUserIds: [first.id] })))
  t.ok(hidden.id && visible.id, 'Ines has a job B interview at 14:00 and a job A one at 10:00')

  const refused = await book(app, world.manager, (await world.newApplication('Fay')).id, bookingBody(world, d.at('12:50'), { panelUserIds: [first.id] }))
  t.equal(refused.statusCode, 409, 'ending ten minutes before the 14:00 interview is inside its buffer')
  t.same(json(refused).conflicts, [{ userId: first.id, name: 'Ines First', problem: 'buffer' }], 'the interview in the way is job B\'s: unnamed, and the 10:00 one is not named in its place')
  t.notOk(refused.body.includes(visible.id), 'the job A interview, nowhere near, is not blamed')
})
