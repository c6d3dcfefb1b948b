// When a panel of interviewers can all meet. Pure: the caller loads each
// interviewer's profile, working hours, exceptions and interviews.
//
// Everything is done with half-open intervals of epoch milliseconds, never by
// walking minutes: each interviewer's free time over the query range is a short
// list of intervals, the panel's common time is their intersection, and only
// then are slot starts laid on the grid. checkSlot answers the same question for
// one slot, built from the same pieces, so that the two agree (the tests hold
// findCommonSlots to a minute-by-minute search made of checkSlot calls).
import { DAY_MS as DAY, HOUR_MS as HOUR, MINUTE_MS as MINUTE } from '../lib/time.ts'
import { intervalGrid, wallClockGrid, type Grid } from './slot-grid.ts'
import { zoneOffsets, type Offsets } from './zone-offsets.ts'

export interface TimeRange { startsAt: Date; endsAt: Date }

export interface InterviewerAvailability {
  userId: string
  timeZone: string
  bufferMinutes: number
  minNoticeHours: number
  dailyInterviewCap: number
  workingHours: Array<{ weekday: number; startMinute: number; endMinute: number }>
  exceptions: Array<{ kind: 'UNAVAILABLE' | 'EXTRA_HOURS'; startsAt: Date; endsAt: Date }>
  busy: TimeRange[] // their other scheduled interviews
}

export interface SlotQuery {
  from: Date; to: Date // slots must lie wholly inside [from, to)
  durationMinutes: number
  // Default 30. Starts lie on a grid of whole steps from local midnight in
  // gridTimeZone (see slot-grid.ts), so a 09:00 local window offers 09:00.
  stepMinutes?: number
  // The zone whose clock the grid follows: the one the times are offered in
  // (a scheduling link's). Default: the first panelist's. A zone Intl does not
  // know counts from the start of each common free interval instead.
  gridTimeZone?: string
  now: Date
  limit?: number // default 200, earliest first
}

export type SlotProblem = 'in_the_past' | 'min_notice' | 'outside_working_hours' | 'unavailable' | 'busy' | 'buffer' | 'daily_cap'
export interface SlotConflict { userId: string; problem: SlotProblem }

/** [start, end) in epoch milliseconds. */
type Interval = readonly [number, number]

/** Sorted, non-overlapping, with touching intervals joined: [9,12) + [12,17) is one [9,17). */
function merge(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const [s, e] of sorted) {
    const last = out.at(-1)
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/** Both arguments merged; the result is merged. */
function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i]!
    const [bs, be] = b[j]!
    const s = Math.max(as, bs)
    const e = Math.min(ae, be)
    if (s < e) out.push([s, e])
    if (ae < be) i++
    else j++
  }
  return out
}

/** Both arguments merged; the result is merged. */
function subtract(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  let j = 0
  for (const [as, ae] of a) {
    let s = as
    while (j < b.length && b[j]![1] <= s) j++
    // Later pieces of `a` may still be cut by the same b[k], so scan with k, not j.
    for (let k = j; k < b.length && b[k]![0] < ae; k++) {
      const [bs, be] = b[k]!
      if (bs > s) out.push([s, bs])
      s = Math.max(s, be)
      if (s >= ae) break
    }
    if (s < ae) out.push([s, ae])
  }
  return out
}

const overlaps = ([s, e]: Interval, [bs, be]: Interval) => s < be && bs < e
const within = ([s, e]: Interval, pieces: Interval[]) => pieces.some(([ps, pe]) => ps <= s && e <= pe)
const toInterval = (r: { startsAt: Date; endsAt: Date }): Interval => [r.startsAt.getTime(), r.endsAt.getTime()]

/** The interviewer's zone's offsets, kept for the length of one call. */
function offsetsOf(person: InterviewerAvailability): Offsets {
  const offsets = zoneOffsets(person.timeZone)
  if (!offsets) throw new RangeError(`Unknown time zone "${person.timeZone}" for interviewer ${person.userId}`)
  return offsets
}

