// Interview reminders: delayed BullMQ jobs 24 h and 1 h before the start,
// moved by a reschedule, removed by a cancellation, and sent once with two
// worker processes' runtimes running. Across daylight-saving changes the
// reminder is 24 hours of real time before the start, and the e-mail shows the
// local time of the day it falls on.
import t from 'tap'
import { pino } from 'pino'
import { DateTime } from 'luxon'
import { Queue } from 'bullmq'
import { startWorkerRuntime } from '../../workers/runtime.ts'
import { queuePrefix, QueueName } from '../../src/queues/index.ts'
import { reminderJobId } from '../../src/scheduling/reminders.ts'
import { startMailPipeline, eventually } from '../email/pipeline.ts'
import { bearer } from '../helpers/users.ts'
import { berlinWeekday, book, bookingBody, json, schedulingWorld } from './fixtures.ts'
import { countWithSubject, mailWithSubject } from './mail.ts'

const { app, config, sink } = await startMailPipeline(t)
// A second worker runtime on the same database and Redis: "several workers".
const second = await startWorkerRuntime(config, pino({ level: 'silent' }))
t.teardown(() => second.stop())
const queue = new Queue(QueueName.Reminders, { connection: { url: config.REDIS_URL }, prefix: queuePrefix(config) })
t.teardown(() => queue.close())
const world = await schedulingWorld(app)
const { recruiter, first, second: panelist } = world

const HOUR = 3600_000
const reminderJobs = async (interviewId: string) => {
  const jobs = await Promise.all((['24h', '1h'] as const).map((offset) => queue.getJob(reminderJobId(interviewId, offset))))
  return jobs.map((job) => (job ? { offset: job.data.offset, startsAt: job.data.startsAt, fireAt: job.timestamp + (job.opts.delay ?? 0), state: job } : null))
}
const near = (actual: number, expected: number) => Math.abs(actual - expected) < 5_000

t.test('booking sets both reminders; rescheduling moves them; cancelling removes them', async (t) => {
  const application = await world.newApplication()
  const d = berlinWeekday(3)
  const interview = json(await book(app, recruiter, application.id, bookingBody(world, d.at('10:00'))))
  const start = Date.parse(interview.startsAt)
  const set = await eventually('the reminder jobs', async () => {
    const jobs = await reminderJobs(interview.id)
    return jobs.every(Boolean) ? jobs : undefined
  })
  t.equal(set[0]!.startsAt, interview.startsAt)
  t.ok(near(set[0]!.fireAt, start - 24 * HOUR), '24 hours before')
  t.ok(near(set[1]!.fireAt, start - HOUR), '1 hour before')
  t.equal(await set[0]!.state.getState(), 'delayed')
  const dashboard = await app.inject({ method: 'GET', url: '/admin/queues/api/queues?activeQueue=interview-reminders&status=delayed&page=1', headers: bearer(world.admin) })
  const listed = dashboard.json().queues.find((q: { name: string }) => q.name === 'interview-reminders').jobs.map((j: { id: string }) => j.id)
  t.ok(listed.includes(reminderJobId(interview.id, '24h')) && listed.includes(reminderJobId(interview.id, '1h')), 'both show in the queue dashboard')

  const moved = await app.inject({ method: 'PATCH', url: `/interviews/${interview.id}`, headers: { ...bearer(recruiter), 'if-match': '"0"' }, payload: { startsAt: d.at('15:00').toISOString() } })
  t.equal(moved.statusCode, 200)
  const reset = await eventually('the moved reminders', async () => {
    const jobs = await reminderJobs(interview.id)
    return jobs.every((j) => j?.startsAt === d.at('15:00').toISOString()) ? jobs : undefined
  })
  t.ok(near(reset[0]!.fireAt, d.at('15:00').getTime() - 24 * HOUR), 'the 24-hour reminder follows the new time')
  t.equal((await queue.getDelayed()).filter((j) => j.data.interviewId === interview.id).length, 2, 'no stale reminders left behind')

  await app.inject({ method: 'POST', url: `/interviews/${interview.id}/cancel`, headers: { ...bearer(recruiter), 'if-match': '"1"' }, payload: { reason: 'Role filled' } })
  await eventually('the reminders removed', async () => ((await reminderJobs(interview.id)).every((j) => j === null) ? true : undefined))
  t.pass('cancelling removed both reminders')
})

