// An interview's life in the timelines: booked, moved by a recruiter, its panel
// changed, moved and cancelled by the candidate through their links, each
// change with who made it; and who may read the reasons given.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { walk as walkFeed, type Entry } from './feed.ts'
import { bearer, type TestUser } from '../helpers/users.ts'
import { linkSigningKey, linkToken } from '../../src/scheduling/link-token.ts'
import { berlinWeekday, book, bookingBody, json, manyLogins, schedulingWorld, BERLIN } from '../scheduling/fixtures.ts'

const { app, config } = await buildTestApp(t, manyLogins)
const world = await schedulingWorld(app)
const { recruiter, manager, first, second } = world

const walk = (user: TestUser, url: string, limit: number) => walkFeed(app, user, url, limit)
/** The interview entries of a feed, oldest first. */
const interviewStory = (entries: Entry[]) => entries.filter((e) => e.kind.startsWith('interview_')).reverse()

const ok = <T = Record<string, any>>(res: Awaited<ReturnType<typeof app.inject>>, status: number, what: string): T => {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`)
  return String(res.headers['content-type']).startsWith('application/json') ? json<T>(res) : ({} as T)
}
const change = (user: TestUser, interviewId: string, sequence: number, payload: object) =>
  app.inject({ method: 'PATCH', url: `/interviews/${interviewId}`, headers: { ...bearer(user), 'if-match': `"${sequence}"` }, payload })
// The candidate's links are e-mailed; the token is rebuilt here from the stored link, as the worker does.
async function candidateLink(interviewId: string, purpose: 'RESCHEDULE' | 'CANCEL') {
  const link = await app.db.schedulingLink.findFirstOrThrow({ where: { interviewId, purpose, usedAt: null, revokedAt: null }, select: { id: true } })
  return `/schedule/${linkToken(linkSigningKey(config), link.id)}`
}
const form = (fields: Record<string, string>) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })

// Booked at 10:00 by the recruiter; moved to 11:00 with a reason; one panelist taken off; moved
// by the candidate to 14:00; cancelled by the candidate with their own words.
const d = berlinWeekday(2)
const ada = await world.newApplication('Ada')
const booked = ok<{ id: string }>(await book(app, recruiter, ada.id, bookingBody(world, d.at('10:00'))), 201, 'book')
ok(await change(recruiter, booked.id, 0, { startsAt: d.at('11:00').toISOString(), reason: 'Room 4 is double-booked' }), 200, 'move')
ok(await change(recruiter, booked.id, 1, { panelUserIds: [first.id] }), 200, 'panel change')
ok(await app.inject({ method: 'POST', url: await candidateLink(booked.id, 'RESCHEDULE'), ...form({ startsAt: d.at('14:00').toISOString(), tz: BERLIN }) }), 303, 'candidate moves it')
ok(await app.inject({ method: 'POST', url: `${await candidateLink(booked.id, 'CANCEL')}/cancel`, ...form({ reason: 'I took another offer' }) }), 200, 'candidate cancels')
const history = await app.db.interviewChange.findMany({ where: { interviewId: booked.id }, orderBy: { sequence: 'asc' } })
const iso = (date: Date) => date.toISOString()

t.test("an application's timeline tells an interview's every change: when, what it was before and after, and who made it", async (t) => {
  const story = interviewStory(await walk(recruiter, `/applications/${ada.id}/timeline`, 50))
  t.same(story.map((e) => e.kind), ['interview_scheduled', 'interview_rescheduled', 'interview_rescheduled', 'interview_rescheduled', 'interview_cancelled'], 'booked, three changes, cancelled; in order')
  const [scheduled, moved, panel, byCandidate, cancelled] = story
  t.match(scheduled, {
    id: booked.id, actorId: recruiter.id, stageId: world.interviewStage.id,
    detail: { startsAt: iso(d.at('10:00')), endsAt: iso(d.at('11:00')), panelUserIds: [first.id, second.id], byCandidate: false },
  }, 'the booking shows the times first booked, not where the interview went later')
  t.match(moved, {
    id: history[1]!.id, at: iso(history[1]!.createdAt), actorId: recruiter.id, applicationId: ada.id, stageId: world.interviewStage.id,
    detail: {
      interviewId: booked.id, sequence: 1, previousStartsAt: iso(d.at('10:00')), previousEndsAt: iso(d.at('11:00')), startsAt: iso(d.at('11:00')), endsAt: iso(d.at('12:00')),
      addedUserIds: [], removedUserIds: [], byCandidate: false, reason: 'Room 4 is double-booked',
    },
  }, "a recruiter's move: the times before and after, and the reason given")
  t.match(panel, {
    actorId: recruiter.id,
    detail: { sequence: 2, previousStartsAt: iso(d.at('11:00')), startsAt: iso(d.at('11:00')), panelUserIds: [first.id], addedUserIds: [], removedUserIds: [second.id], reason: null },
  }, 'a panel change: who was taken off')
  t.match(byCandidate, {
    actorId: null,
    detail: { sequence: 3, previousStartsAt: iso(d.at('11:00')), startsAt: iso(d.at('14:00')), endsAt: iso(d.at('15:00')), byCandidate: true, reason: 'Moved by the candidate' },
  }, 'a move the candidate made through their link')
  t.match(cancelled, {
    id: booked.id, at: iso(history[4]!.createdAt), actorId: null,
    detail: { startsAt: iso(d.at('14:00')), byCandidate: true, reason: 'Cancelled by the candidate: I took another offer' },
  }, 'and their cancellation, when they made it')
})

t.test('only those who manage the job read the reasons given for interview changes; the team sees what changed and who changed it', async (t) => {
  const forManager = interviewStory(await walk(manager, `/applications/${ada.id}/timeline`, 50))
  t.same(forManager.map((e) => e.detail.reason ?? null), [null, 'Room 4 is double-booked', null, 'Moved by the candidate', 'Cancelled by the candidate: I took another offer'], "the job's hiring manager reads them")
  for (const interviewer of [first, second]) {
    const story = interviewStory(await walk(interviewer, `/applications/${ada.id}/timeline`, 50))
    t.same(story.map((e) => e.kind), forManager.map((e) => e.kind), 'an interviewer on the team sees every change')
    t.same(story.map((e) => e.detail.reason ?? null), [null, null, null, null, null], 'but no reason, the candidate\'s own words included')
    t.same(story.map((e) => [e.actorId, e.detail.byCandidate, e.detail.startsAt]), forManager.map((e) => [e.actorId, e.detail.byCandidate, e.detail.startsAt]), 'and who made each change, and the times')
  }
})

t.test("a candidate's timeline carries the same changes, page by page", async (t) => {
  const whole = await walk(recruiter, `/candidates/${ada.candidateId}/timeline`, 50)
  t.same(interviewStory(whole).map((e) => e.id), [booked.id, history[1]!.id, history[2]!.id, history[3]!.id, booked.id])
  for (const limit of [1, 2]) t.same((await walk(recruiter, `/candidates/${ada.candidateId}/timeline`, limit)).map((e) => `${e.kind}:${e.id}`), whole.map((e) => `${e.kind}:${e.id}`), `pages of ${limit}`)
  const forInterviewer = interviewStory(await walk(first, `/candidates/${ada.candidateId}/timeline`, 2))
  t.equal(forInterviewer.filter((e) => e.kind === 'interview_rescheduled').length, 3)
  t.ok(forInterviewer.every((e) => (e.detail.reason ?? null) === null), 'without the reasons')
})

t.test("a cancellation stays where it happened when the interview's row is written again later (an erasure)", async (t) => {
  const bo = await world.newApplication('Bo')
  const interview = ok<{ id: string }>(await book(app, recruiter, bo.id, bookingBody(world, d.at('16:00'))), 201, 'book')
  ok(await app.inject({ method: 'POST', url: `/interviews/${interview.id}/cancel`, headers: { ...bearer(recruiter), 'if-match': '"0"' }, payload: { reason: 'Position filled' } }), 200, 'cancel')
  const cancellation = await app.db.interviewChange.findFirstOrThrow({ where: { interviewId: interview.id, kind: 'CANCELLED' } })
  const before = await app.db.interview.findUniqueOrThrow({ where: { id: interview.id }, select: { updatedAt: true } })
  await new Promise((resolve) => setTimeout(resolve, 20))
  ok(await app.inject({ method: 'POST', url: `/candidates/${bo.candidateId}/erasure`, headers: bearer(recruiter), payload: { confirm: true } }), 200, 'erase')
  const after = await app.db.interview.findUniqueOrThrow({ where: { id: interview.id }, select: { updatedAt: true } })
  t.ok(after.updatedAt > before.updatedAt, "the erasure wrote the interview's row again")
  const entry = (await walk(recruiter, `/applications/${bo.id}/timeline`, 50)).find((e) => e.kind === 'interview_cancelled')
  t.match(entry, { id: interview.id, at: iso(cancellation.createdAt), actorId: recruiter.id, detail: { byCandidate: false, reason: null } }, 'the entry keeps its time, and its reason is gone with the erasure')
})

t.test('a held interview says who recorded the outcome', async (t) => {
  const cy = await world.newApplication('Cy')
  const interview = ok<{ id: string }>(await book(app, recruiter, cy.id, bookingBody(world, berlinWeekday(3).at('10:00'))), 201, 'book')
  // Only an interview that has ended takes an outcome: this one is moved into the past behind the service's back.
  const past = { startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000) }
  await app.db.interview.update({ where: { id: interview.id }, data: past })
  ok(await app.inject({ method: 'POST', url: `/interviews/${interview.id}/outcome`, headers: bearer(manager), payload: { outcome: 'COMPLETED' } }), 200, 'outcome')
  const entry = (await walk(recruiter, `/applications/${cy.id}/timeline`, 50)).find((e) => e.kind === 'interview_completed')
  t.match(entry, { id: interview.id, at: iso(past.endsAt), actorId: manager.id, detail: { byCandidate: false } })
})