// Wall-clock times below are "local" milliseconds: the clock reading written as
// if it were UTC, so calendar arithmetic on them is plain addition (UTC has no
// DST). Only the step between local time and instant needs the zone. Offsets
// are used rather than luxon DateTime objects because each DateTime operation
// costs tens of microseconds and a two-week panel needs hundreds of them.

const localOf = (offsetAt: Offsets, instant: number) => instant + offsetAt(instant) * MINUTE
const localMidnight = (offsetAt: Offsets, instant: number) => Math.floor(localOf(offsetAt, instant) / DAY) * DAY

/**
 * The instant at which the zone's clocks read `local`. The offsets a day either
 * side are the candidates. A time the clocks skip (02:30 when they jump from
 * 02:00 to 03:00) is moved on by the jump; a time they show twice (falling back)
 * is the earlier one, as Temporal's 'compatible' disambiguation does.
 */
function instantAt(offsetAt: Offsets, local: number): number {
  const before = offsetAt(local - DAY)
  const after = offsetAt(local + DAY)
  if (before === after) return local - before * MINUTE
  const withBefore = local - before * MINUTE
  const withAfter = local - after * MINUTE
  const beforeFits = offsetAt(withBefore) === before
  const afterFits = offsetAt(withAfter) === after
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter)
  if (afterFits) return withAfter
  return withBefore // it fits, or `local` was skipped: the old offset lands it after the jump
}

/** A local calendar day, from the local midnight that starts it, as instants. */
const localDay = (offsetAt: Offsets, midnight: number): Interval => [instantAt(offsetAt, midnight), instantAt(offsetAt, midnight + DAY)]

/**
 * Local midnights of each calendar day that can touch [from, to), with a day of
 * margin either side: a window on the evening before `from` may reach into it.
 */
function localDays(offsetAt: Offsets, from: number, to: number): number[] {
  const days: number[] = []
  const last = localMidnight(offsetAt, to) + DAY
  for (let day = localMidnight(offsetAt, from) - DAY; day <= last; day += DAY) days.push(day)
  return days
}

/** Working-hours windows united with EXTRA_HOURS, before anything is taken away. */
function workingTime(person: InterviewerAvailability, offsetAt: Offsets, from: number, to: number): Interval[] {
  const windows: Interval[] = []
  for (const day of localDays(offsetAt, from, to)) {
    const weekday = new Date(day).getUTCDay() // 0 = Sunday, like ours
    for (const w of person.workingHours) {
      if (w.weekday === weekday) windows.push([instantAt(offsetAt, day + w.startMinute * MINUTE), instantAt(offsetAt, day + w.endMinute * MINUTE)])
    }
  }
  const extra = person.exceptions.filter((x) => x.kind === 'EXTRA_HOURS').map(toInterval)
  return merge([...windows, ...extra])
}

const unavailableTime = (person: InterviewerAvailability) =>
  merge(person.exceptions.filter((x) => x.kind === 'UNAVAILABLE').map(toInterval))

/** An interview widened by the buffer: a slot must not overlap this at all. */
function withBuffer(person: InterviewerAvailability, [s, e]: Interval): Interval {
  const buffer = Math.max(0, person.bufferMinutes) * MINUTE
  return [s - buffer, e + buffer]
}

const bufferedBusyTime = (person: InterviewerAvailability) =>
  merge(person.busy.map((b) => withBuffer(person, toInterval(b))))

/**
 * The cap only restricts where a slot starts (the local day of its start), so it
 * is kept apart from free time: these are whole local days no slot may start in.
 */
function cappedDays(person: InterviewerAvailability, offsetAt: Offsets): Interval[] {
  if (person.dailyInterviewCap <= 0) return [[-Infinity, Infinity]]
  const perDay = new Map<number, number>() // local midnight → interviews starting that day
  for (const b of person.busy) {
    const midnight = localMidnight(offsetAt, b.startsAt.getTime())
    perDay.set(midnight, (perDay.get(midnight) ?? 0) + 1)
  }
  return [...perDay].filter(([, count]) => count >= person.dailyInterviewCap).map(([midnight]) => localDay(offsetAt, midnight))
}

