import { randomBytes } from 'node:crypto'

/**
 * A UUIDv7 (RFC 9562) for a given time: 48-bit Unix milliseconds, then random
 * bits. Scripts make ids themselves so bulk inserts can link rows without a
 * round trip, and stamp them with the row's createdAt so keyset pagination on
 * the time-ordered id agrees with the (back-dated) demo timestamps.
 */
export function uuidV7(at: Date | number = Date.now()): string {
  const bytes = randomBytes(16)
  const ms = BigInt(typeof at === 'number' ? at : at.getTime())
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = (bytes[6]! & 0x0f) | 0x70 // version 7
  bytes[8] = (bytes[8]! & 0x3f) | 0x80 // RFC 4122 variant
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
