// The self-scheduling pages over HTTP: races for one slot, the headers that
// keep a token safe, and the refusals a link can meet.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer } from '../helpers/users.ts'
import { berlinWeekday, json, manyLogins, schedulingWorld, type SchedulingWorld } from './fixtures.ts'

const { app } = await buildTestApp(t, manyLogins)
const world = await schedulingWorld(app)

async function sendLink(w: SchedulingWorld, applicationId: string, slots: Date[], extra: object = {}) {
  const res = await app.inject({
    method: 'POST', url: `/applications/${applicationId}/scheduling-links`, headers: bearer(w.recruiter),
    payload: { stageId: w.interviewStage.id, panelUserIds: [w.first.id, w.second.id], durationMinutes: 60, slots: slots.map((s) => s.toISOString()), ...extra },
  })
  if (res.statusCode !== 201) throw new Error(`link: ${res.statusCode} ${res.body}`)
  return json<{ id: string; url: string; slots: Array<{ startsAt: string }> }>(res)
}
const pathOf = (url: string) => new URL(url).pathname
const choose = (url: string, startsAt: Date) =>
  app.inject({ method: 'POST', url: pathOf(url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ startsAt: startsAt.toISOString(), tz: 'Europe/Berlin' }).toString() })

t.test('two candidates racing for one slot: one books, the other is told and shown the rest', async (t) => {
  const d = berlinWeekday(6)
  const [ada, bob] = [await world.newApplication('Ada'), await world.newApplication('Bob')]
  const offered = [d.at('09:00'), d.at('11:00'), d.at('14:00')]
  const [linkA, linkB] = [await sendLink(world, ada.id, offered), await sendLink(world, bob.id, offered)]
  const [a, b] = await Promise.all([choose(linkA.url, d.at('11:00')), choose(linkB.url, d.at('11:00'))])
  const codes = [a.statusCode, b.statusCode].sort()
  t.same(codes, [303, 409], 'one booked, one refused')
  const loser = a.statusCode === 409 ? a : b
  t.match(loser.body, /role="alert">Sorry, that time has just been taken/)
  t.match(loser.body, /09:00–10:00/, 'the other offered times are still shown')
  t.notMatch(loser.body, /value="[^"]*T10:00:00.000Z"/, 'but not the taken one')
  t.equal(await app.db.interviewInterviewer.count({ where: { active: true, startsAt: d.at('11:00') } }), 2, 'the panel is booked once')
})

t.test('two tabs of one link: one booking; the other tab sees the booking', async (t) => {
  const d = berlinWeekday(7)
  const cleo = await world.newApplication('Cleo')
  const link = await sendLink(world, cleo.id, [d.at('09:00'), d.at('13:00')])
  const [a, b] = await Promise.all([choose(link.url, d.at('09:00')), choose(link.url, d.at('13:00'))])
  t.same([a.statusCode, b.statusCode].sort(), [200, 303])
  const other = a.statusCode === 200 ? a : b
  t.match(other.body, /<h1>This link has been used<\/h1>/)
  t.equal(await app.db.interview.count({ where: { applicationId: cleo.id } }), 1, 'one interview')
  const page = await app.inject({ method: 'GET', url: pathOf(link.url) })
  t.equal(page.statusCode, 200)
  t.match(page.body, /is booked for:/)
})

