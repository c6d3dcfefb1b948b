import { IANAZone } from 'luxon'

/** UTC offset in minutes at an instant (epoch milliseconds), in one zone. */
export type Offsets = (instant: number) => number

/**
 * A zone's offsets from luxon, or null for a zone Intl does not know. Each
 * lookup asks Intl (microseconds), and neighbouring days ask about the same
 * instants, so answers are kept for the life of the returned function (one
 * slot search).
 */
export function zoneOffsets(timeZone: string): Offsets | null {
  const zone = IANAZone.create(timeZone) // cached by luxon, validity included
  if (!zone.isValid) return null
  const known = new Map<number, number>()
  return (instant) => {
    let offset = known.get(instant)
    if (offset === undefined) known.set(instant, (offset = zone.offset(instant)))
    return offset
  }
}