t.test('a booking less than a day ahead gets only the 1-hour reminder', async (t) => {
  const application = await world.newApplication()
  const soon = new Date(Math.ceil((Date.now() + 5 * HOUR) / (15 * 60_000)) * 15 * 60_000)
  await app.db.availabilityException.createMany({
    data: [first, panelist].map((u) => ({ userId: u.id, kind: 'EXTRA_HOURS' as const, startsAt: new Date(soon.getTime() - HOUR), endsAt: new Date(soon.getTime() + 2 * HOUR) })),
  })
  const res = await book(app, recruiter, application.id, bookingBody(world, soon))
  t.equal(res.statusCode, 201, res.body)
  const jobs = await eventually('the 1-hour reminder', async () => {
    const found = await reminderJobs(json(res).id)
    return found[1] ? found : undefined
  })
  t.equal(jobs[0], null, 'no 24-hour reminder in the past')
})

t.test('a due reminder is e-mailed once to the candidate and each panelist, with two workers running', async (t) => {
  const application = await world.newApplication('Rita')
  const candidate = await app.db.candidate.findUniqueOrThrow({ where: { id: application.candidateId }, select: { email: true } })
  const interview = json(await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(4).at('11:00'))))
  await mailWithSubject(sink, candidate.email, /^Interview for /)
  const [day] = await eventually('the reminder jobs', async () => {
    const jobs = await reminderJobs(interview.id)
    return jobs.every(Boolean) ? jobs : undefined
  })
  // Its time comes now (as if a day had passed), and a second add of the same id changes nothing.
  await day!.state.promote()
  await queue.add('interview-reminder', day!.state.data, { jobId: day!.state.id! })
  const reminder = await mailWithSubject(sink, candidate.email, /^Reminder: your interview for /)
  t.match(reminder.text, /Choose another time: http/, 'with the candidate\'s links to move or cancel it')
  for (const user of [first, panelist]) {
    const mail = await mailWithSubject(sink, user.email, /^Reminder: interview with Rita/)
    t.equal(mail.attachments.length, 0, `${user.email}: a reminder carries no calendar file (the event is in the calendar already)`)
  }
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const reminders = await app.db.notification.count({ where: { interviewId: interview.id, kind: { in: ['INTERVIEW_REMINDER', 'TEAM_INTERVIEW_REMINDER'] } } })
  t.equal(reminders, 3, 'one reminder owed to each of the three')
  t.equal(await countWithSubject(sink, candidate.email, /^Reminder: /), 1, 'the candidate got exactly one reminder')
})

t.test('a reminder for a time the interview no longer has is dropped', async (t) => {
  const { fireInterviewReminder } = await import('../../src/scheduling/reminders.ts')
  const application = await world.newApplication()
  const interview = json(await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(5).at('09:00'))))
  t.same(await fireInterviewReminder(app.pg, { interviewId: interview.id, startsAt: new Date(Date.parse(interview.startsAt) + HOUR).toISOString(), offset: '24h' }), { owed: false })
  t.same(await fireInterviewReminder(app.pg, { interviewId: interview.id, startsAt: interview.startsAt, offset: '24h' }), { owed: true })
  t.same(await fireInterviewReminder(app.pg, { interviewId: interview.id, startsAt: interview.startsAt, offset: '24h' }), { owed: false }, 'and owed once')
})

