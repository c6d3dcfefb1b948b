// The self-scheduling pages over HTTP: races for one slot, the headers that
// keep a token safe, and the refusals a link can meet.
import t from 'tap'
import { buildTestApp } from '../helpers/app.ts'
import { bearer } from '../helpers/users.ts'
import { linkSigningKey, linkToken } from '../../src/scheduling/link-token.ts'
import { berlinOfficeHours, berlinWeekday, json, manyLogins, schedulingWorld, type SchedulingWorld } from './fixtures.ts'

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

// A link's panel and stage are checked when the link is made; the people and
// the plan can change before the candidate opens it. Each case gets its own
// world, since it takes a panelist or a stage away from the job.
t.test('a link whose panel or stage is no longer valid says its times are gone, and books nothing', async (t) => {
  const cases: Array<[string, (w: SchedulingWorld) => Promise<void>]> = [
    ['a panelist deactivated', async (w) => {
      const res = await app.inject({ method: 'PATCH', url: `/users/${w.second.id}`, headers: bearer(w.admin), payload: { active: false } })
      if (res.statusCode !== 200) throw new Error(`deactivate: ${res.statusCode} ${res.body}`)
    }],
    ['a panelist taken off the hiring team', async (w) => {
      const team = [{ userId: w.manager.id, role: 'HIRING_MANAGER' }, { userId: w.first.id, role: 'INTERVIEWER' }]
      const res = await app.inject({ method: 'PUT', url: `/jobs/${w.job.id}/team`, headers: bearer(w.recruiter), payload: { team } })
      if (res.statusCode !== 200) throw new Error(`team: ${res.statusCode} ${res.body}`)
    }],
    ['the interview stage removed from the plan', async (w) => {
      const plan = json<{ stages: Array<Record<string, unknown>> }>(await app.inject({ method: 'GET', url: `/jobs/${w.job.id}/plan`, headers: bearer(w.recruiter) }))
      const stages = plan.stages.filter((s) => s.id !== w.interviewStage.id)
        .map(({ id, name, kind, templateId, requiredScorecards, slaDays }) => ({ id, name, kind, templateId, requiredScorecards, slaDays }))
      const res = await app.inject({ method: 'PUT', url: `/jobs/${w.job.id}/plan`, headers: { ...bearer(w.recruiter), 'if-match': '*' }, payload: { stages } })
      if (res.statusCode !== 200) throw new Error(`plan: ${res.statusCode} ${res.body}`)
    }],
  ]
  for (const [what, change] of cases) {
    await t.test(what, async (t) => {
      const w = await schedulingWorld(app)
      const d = berlinWeekday(11)
      const gina = await w.newApplication('Gina')
      const link = await sendLink(w, gina.id, [d.at('10:00'), d.at('14:00')])
      await change(w)

      const page = await app.inject({ method: 'GET', url: pathOf(link.url) })
      t.equal(page.statusCode, 410, 'opening the link')
      t.match(page.headers['content-type'], 'text/html')
      t.match(page.body, /<h1>These times are no longer available<\/h1>/)
      t.match(page.body, /contact the recruiter/)
      t.notMatch(page.body, /name="startsAt"/, 'no time is offered')

      const tried = await choose(link.url, d.at('10:00'))
      t.equal(tried.statusCode, 410, 'choosing one of the times')
      t.match(tried.headers['content-type'], 'text/html')
      t.match(tried.body, /<h1>These times are no longer available<\/h1>/)
      for (const id of [w.first.id, w.second.id, w.interviewStage.id]) t.notOk(tried.body.includes(id), 'no internal id on the page')

      t.equal(await app.db.interview.count({ where: { applicationId: gina.id } }), 0, 'nothing booked')
      const row = await app.db.schedulingLink.findUniqueOrThrow({ where: { id: link.id }, select: { usedAt: true, slots: { select: { bookedAt: true } } } })
      t.same(row, { usedAt: null, slots: [{ bookedAt: null }, { bookedAt: null }] }, 'the link and its slots untouched')
    })
  }
})

t.test("after booking, a panelist leaving stops the candidate's move, not their cancel", async (t) => {
  const w = await schedulingWorld(app)
  const d = berlinWeekday(3)
  const hugo = await w.newApplication('Hugo')
  const pick = await sendLink(w, hugo.id, [d.at('10:00')])
  t.equal((await choose(pick.url, d.at('10:00'))).statusCode, 303)
  const interview = await app.db.interview.findFirstOrThrow({ where: { applicationId: hugo.id }, select: { id: true } })
  const links = await app.db.schedulingLink.findMany({ where: { interviewId: interview.id, revokedAt: null, usedAt: null }, select: { id: true, purpose: true } })
  const key = linkSigningKey(app.config)
  const urlOf = (purpose: string) => `/schedule/${linkToken(key, links.find((l) => l.purpose === purpose)!.id)}`
  t.equal((await app.inject({ method: 'GET', url: urlOf('RESCHEDULE') })).statusCode, 200, 'the move link works while the panel stands')

  await app.inject({ method: 'PATCH', url: `/users/${w.second.id}`, headers: bearer(w.admin), payload: { active: false } })
  const move = await app.inject({ method: 'GET', url: urlOf('RESCHEDULE') })
  t.equal(move.statusCode, 410)
  t.match(move.body, /<h1>This interview can no longer be moved here<\/h1>/)
  t.match(move.body, /stays booked as it is/, 'the candidate is told the interview stands')
  const moved = await app.inject({
    method: 'POST', url: urlOf('RESCHEDULE'), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ startsAt: d.at('14:00').toISOString() }).toString(),
  })
  t.equal(moved.statusCode, 410)
  t.match(await app.db.interview.findUniqueOrThrow({ where: { id: interview.id }, select: { startsAt: true, sequence: true } }), { startsAt: d.at('10:00'), sequence: 0 }, 'not moved')
  const cancel = await app.inject({ method: 'GET', url: urlOf('CANCEL') })
  t.equal(cancel.statusCode, 200, 'the candidate can still cancel')
  t.match(cancel.body, /<h1>Cancel your interview<\/h1>/)
})

t.test("a link's times from a range lie on whole steps of the link's own clock", async (t) => {
  const w = await schedulingWorld(app)
  const d = berlinWeekday(4)
  const res = await app.inject({
    method: 'PUT', url: `/users/${w.first.id}/availability`, headers: bearer(w.recruiter),
    payload: { ...berlinOfficeHours, workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 11 * 60 })) },
  })
  t.equal(res.statusCode, 200)
  const ivy = await w.newApplication('Ivy')
  const from = d.at('00:00').toISOString()
  const to = d.date.plus({ days: 1 }).toJSDate().toISOString()
  const offer = (timeZone: string) => sendLink(w, ivy.id, [], { panelUserIds: [w.first.id], slots: undefined, from, to, timeZone })
  // Kathmandu is 3:45 or 4:45 ahead of Berlin: its whole half hours are Berlin's quarter past and quarter to.
  t.same((await offer('Asia/Kathmandu')).slots.map((s) => s.startsAt), [d.at('09:15'), d.at('09:45')].map((x) => x.toISOString()), 'Kathmandu 60-minute slots')
  t.same((await offer('Europe/Berlin')).slots.map((s) => s.startsAt), [d.at('09:00'), d.at('09:30'), d.at('10:00')].map((x) => x.toISOString()), 'Berlin ones')
})
