// The candidate's side, in real headless Chromium: the link from the received
// e-mail, a slot picked with the keyboard, the confirmation page and e-mail,
// then the reschedule and cancel links of the e-mails that follow, with
// axe-core on every page and screenshots at phone and desktop widths.
import t, { type Test } from 'tap'
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { startMailPipeline, eventually } from '../email/pipeline.ts'
import { freePort } from '../helpers/waiting.ts'
import { bearer } from '../helpers/users.ts'
import { DESKTOP, launchChromium, PHONE, screenshot, seriousAxeViolations } from '../helpers/browser.ts'
import { calendarOf, mailWithSubject } from './mail.ts'
import { berlinWeekday, json, schedulingWorld } from './fixtures.ts'

const port = await freePort()
const { app, sink } = await startMailPipeline(t, { PUBLIC_URL: `http://127.0.0.1:${port}`, COMPANY_NAME: 'Acme Hiring' })
await app.listen({ port, host: '127.0.0.1' })
const world = await schedulingWorld(app)
const application = await world.newApplication('Grace')
const candidate = await app.db.candidate.findUniqueOrThrow({ where: { id: application.candidateId }, select: { email: true } })
const day = berlinWeekday(2)

const browser = await launchChromium()
t.teardown(() => browser.close())
// The candidate is in New York: the page must show New York times.
const context = await browser.newContext({ timezoneId: 'America/New_York', viewport: PHONE, locale: 'en-US' })
const page = await context.newPage()

const linkIn = (text: string, label: string) => {
  const match = new RegExp(`${label}: (http\\S+)`).exec(text)
  if (!match) throw new Error(`no "${label}" link in: ${text}`)
  return match[1]!
}

async function checkAccessible(t: Test, page: Page, name: string) {
  t.same(await seriousAxeViolations(page), [], `${name}: no serious or critical axe violations`)
  await page.setViewportSize(PHONE)
  await screenshot(page, `${name}-phone`)
  await page.setViewportSize(DESKTOP)
  await screenshot(page, `${name}-desktop`)
  await page.setViewportSize(PHONE)
}