for (const { zone, local, note } of [
  { zone: 'Europe/Berlin', local: '2027-03-28T10:00', note: 'the Sunday Europe moves to summer time (28 March 2027, 02:00 → 03:00)' },
  { zone: 'America/New_York', local: '2027-11-07T10:00', note: 'the Sunday New York leaves summer time (7 November 2027, 02:00 → 01:00)' },
]) {
  t.test(`across a daylight-saving change: ${zone}, ${note}`, async (t) => {
    const start = DateTime.fromISO(local, { zone })
    const user = await app.db.user.update({ where: { id: first.id }, data: { timeZone: zone }, select: { id: true } })
    await app.inject({
      method: 'PUT', url: `/users/${user.id}/availability`, headers: bearer(recruiter),
      payload: { timeZone: zone, bufferMinutes: 0, minNoticeHours: 0, dailyInterviewCap: 8, workingHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 18 * 60 })) },
    })
    const application = await world.newApplication()
    const candidate = await app.db.candidate.update({ where: { id: application.candidateId }, data: { timeZone: zone }, select: { email: true } })
    const res = await book(app, recruiter, application.id, { ...bookingBody(world, start.toJSDate(), { panelUserIds: [first.id] }), timeZone: zone })
    t.equal(res.statusCode, 201, res.body)
    t.equal(json(res).startsAt, start.toUTC().toISO(), `10:00 local is ${start.toUTC().toISO()}`)
    const [day, hour] = await eventually('the reminder jobs', async () => {
      const jobs = await reminderJobs(json(res).id)
      return jobs.every(Boolean) ? jobs : undefined
    })
    t.ok(near(day!.fireAt, start.toMillis() - 24 * HOUR), '24 hours of real time before')
    t.ok(near(hour!.fireAt, start.toMillis() - HOUR))
    const dayBefore = DateTime.fromMillis(day!.fireAt, { zone })
    t.equal(dayBefore.toFormat('HH:mm'), zone === 'Europe/Berlin' ? '09:00' : '11:00', 'which on the clock of the day before, across the change, is an hour off')
    const invitation = await mailWithSubject(sink, candidate.email, /^Interview for /)
    t.match(invitation.text, new RegExp(`${start.setLocale('en-GB').toFormat('cccc, d LLLL yyyy')}, 10:00–11:00 \\(${zone}\\)`), 'the e-mail shows 10:00 local')
  })
}

t.test('an invitation or reminder overtaken by a later change is not sent; a cancellation always is', async (t) => {
  const application = await world.newApplication('Sam')
  // Omar only: the daylight-saving tests above moved Ines to other zones.
  const interview = json(await book(app, recruiter, application.id, bookingBody(world, berlinWeekday(6).at('10:00'), { panelUserIds: [panelist.id] })))
  const moved = await app.inject({ method: 'PATCH', url: `/interviews/${interview.id}`, headers: { ...bearer(recruiter), 'if-match': '"0"' }, payload: { startsAt: berlinWeekday(6).at('14:00').toISOString() } })
  t.equal(moved.statusCode, 200, moved.body)
  // E-mails about sequence 0 that were still owed when the interview reached sequence 1 (written directly: the real ones went out at once).
  const owe = (kind: 'INTERVIEW_REMINDER' | 'INTERVIEW_CANCELLATION') => app.db.notification.create({
    data: { kind, idempotencyKey: `late-${kind}-${interview.id}`, messageId: `<late-${kind}-${interview.id}@shortlist.localhost>`, candidateId: application.candidateId, applicationId: application.id, interviewId: interview.id, interviewSequence: 0 },
  })
  const [stale, cancellation] = [await owe('INTERVIEW_REMINDER'), await owe('INTERVIEW_CANCELLATION')]
  const settled = (id: string) => eventually('the late e-mail settled', async () => {
    const n = await app.db.notification.findUniqueOrThrow({ where: { id }, select: { status: true, deliveries: { select: { detail: true } } } })
    return n.status === 'PENDING' ? undefined : n
  })
  t.match(await settled(stale.id), { status: 'CANCELLED', deliveries: [{ detail: 'superseded by a later change to the interview' }] })
  t.match(await settled(cancellation.id), { status: 'SENT' }, 'a cancellation is never held back')
})
