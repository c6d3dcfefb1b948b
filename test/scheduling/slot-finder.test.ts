// Finding interview slots a whole panel can make: working hours in each
// interviewer's own zone (across daylight-saving changes), exceptions, their
// other interviews with a buffer, notice and a daily cap. Expectations are worked
// out by hand as UTC instants; the last test checks the interval arithmetic
// against a plain minute-by-minute search built on checkSlot.
import t from 'tap'
import { DateTime } from 'luxon'
import { checkSlot, findCommonSlots, type InterviewerAvailability, type TimeRange } from '../../src/scheduling/availability.ts'

const MON_TO_FRI = [1, 2, 3, 4, 5]
const at = (iso: string) => new Date(iso)
const range = (startsAt: string, endsAt: string): TimeRange => ({ startsAt: at(startsAt), endsAt: at(endsAt) })
const hours = (weekdays: number[], from: string, to: string) => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
  return weekdays.map((weekday) => ({ weekday, startMinute: minutes(from), endMinute: minutes(to) }))
}

/** Weekdays 09:00–17:00 UTC, no buffer, no notice, no practical cap: tests turn on what they test. */
function interviewer(overrides: Partial<InterviewerAvailability> = {}): InterviewerAvailability {
  return {
    userId: 'alice',
    timeZone: 'UTC',
    bufferMinutes: 0,
    minNoticeHours: 0,
    dailyInterviewCap: 10,
    workingHours: hours(MON_TO_FRI, '09:00', '17:00'),
    exceptions: [],
    busy: [],
    ...overrides,
  }
}

const LONG_AGO = at('2025-12-01T00:00:00Z')
const starts = (slots: TimeRange[]) => slots.map((s) => s.startsAt.toISOString())
const days = (slots: TimeRange[]) => [...new Set(slots.map((s) => s.startsAt.toISOString().slice(0, 10)))]
const firstStartOn = (slots: TimeRange[], date: string) => starts(slots).find((s) => s.startsWith(date))

t.test('one interviewer in UTC, Monday 09:00–12:00: hour-long slots every half hour', async (t) => {
  const alice = interviewer({ workingHours: hours([1], '09:00', '12:00') })
  const slots = findCommonSlots([alice], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
  t.same(starts(slots), ['2026-01-05T09:00:00.000Z', '2026-01-05T09:30:00.000Z', '2026-01-05T10:00:00.000Z', '2026-01-05T10:30:00.000Z', '2026-01-05T11:00:00.000Z'])
  t.same(slots.map((s) => s.endsAt.getTime() - s.startsAt.getTime()), [3600_000, 3600_000, 3600_000, 3600_000, 3600_000], 'each lasts the duration')
})

t.test('an empty panel has no common slots and no conflicts', async (t) => {
  t.same(findCommonSlots([], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 60, now: LONG_AGO }), [])
  t.same(checkSlot([], range('2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z'), LONG_AGO), [])
})

