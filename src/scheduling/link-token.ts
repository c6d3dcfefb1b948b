import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { Config } from '../config.ts'

// A scheduling link's token is its id and an HMAC of the id: the page checks
// the signature before it touches the database, so a forged or tampered token
// costs one hash, and the worker can rebuild a link's URL from its id when it
// sends the e-mail, so the raw token is never stored (the row keeps its hash,
// for lookups and audits). Written here rather than taken from a JWT library:
// a link must carry nothing readable (no claims, no expiry in the clear) and
// be short enough to survive e-mail clients that wrap long URLs.

const MAC_BYTES = 32
const ID_BYTES = 16

export type LinkKey = Buffer

/**
 * The signing key: SCHEDULING_LINK_SECRET, or when unset a key derived from
 * JWT_SECRET (HKDF with its own label, so one can never stand in for the other).
 */
export function linkSigningKey(config: Pick<Config, 'SCHEDULING_LINK_SECRET' | 'JWT_SECRET'>): LinkKey {
  if (config.SCHEDULING_LINK_SECRET) return Buffer.from(config.SCHEDULING_LINK_SECRET)
  return Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'shortlist', 'scheduling-link-signing', 32))
}

const mac = (key: LinkKey, id: Buffer) => createHmac('sha256', key).update(id).digest()

/** The token for a link id: base64url(id bytes ‖ HMAC-SHA256(key, id bytes)), 64 characters. */
export function linkToken(key: LinkKey, linkId: string): string {
  const id = Buffer.from(linkId.replaceAll('-', ''), 'hex')
  return Buffer.concat([id, mac(key, id)]).toString('base64url')
}

/** The link id a token names, or null when it is malformed or its signature does not match. */
export function readLinkToken(key: LinkKey, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{64}$/.test(token)) return null
  const bytes = Buffer.from(token, 'base64url')
  if (bytes.length !== ID_BYTES + MAC_BYTES) return null
  const id = bytes.subarray(0, ID_BYTES)
  if (!timingSafeEqual(bytes.subarray(ID_BYTES), mac(key, id))) return null
  const hex = id.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** What the database keeps of a token. */
export const linkTokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/** The page a candidate opens. */
export const linkUrl = (publicUrl: string, token: string) => new URL(`/schedule/${token}`, publicUrl).toString()

/** A link id → URL function for whoever e-mails links (the worker). */
export function linkUrlBuilder(config: Pick<Config, 'SCHEDULING_LINK_SECRET' | 'JWT_SECRET' | 'PUBLIC_URL'>): (linkId: string) => string {
  const key = linkSigningKey(config)
  return (linkId) => linkUrl(config.PUBLIC_URL, linkToken(key, linkId))
}