/** Time in which a slot may lie wholly for this person (notice and cap aside). */
function freeTime(person: InterviewerAvailability, offsetAt: Offsets, from: number, to: number): Interval[] {
  const available = subtract(workingTime(person, offsetAt, from, to), unavailableTime(person))
  return intersect(subtract(available, bufferedBusyTime(person)), [[from, to]])
}

/** Slots of the query's duration that suit every panelist, earliest first. */
export function findCommonSlots(panel: InterviewerAvailability[], query: SlotQuery): TimeRange[] {
  const duration = query.durationMinutes * MINUTE
  const step = (query.stepMinutes ?? 30) * MINUTE
  const limit = query.limit ?? 200
  if (!(duration > 0) || !(step > 0)) throw new RangeError('durationMinutes and stepMinutes must be positive')
  if (panel.length === 0 || limit <= 0) return []

  const from = query.from.getTime()
  const to = query.to.getTime()
  const now = query.now.getTime()
  let common: Interval[] = [[from, to]]
  let blockedStarts: Interval[] = []
  let earliestStart = now
  for (const person of panel) {
    const offsetAt = offsetsOf(person)
    common = intersect(common, freeTime(person, offsetAt, from, to))
    blockedStarts = merge([...blockedStarts, ...cappedDays(person, offsetAt)])
    earliestStart = Math.max(earliestStart, now + person.minNoticeHours * HOUR)
  }

  // Where a slot may start: at least `duration` before the end of a common
  // interval (s ≤ start ≤ e − duration, so [s, e − duration + 1) in whole
  // milliseconds), late enough for everyone's notice, not on anyone's full day.
  const starts = subtract(
    intersect(merge(common.map(([s, e]): Interval => [s, e - duration + 1])), [[earliestStart, Infinity]]),
    blockedStarts,
  )
  const gridZone = zoneOffsets(query.gridTimeZone ?? panel[0]!.timeZone)
  const grid: Grid = gridZone ? wallClockGrid(gridZone, step) : intervalGrid(step)
  const slots: TimeRange[] = []
  let free = 0
  for (const [s, e] of starts) {
    // Each stretch of starts lies in one common interval (they are disjoint and were only shortened).
    while (common[free]![1] <= s) free++
    const freeFrom = common[free]![0]
    for (const start of grid(s, e, freeFrom)) {
      slots.push({ startsAt: new Date(start), endsAt: new Date(start + duration) })
      if (slots.length >= limit) return slots
    }
  }
  return slots
}

/** Why a given slot does not suit each panelist (empty = it suits everyone). */
export function checkSlot(panel: InterviewerAvailability[], slot: TimeRange, now: Date, options?: { enforceMinNotice?: boolean }): SlotConflict[] {
  const enforceMinNotice = options?.enforceMinNotice ?? true
  const range = toInterval(slot)
  const [start, end] = range
  const conflicts: SlotConflict[] = []
  for (const person of panel) {
    const offsetAt = offsetsOf(person)
    const problems: SlotProblem[] = []
    if (start < now.getTime()) problems.push('in_the_past')
    else if (enforceMinNotice && start < now.getTime() + person.minNoticeHours * HOUR) problems.push('min_notice')
    if (!within(range, workingTime(person, offsetAt, start - DAY, end + DAY))) problems.push('outside_working_hours')
    if (unavailableTime(person).some((u) => overlaps(range, u))) problems.push('unavailable')
    const interviews = person.busy.map(toInterval)
    if (interviews.some((b) => overlaps(range, b))) problems.push('busy')
    // Too close to an interview it does not already clash with (that is 'busy').
    if (interviews.some((b) => !overlaps(range, b) && overlaps(range, withBuffer(person, b)))) problems.push('buffer')
    const [dayStart, dayEnd] = localDay(offsetAt, localMidnight(offsetAt, start))
    const sameDay = interviews.filter(([s]) => dayStart <= s && s < dayEnd).length
    if (sameDay >= person.dailyInterviewCap) problems.push('daily_cap')
    for (const problem of problems) conflicts.push({ userId: person.userId, problem })
  }
  return conflicts
}