t.test('Berlin and New York, 09:00–17:00 each on a winter Monday, overlap 14:00–16:00Z', async (t) => {
  const berlin = interviewer({ userId: 'berlin', timeZone: 'Europe/Berlin' }) // UTC+1: 08:00–16:00Z
  const newYork = interviewer({ userId: 'new-york', timeZone: 'America/New_York' }) // UTC−5: 14:00–22:00Z
  const slots = findCommonSlots([berlin, newYork], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
  t.same(starts(slots), ['2026-01-05T14:00:00.000Z', '2026-01-05T14:30:00.000Z', '2026-01-05T15:00:00.000Z'])
})

t.test('daylight saving time moves working hours in UTC', async (t) => {
  t.test('Berlin: Friday 27 March 2026 is UTC+1, Monday 30 March UTC+2', async (t) => {
    const berlin = interviewer({ timeZone: 'Europe/Berlin' })
    const slots = findCommonSlots([berlin], { from: at('2026-03-27T00:00:00Z'), to: at('2026-03-31T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
    t.same(days(slots), ['2026-03-27', '2026-03-30'], 'nothing at the weekend')
    t.equal(firstStartOn(slots, '2026-03-27'), '2026-03-27T08:00:00.000Z')
    t.equal(firstStartOn(slots, '2026-03-30'), '2026-03-30T07:00:00.000Z')
    t.equal(slots.at(-1)?.endsAt.toISOString(), '2026-03-30T15:00:00.000Z', 'Monday ends at 17:00 CEST')
    t.equal(slots.length, 30, '15 starts a day, 08:00–16:00 local minus the last hour')
  })

  t.test('New York: Friday 30 October 2026 is UTC−4, Monday 2 November UTC−5', async (t) => {
    const newYork = interviewer({ timeZone: 'America/New_York' })
    const slots = findCommonSlots([newYork], { from: at('2026-10-30T00:00:00Z'), to: at('2026-11-03T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
    t.same(days(slots), ['2026-10-30', '2026-11-02'])
    t.equal(firstStartOn(slots, '2026-10-30'), '2026-10-30T13:00:00.000Z')
    t.equal(firstStartOn(slots, '2026-11-02'), '2026-11-02T14:00:00.000Z')
  })

  t.test('on the night the clocks change, a window starting in the skipped or repeated hour', async (t) => {
    // Sundays 02:30–04:00 in Berlin. On 29 March 02:00 jumps to 03:00 (at 01:00Z):
    // 02:30 does not exist and becomes 03:30 CEST. On 25 October 03:00 falls back
    // to 02:00 (at 01:00Z): 02:30 happens twice and the first one counts.
    const berlin = interviewer({ timeZone: 'Europe/Berlin', workingHours: hours([0], '02:30', '04:00') })
    const sunday = (date: string) => ({ from: at(`${date}T00:00:00Z`), to: at(`${date}T06:00:00Z`), durationMinutes: 30, now: LONG_AGO })
    t.same(starts(findCommonSlots([berlin], sunday('2026-03-29'))), ['2026-03-29T01:30:00.000Z'], '03:30–04:00 CEST')
    t.same(
      starts(findCommonSlots([berlin], sunday('2026-10-25'))),
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T02:30:00.000Z'],
      '02:30 CEST to 04:00 CET: two and a half hours',
    )
  })

  t.test('in the week of 9 March 2026 the US has changed and Europe has not: overlap 13:00–16:00Z', async (t) => {
    const berlin = interviewer({ userId: 'berlin', timeZone: 'Europe/Berlin' }) // UTC+1: 08:00–16:00Z
    const newYork = interviewer({ userId: 'new-york', timeZone: 'America/New_York' }) // UTC−4: 13:00–21:00Z
    const slots = findCommonSlots([berlin, newYork], { from: at('2026-03-09T00:00:00Z'), to: at('2026-03-10T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
    t.same(starts(slots), ['2026-03-09T13:00:00.000Z', '2026-03-09T13:30:00.000Z', '2026-03-09T14:00:00.000Z', '2026-03-09T14:30:00.000Z', '2026-03-09T15:00:00.000Z'])
  })
})

t.test('other interviews and the buffer around them', async (t) => {
  const monday = { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 60, now: LONG_AGO }
  const busy = [range('2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z')]

  const buffered = findCommonSlots([interviewer({ busy, bufferMinutes: 15 })], monday)
  t.same(
    starts(buffered).slice(0, 3),
    ['2026-01-05T11:30:00.000Z', '2026-01-05T12:00:00.000Z', '2026-01-05T12:30:00.000Z'],
    'a 15-minute buffer takes out every slot touching 09:45–11:15, including 09:00 and 11:00',
  )
  t.equal(buffered.length, 10, '11:30 to 16:00')

  const backToBack = findCommonSlots([interviewer({ busy, bufferMinutes: 0 })], monday)
  t.same(
    starts(backToBack).slice(0, 3),
    ['2026-01-05T09:00:00.000Z', '2026-01-05T11:00:00.000Z', '2026-01-05T11:30:00.000Z'],
    'without a buffer, 09:00–10:00 and 11:00–12:00 sit right against the interview',
  )
})

t.test('the daily cap', async (t) => {
  t.test('a full day is taken out, the days around it are not', async (t) => {
    const busy = [range('2026-01-06T09:00:00Z', '2026-01-06T10:00:00Z'), range('2026-01-06T16:00:00Z', '2026-01-06T17:00:00Z')]
    const query = { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-08T00:00:00Z'), durationMinutes: 60, now: LONG_AGO }
    t.same(days(findCommonSlots([interviewer({ busy, dailyInterviewCap: 2 })], query)), ['2026-01-05', '2026-01-07'])
    t.same(days(findCommonSlots([interviewer({ busy, dailyInterviewCap: 3 })], query)), ['2026-01-05', '2026-01-06', '2026-01-07'], 'one under the cap, Tuesday is offered')
  })

  t.test('the day is the interviewer\'s local day, not the UTC one', async (t) => {
    // 23:30–24:00 in New York on Monday 5 January is already Tuesday in UTC.
    const newYork = interviewer({ timeZone: 'America/New_York', dailyInterviewCap: 1, busy: [range('2026-01-06T04:30:00Z', '2026-01-06T05:00:00Z')] })
    const slots = findCommonSlots([newYork], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-07T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
    t.same(days(slots), ['2026-01-06'], 'Monday in New York is full; Tuesday is free')
    t.equal(slots[0]?.startsAt.toISOString(), '2026-01-06T14:00:00.000Z', 'Tuesday 09:00 EST')
    t.same(checkSlot([newYork], range('2026-01-05T14:00:00Z', '2026-01-05T15:00:00Z'), LONG_AGO), [{ userId: 'alice', problem: 'daily_cap' }])
  })
})

t.test('exceptions', async (t) => {
  t.test('a day off takes that day out', async (t) => {
    const alice = interviewer({ exceptions: [{ kind: 'UNAVAILABLE', ...range('2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z') }] })
    const slots = findCommonSlots([alice], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-08T00:00:00Z'), durationMinutes: 60, now: LONG_AGO })
    t.same(days(slots), ['2026-01-05', '2026-01-07'])
  })

  t.test('extra hours on a Saturday add slots there', async (t) => {
    const weekend = { from: at('2026-01-10T00:00:00Z'), to: at('2026-01-12T00:00:00Z'), durationMinutes: 60, now: LONG_AGO }
    t.same(findCommonSlots([interviewer()], weekend), [], 'no working hours at the weekend')
    const alice = interviewer({ exceptions: [{ kind: 'EXTRA_HOURS', ...range('2026-01-10T10:00:00Z', '2026-01-10T12:00:00Z') }] })
    t.same(starts(findCommonSlots([alice], weekend)), ['2026-01-10T10:00:00.000Z', '2026-01-10T10:30:00.000Z', '2026-01-10T11:00:00.000Z'])
  })
})

t.test('minimum notice and the past', async (t) => {
  const now = at('2026-01-05T08:00:00Z') // Monday
  const alice = interviewer({ minNoticeHours: 24, workingHours: hours(MON_TO_FRI, '06:00', '18:00') })
  const slots = findCommonSlots([alice], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-07T00:00:00Z'), durationMinutes: 60, now })
  t.same(days(slots), ['2026-01-06'], 'nothing on Monday')
  t.equal(slots[0]?.startsAt.toISOString(), '2026-01-06T08:00:00.000Z', 'exactly 24 hours ahead is enough notice')

  const mondayMorning = range('2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z')
  t.same(checkSlot([alice], mondayMorning, now), [{ userId: 'alice', problem: 'min_notice' }])
  t.same(checkSlot([alice], mondayMorning, now, { enforceMinNotice: false }), [], 'a recruiter may book at short notice')
  const beforeNow = range('2026-01-05T07:00:00Z', '2026-01-05T08:00:00Z')
  t.same(checkSlot([alice], beforeNow, now, { enforceMinNotice: false }), [{ userId: 'alice', problem: 'in_the_past' }])
  t.same(checkSlot([alice], beforeNow, now), [{ userId: 'alice', problem: 'in_the_past' }], 'reported once, not also as short notice')
})

t.test('checkSlot says who has which problem', async (t) => {
  const slot = range('2026-01-05T12:00:00Z', '2026-01-05T13:00:00Z') // Monday
  const panel = [
    interviewer({ userId: 'free' }),
    interviewer({ userId: 'mornings', workingHours: hours(MON_TO_FRI, '09:00', '12:00') }),
    interviewer({ userId: 'away', exceptions: [{ kind: 'UNAVAILABLE', ...range('2026-01-05T12:30:00Z', '2026-01-05T14:00:00Z') }] }),
    interviewer({ userId: 'booked', bufferMinutes: 15, busy: [range('2026-01-05T12:30:00Z', '2026-01-05T13:30:00Z')] }),
    interviewer({ userId: 'tight', bufferMinutes: 15, busy: [range('2026-01-05T13:10:00Z', '2026-01-05T14:00:00Z')] }),
    interviewer({ userId: 'full', dailyInterviewCap: 1, busy: [range('2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z')] }),
    interviewer({ userId: 'slow', minNoticeHours: 24 * 40 }), // LONG_AGO + 40 days is 10 January
  ]
  t.same(checkSlot(panel, slot, LONG_AGO), [
    { userId: 'mornings', problem: 'outside_working_hours' },
    { userId: 'away', problem: 'unavailable' },
    { userId: 'booked', problem: 'busy' },
    { userId: 'tight', problem: 'buffer' },
    { userId: 'full', problem: 'daily_cap' },
    { userId: 'slow', problem: 'min_notice' },
  ])
  t.same(findCommonSlots(panel, { from: slot.startsAt, to: slot.endsAt, durationMinutes: 60, now: LONG_AGO }), [], 'and findCommonSlots does not offer it')
  t.same(findCommonSlots(panel.slice(0, 1), { from: slot.startsAt, to: slot.endsAt, durationMinutes: 60, now: LONG_AGO }), [slot], 'though the free interviewer alone can')
})

t.test('the query: bounds, limit, duration and step', async (t) => {
  const alice = interviewer()
  const window = { from: at('2026-01-05T10:15:00Z'), to: at('2026-01-05T13:00:00Z'), durationMinutes: 60, now: LONG_AGO }
  t.same(starts(findCommonSlots([alice], window)), ['2026-01-05T10:30:00.000Z', '2026-01-05T11:00:00.000Z', '2026-01-05T11:30:00.000Z', '2026-01-05T12:00:00.000Z'], 'wholly inside [from, to); the last ends at to')
  t.same(starts(findCommonSlots([alice], { ...window, limit: 2 })), ['2026-01-05T10:30:00.000Z', '2026-01-05T11:00:00.000Z'], 'the earliest ones')

  const morning = interviewer({ workingHours: hours([1], '09:00', '12:00') })
  const long = findCommonSlots([morning], { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 90, stepMinutes: 30, now: LONG_AGO })
  t.same(long.map((s) => `${s.startsAt.toISOString()}/${s.endsAt.toISOString()}`), [
    '2026-01-05T09:00:00.000Z/2026-01-05T10:30:00.000Z',
    '2026-01-05T09:30:00.000Z/2026-01-05T11:00:00.000Z',
    '2026-01-05T10:00:00.000Z/2026-01-05T11:30:00.000Z',
    '2026-01-05T10:30:00.000Z/2026-01-05T12:00:00.000Z',
  ])

  // Kathmandu is UTC+5:45: 09:00–10:00 there is 03:15–04:15Z. The grid is Kathmandu's.
  const kathmandu = interviewer({ timeZone: 'Asia/Kathmandu', workingHours: hours([1], '09:00', '10:00') })
  const query = { from: at('2026-01-04T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 30, now: LONG_AGO }
  t.same(starts(findCommonSlots([kathmandu], { ...query, stepMinutes: 15 })), ['2026-01-05T03:15:00.000Z', '2026-01-05T03:30:00.000Z', '2026-01-05T03:45:00.000Z'])
  t.same(starts(findCommonSlots([kathmandu], query)), ['2026-01-05T03:15:00.000Z', '2026-01-05T03:45:00.000Z'], 'on the local half hour by default')
})

t.test('the step grid is counted from local midnight, not from midnight UTC', async (t) => {
  const monToFri = { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-10T00:00:00Z'), durationMinutes: 60, now: LONG_AGO }
  const weekOf = (first: string) => [5, 6, 7, 8, 9].map((d) => `2026-01-0${d}T${first}:00.000Z`)

  t.test('an hour free at 09:00 in Kathmandu (UTC+5:45) or Kolkata (UTC+5:30) is an hour-long slot at 09:00', async (t) => {
    const kathmandu = interviewer({ timeZone: 'Asia/Kathmandu', workingHours: hours(MON_TO_FRI, '09:00', '10:00') })
    const kolkata = interviewer({ timeZone: 'Asia/Kolkata', workingHours: hours(MON_TO_FRI, '09:00', '10:00') })
    for (const stepMinutes of [30, 60]) {
      t.same(starts(findCommonSlots([kathmandu], { ...monToFri, stepMinutes })), weekOf('03:15'), `Kathmandu, step ${stepMinutes}`)
      t.same(starts(findCommonSlots([kolkata], { ...monToFri, stepMinutes })), weekOf('03:30'), `Kolkata, step ${stepMinutes}`)
    }
    t.same(checkSlot([kathmandu], range('2026-01-05T03:15:00Z', '2026-01-05T04:15:00Z'), LONG_AGO), [], 'as checkSlot says')
  })

  t.test('the first panelist\'s zone unless the query names one', async (t) => {
    // Berlin 09:00–12:00 is 08:00–11:00Z; on Kolkata's hourly grid that is 08:30Z and 09:30Z (14:00 and 15:00 there).
    const berlin = interviewer({ userId: 'berlin', timeZone: 'Europe/Berlin', workingHours: hours([1], '09:00', '12:00') })
    const kolkata = interviewer({ userId: 'kolkata', timeZone: 'Asia/Kolkata', workingHours: hours([1], '12:00', '18:00') })
    const monday = { from: at('2026-01-05T00:00:00Z'), to: at('2026-01-06T00:00:00Z'), durationMinutes: 60, stepMinutes: 60, now: LONG_AGO }
    t.same(starts(findCommonSlots([berlin, kolkata], monday)), ['2026-01-05T08:00:00.000Z', '2026-01-05T09:00:00.000Z', '2026-01-05T10:00:00.000Z'], 'Berlin first')
    t.same(starts(findCommonSlots([kolkata, berlin], monday)), ['2026-01-05T08:30:00.000Z', '2026-01-05T09:30:00.000Z'], 'Kolkata first')
    t.same(starts(findCommonSlots([berlin, kolkata], { ...monday, gridTimeZone: 'Asia/Kolkata' })), ['2026-01-05T08:30:00.000Z', '2026-01-05T09:30:00.000Z'], 'named')
  })

  t.test('a zone Intl does not know: from the start of each common free interval', async (t) => {
    const saturday = { from: at('2026-01-10T00:00:00Z'), to: at('2026-01-11T00:00:00Z'), durationMinutes: 60, now: LONG_AGO, gridTimeZone: 'Mars/Olympus_Mons' }
    const alice = interviewer({ exceptions: [{ kind: 'EXTRA_HOURS', ...range('2026-01-10T09:10:00Z', '2026-01-10T11:00:00Z') }, { kind: 'EXTRA_HOURS', ...range('2026-01-10T13:05:00Z', '2026-01-10T14:05:00Z') }] })
    t.same(starts(findCommonSlots([alice], saturday)), ['2026-01-10T09:10:00.000Z', '2026-01-10T09:40:00.000Z', '2026-01-10T13:05:00.000Z'])
  })

  t.test('on the days the clocks change, the grid follows the wall clock', async (t) => {
    const allDay = (zone: string, weekday: number) => interviewer({ timeZone: zone, workingHours: hours([weekday], '00:00', '24:00') })
    const wallClock = (slots: TimeRange[], zone: string) => slots.map((s) => DateTime.fromJSDate(s.startsAt, { zone }).toFormat('HH:mm'))
    // Berlin, Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST, a 23-hour day from 23:00Z to 22:00Z.
    const spring = findCommonSlots([allDay('Europe/Berlin', 0)], { from: at('2026-03-28T23:00:00Z'), to: at('2026-03-29T22:00:00Z'), durationMinutes: 30, stepMinutes: 90, now: LONG_AGO })
    t.same(wallClock(spring, 'Europe/Berlin'), ['00:00', '01:30', '03:00', '04:30', '06:00', '07:30', '09:00', '10:30', '12:00', '13:30', '15:00', '16:30', '18:00', '19:30', '21:00', '22:30'])
    t.equal(spring[6]!.startsAt.toISOString(), '2026-03-29T07:00:00.000Z', '09:00 CEST')
    // Berlin, Sunday 25 October 2026: 03:00 CEST falls back to 02:00 CET, a 25-hour day; 02:00 and 02:30 happen twice.
    const autumn = findCommonSlots([allDay('Europe/Berlin', 0)], { from: at('2026-10-24T22:00:00Z'), to: at('2026-10-25T23:00:00Z'), durationMinutes: 30, stepMinutes: 30, now: LONG_AGO, limit: 1000 })
    t.equal(autumn.length, 50, '48 half hours and the repeated hour\'s two')
    t.same(starts(autumn).slice(4, 8), ['2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z'], '02:00, 02:30 CEST, then 02:00, 02:30 CET')
    // Lord Howe, Sunday 5 April 2026: 02:00 falls back half an hour, to 01:30.
    const lordHowe = findCommonSlots([allDay('Australia/Lord_Howe', 0)], { from: at('2026-04-04T13:00:00Z'), to: at('2026-04-05T13:30:00Z'), durationMinutes: 60, stepMinutes: 60, now: LONG_AGO })
    t.same(wallClock(lordHowe, 'Australia/Lord_Howe'), Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`), 'on the hour all day, once each')
  })
})

t.test('fourteen days, five zones: the same answer as checking every minute', async (t) => {
  const panel: InterviewerAvailability[] = [
    interviewer({
      userId: 'london', timeZone: 'Europe/London', bufferMinutes: 15, minNoticeHours: 24, dailyInterviewCap: 2,
      workingHours: hours(MON_TO_FRI, '07:00', '19:00'),
      busy: [range('2026-03-24T13:00:00Z', '2026-03-24T14:00:00Z'), range('2026-03-24T15:20:00Z', '2026-03-24T15:50:00Z'), range('2026-03-30T12:40:00Z', '2026-03-30T13:05:00Z')],
    }),
    interviewer({
      userId: 'berlin', timeZone: 'Europe/Berlin', bufferMinutes: 10, dailyInterviewCap: 3,
      workingHours: [...hours(MON_TO_FRI, '08:00', '12:00'), ...hours(MON_TO_FRI, '13:00', '20:00')],
      exceptions: [{ kind: 'UNAVAILABLE', ...range('2026-03-26T13:00:00Z', '2026-03-27T00:00:00Z') }, { kind: 'EXTRA_HOURS', ...range('2026-03-28T12:00:00Z', '2026-03-28T18:00:00Z') }],
      busy: [range('2026-03-31T14:00:00Z', '2026-03-31T14:45:00Z'), range('2026-04-02T21:00:00Z', '2026-04-02T23:00:00Z')],
    }),
    interviewer({
      userId: 'new-york', timeZone: 'America/New_York', minNoticeHours: 48, dailyInterviewCap: 1,
      workingHours: [...hours(MON_TO_FRI, '06:00', '16:00'), ...hours([6], '08:00', '14:00')],
      busy: [range('2026-04-01T01:30:00Z', '2026-04-01T02:00:00Z')], // Tuesday evening in New York
    }),
    interviewer({
      userId: 'kolkata', timeZone: 'Asia/Kolkata', bufferMinutes: 30,
      workingHours: [...hours([0, 1, 2, 3, 4, 6], '12:00', '24:00'), ...hours([1, 2, 3, 4, 5, 0], '00:00', '01:30')],
      busy: [range('2026-03-27T14:00:00Z', '2026-03-27T14:30:00Z')],
    }),
    interviewer({
      // Sydney leaves daylight saving on 5 April 2026; its evening runs past midnight.
      userId: 'sydney', timeZone: 'Australia/Sydney', bufferMinutes: 5,
      workingHours: [...hours([1, 2, 3, 4, 5, 6], '17:00', '24:00'), ...hours([2, 3, 4, 5, 6, 0], '00:00', '03:00')],
      exceptions: [{ kind: 'UNAVAILABLE', ...range('2026-04-02T14:00:00Z', '2026-04-02T14:40:00Z') }],
    }),
  ]
  const now = at('2026-03-23T10:07:00Z')
  const from = at('2026-03-23T00:00:00Z')
  const to = at('2026-04-06T00:00:00Z')

  // The grid is London's (the first panelist's) unless named: there, whole steps
  // of UTC. Kathmandu's (UTC+5:45) puts it on :15 and :45 UTC.
  const onWallClockGrid = (zone: string, minute: number, step: number) => {
    const local = DateTime.fromMillis(minute, { zone })
    return (local.hour * 60 + local.minute) % step === 0
  }
  const runs = [
    { durationMinutes: 45, stepMinutes: 15, atLeast: 20 },
    { durationMinutes: 60, stepMinutes: 30, atLeast: 20 },
    { durationMinutes: 60, stepMinutes: 30, gridTimeZone: 'Asia/Kathmandu', atLeast: 20 },
  ]
  for (const { durationMinutes, stepMinutes, gridTimeZone, atLeast } of runs) {
    const found = findCommonSlots(panel, { from, to, durationMinutes, stepMinutes, now, limit: 10_000, ...(gridTimeZone ? { gridTimeZone } : {}) })

    const expected: string[] = []
    for (let minute = from.getTime(); minute + durationMinutes * 60_000 <= to.getTime(); minute += 60_000) {
      if (!onWallClockGrid(gridTimeZone ?? 'Europe/London', minute, stepMinutes)) continue
      const slot = { startsAt: new Date(minute), endsAt: new Date(minute + durationMinutes * 60_000) }
      if (checkSlot(panel, slot, now).length === 0) expected.push(slot.startsAt.toISOString())
    }
    t.ok(expected.length > atLeast, `the panel has common time (${expected.length} slots of ${durationMinutes} minutes)`)
    t.same(starts(found), expected, `${durationMinutes}-minute slots every ${stepMinutes} minutes${gridTimeZone ? ` on ${gridTimeZone}'s clock` : ''}`)
  }
})