t.test('the pages carry strict headers and no third-party anything', async (t) => {
  const d = berlinWeekday(8)
  const dora = await world.newApplication('Dora')
  const link = await sendLink(world, dora.id, [d.at('10:00')])
  const res = await app.inject({ method: 'GET', url: pathOf(link.url) })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], 'text/html')
  t.equal(res.headers['content-security-policy'], "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['referrer-policy'], 'no-referrer')
  t.equal(res.headers['x-frame-options'], 'DENY')
  t.notMatch(res.body, /<script(?![^>]*src="\/schedule\/assets\/)/, 'no inline scripts')
  t.notMatch(res.body, /(src|href)="(https?:)?\/\//, 'nothing loaded from another origin')
  t.notMatch(res.body, /\sstyle=/, 'no inline styles')
  t.equal(res.headers['set-cookie'], undefined)
  for (const bad of ['/schedule/short', `/schedule/${'A'.repeat(64)}`, '/schedule/%3Cscript%3E']) {
    const page = await app.inject({ method: 'GET', url: bad })
    t.equal(page.statusCode, 404, bad)
    t.match(page.body, /<h1>This link does not work<\/h1>/)
    t.equal(page.headers['cache-control'], 'no-store')
  }
  const garbage = await app.inject({ method: 'POST', url: pathOf(link.url), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'startsAt=yesterday' })
  t.equal(garbage.statusCode, 400)
  t.match(garbage.body, /role="alert">Please choose one of the times/)
  const unoffered = await choose(link.url, d.at('16:00'))
  t.equal(unoffered.statusCode, 409, 'a time the link did not offer is not booked')
  t.equal(await app.db.interview.count({ where: { applicationId: dora.id } }), 0)
})

t.test('sending links: bad offers are refused and write nothing', async (t) => {
  const eve = await world.newApplication('Eve')
  const post = (payload: object) => app.inject({ method: 'POST', url: `/applications/${eve.id}/scheduling-links`, headers: bearer(world.recruiter), payload })
  const base = { stageId: world.interviewStage.id, panelUserIds: [world.first.id], durationMinutes: 60 }
  const before = await app.db.schedulingLink.count()
  t.equal((await post({ ...base })).statusCode, 400, 'neither slots nor range')
  t.equal((await post({ ...base, slots: [berlinWeekday(9).at('20:00').toISOString()] })).statusCode, 409, 'a slot outside working hours')
  t.equal((await post({ ...base, stageId: world.reviewStage.id, slots: [berlinWeekday(9).at('10:00').toISOString()] })).statusCode, 409, 'not an interview stage')
  t.equal((await post({ ...base, panelUserIds: [world.outsider.id], slots: [berlinWeekday(9).at('10:00').toISOString()] })).statusCode, 409, 'not on the team')
  const sunday = berlinWeekday(9).date.plus({ days: 7 - berlinWeekday(9).date.weekday })
  t.equal((await post({ ...base, from: sunday.set({ hour: 0 }).toJSDate().toISOString(), to: sunday.set({ hour: 23 }).toJSDate().toISOString() })).statusCode, 409, 'no common time on a Sunday')
  t.equal((await app.inject({ method: 'POST', url: `/applications/${eve.id}/scheduling-links`, headers: bearer(world.first), payload: { ...base, slots: [berlinWeekday(9).at('10:00').toISOString()] } })).statusCode, 403)
  t.equal(await app.db.schedulingLink.count(), before, 'nothing written')
  const link = await sendLink(world, eve.id, [berlinWeekday(9).at('10:00')])
  t.equal((await app.inject({ method: 'DELETE', url: `/scheduling-links/${link.id}`, headers: bearer(world.recruiter) })).statusCode, 204)
  const revoked = await app.inject({ method: 'GET', url: pathOf(link.url) })
  t.equal(revoked.statusCode, 410)
  t.match(revoked.body, /This link is no longer valid/)
})

t.test("a link whose application has closed says so, and books nothing", async (t) => {
  const d = berlinWeekday(10)
  const finn = await world.newApplication('Finn')
  const link = await sendLink(world, finn.id, [d.at('10:00')])
  await app.db.application.update({ where: { id: finn.id }, data: { status: 'WITHDRAWN' } })
  const page = await app.inject({ method: 'GET', url: pathOf(link.url) })
  t.equal(page.statusCode, 410)
  t.match(page.body, /<h1>This link is no longer needed<\/h1>/)
  const tried = await choose(link.url, d.at('10:00'))
  t.equal(tried.statusCode, 410, 'choosing is refused with the same page, not "that time was taken"')
  t.equal(await app.db.interview.count({ where: { applicationId: finn.id } }), 0)
})
