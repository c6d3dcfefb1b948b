// Where slots may start inside free time: on a grid of whole steps counted
// from local midnight, so a 09:00 local window offers 09:00 whatever the zone's
// offset from UTC (Kathmandu's :45, Kolkata's :30). Counting from midnight UTC
// would put the grid at 09:15 or 09:30 there and lose an hour-long window.
//
// The grid is read on the wall clock: a start is on it when its local time is a
// whole number of steps after that day's local midnight. On a clock-change day
// the grid keeps to the clock (09:00 stays 09:00 after a 30-minute shift, or
// with a step that does not divide the shift), a skipped time offers nothing and
// a repeated one is offered twice, once at each instant that shows it. Each
// local day starts the grid afresh, so a step that does not divide a day does
// not drift from one day to the next.
import { DAY_MS as DAY, MINUTE_MS as MINUTE } from '../lib/time.ts'
import type { Offsets } from './zone-offsets.ts'

/** The grid's starts in [from, to), earliest first; `freeFrom` is where the common free interval holding them begins. */
export type Grid = (from: number, to: number, freeFrom: number) => Generator<number>

/** A grid on a zone's wall clock. */
export function wallClockGrid(offsetAt: Offsets, step: number): Grid {
  return function* (from, to) {
    let t = from
    while (t < to) {
      // A stretch with one offset, within one local day: there the grid is plain arithmetic.
      // Clock changes are months apart, so one lookup at its end shows whether one falls inside.
      const offset = offsetAt(t)
      const local = t + offset * MINUTE
      const midnight = Math.floor(local / DAY) * DAY
      let end = Math.min(to, midnight + DAY - offset * MINUTE)
      if (offsetAt(end - 1) !== offset) end = firstChange(offsetAt, t, end - 1)
      for (let start = midnight + Math.ceil((local - midnight) / step) * step - offset * MINUTE; start < end; start += step) yield start
      t = end
    }
  }
}

/** With no zone to count from: whole steps from the start of each common free interval. */
export function intervalGrid(step: number): Grid {
  return function* (from, to, freeFrom) {
    for (let start = freeFrom + Math.ceil((from - freeFrom) / step) * step; start < to; start += step) yield start
  }
}

/** The first instant in (from, to] whose offset differs from `from`'s; `to`'s does. */
function firstChange(offsetAt: Offsets, from: number, to: number): number {
  const offset = offsetAt(from)
  let [lo, hi] = [from, to]
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offsetAt(mid) === offset) lo = mid
    else hi = mid
  }
  return hi
}