/** Tabs forward until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, selector: string, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => (globalThis as unknown as { document: { activeElement: { matches(s: string): boolean } | null } }).document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

t.test('pick a time from the e-mailed link with the keyboard, see it confirmed', async (t) => {
  const sent = await app.inject({
    method: 'POST', url: `/applications/${application.id}/scheduling-links`, headers: bearer(world.recruiter),
    payload: { stageId: world.interviewStage.id, panelUserIds: [world.first.id, world.second.id], durationMinutes: 60, from: day.at('14:00').toISOString(), to: day.at('17:00').toISOString(), maxSlots: 4, videoUrl: 'https://meet.example.com/grace' },
  })
  t.equal(sent.statusCode, 201, sent.body)
  t.same(json(sent).slots.map((s: { startsAt: string }) => s.startsAt), ['14:00', '14:30', '15:00', '15:30'].map((hm) => day.at(hm).toISOString()))

  const mail = await mailWithSubject(sink, candidate.email, /^Choose a time for your .* interview/)
  const url = linkIn(mail.text!, 'Choose a time')
  t.equal(url, json(sent).url, 'the e-mail carries the link the recruiter was given')

  const response = await page.goto(url)
  t.equal(response!.status(), 200)
  // The page's own script switched to the browser's zone (a reload with ?tz=).
  await page.waitForURL(/tz=America%2FNew_York/)
  t.equal(await page.locator('h1').innerText(), 'Choose a time for your interview')
  t.equal(await page.locator('select#tz').inputValue(), 'America/New_York')
  const firstLabel = await page.locator('.choice label').first().innerText()
  const newYork = (at: Date) => DateTime.fromJSDate(at).setZone('America/New_York').toFormat('HH:mm')
  t.equal(firstLabel.replace(/\s/g, ''), `${newYork(day.at('14:00'))}–${newYork(day.at('15:00'))}`, 'times in New York (Berlin 14:00 is 08:00 in winter)')
  await checkAccessible(t, page, 'pick')

  await tabTo(page, 'input[type=radio]')
  await page.keyboard.press('Space')
  t.ok(await page.locator('input[type=radio]').first().isChecked(), 'Space picks the focused time')
  await tabTo(page, 'button.primary')
  await page.keyboard.press('Enter')
  await page.waitForURL(/booked=1/)
  t.equal(await page.locator('h1').innerText(), 'Your interview is booked')
  t.match(await page.locator('.when').innerText(), /America\/New York/)
  await checkAccessible(t, page, 'booked')

  const interview = await app.db.interview.findFirstOrThrow({ where: { applicationId: application.id }, select: { id: true, icalUid: true, startsAt: true, timeZone: true } })
  t.equal(interview.startsAt.toISOString(), day.at('14:00').toISOString())
  t.equal(interview.timeZone, 'America/New_York', 'the interview keeps the candidate\'s zone')
  const invitation = await mailWithSubject(sink, candidate.email, /^Interview for /)
  const invite = await calendarOf(invitation)
  t.match(invite, { method: 'REQUEST', uid: interview.icalUid, sequence: 0, status: 'CONFIRMED', start: day.at('14:00').toISOString(), tzid: 'America/New_York' })
  for (const panelist of [world.first, world.second]) {
    const team = await mailWithSubject(sink, panelist.email, /^Interview: /)
    t.match(await calendarOf(team), { method: 'REQUEST', uid: interview.icalUid, sequence: 0 }, `${panelist.email} gets the invitation with its calendar file`)
  }
  t.same(await page.context().cookies(), [], 'no cookies set')

  // Reschedule from the invitation's own link.
  await page.goto(linkIn(invitation.text!, 'Choose another time'))
  t.equal(await page.locator('h1').innerText(), 'Choose a new time for your interview')
  await checkAccessible(t, page, 'reschedule')
  await page.locator('.choice label').nth(3).click()
  await page.locator('button.primary').click()
  await page.waitForURL(/booked=1/)
  const moved = await app.db.interview.findUniqueOrThrow({ where: { id: interview.id }, select: { startsAt: true, sequence: true } })
  t.equal(moved.sequence, 1)
  t.not(moved.startsAt.toISOString(), interview.startsAt.toISOString(), 'moved to the new time')
  const update = await mailWithSubject(sink, candidate.email, /^Updated: /)
  t.match(await calendarOf(update), { method: 'REQUEST', uid: interview.icalUid, sequence: 1, start: moved.startsAt.toISOString() })

  // Cancel from the update's link.
  await page.goto(linkIn(update.text!, 'Cancel the interview'))
  t.equal(await page.locator('h1').innerText(), 'Cancel your interview')
  await checkAccessible(t, page, 'cancel')
  await page.locator('#reason').fill('I accepted another offer')
  await page.locator('button.primary').click()
  await page.waitForSelector('h1:has-text("Your interview is cancelled")')
  await checkAccessible(t, page, 'cancelled')
  const cancellation = await mailWithSubject(sink, candidate.email, /^Cancelled: /)
  t.match(await calendarOf(cancellation), { method: 'CANCEL', uid: interview.icalUid, sequence: 2, status: 'CANCELLED' })
  const teamCancel = await mailWithSubject(sink, world.first.email, /^Cancelled: /)
  t.match(await calendarOf(teamCancel), { method: 'CANCEL', sequence: 2 }, 'the panel gets the cancellation too')
  const after = await app.db.interview.findUniqueOrThrow({ where: { id: interview.id }, select: { status: true, cancelReason: true } })
  t.same(after, { status: 'CANCELLED', cancelReason: 'Cancelled by the candidate: I accepted another offer' })

  // Every link used is now a clear page, not an error.
  const used = await page.goto(url)
  t.equal(used!.status(), 200)
  t.equal(await page.locator('h1').innerText(), 'Your interview is cancelled')
})

t.test('tampered and expired links get a clear page', async (t) => {
  const other = await world.newApplication('Linus')
  const sent = json(await app.inject({
    method: 'POST', url: `/applications/${other.id}/scheduling-links`, headers: bearer(world.recruiter),
    payload: { stageId: world.interviewStage.id, panelUserIds: [world.first.id], durationMinutes: 30, from: berlinWeekday(3).at('09:00').toISOString(), to: berlinWeekday(3).at('12:00').toISOString() },
  }))
  const url: string = sent.url
  const flipped = url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A')
  const tampered = await page.goto(flipped)
  t.equal(tampered!.status(), 404)
  t.equal(await page.locator('h1').innerText(), 'This link does not work')
  await checkAccessible(t, page, 'link-invalid')
  await app.db.schedulingLink.update({ where: { id: sent.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  const expired = await page.goto(url)
  t.equal(expired!.status(), 410)
  t.equal(await page.locator('h1').innerText(), 'This link has expired')
  t.equal(await app.db.interview.count({ where: { applicationId: other.id } }), 0, 'nothing booked')
})
