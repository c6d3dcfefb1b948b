import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Principal, SessionsService } from '../../services/sessions.ts'

/** Where the queue dashboard lives; its routes are registered by @bull-board/fastify. */
export const DASHBOARD_PREFIX = '/admin/queues'

export const isDashboardUrl = (url: string) => url === DASHBOARD_PREFIX || url.startsWith(`${DASHBOARD_PREFIX}/`)

// A browser page cannot attach a bearer token to the dashboard's own requests,
// so the dashboard also takes HTTP Basic (an admin's e-mail and password): the
// browser asks once and sends them with every request. Verifying argon2 on each
// of the dashboard's polls would cost ~50 ms of CPU a time, so a verified
// header is remembered for a minute (by its SHA-256, never in clear); a
// deactivated admin or a changed password takes effect within that minute.
// Password checks are rate-limited like logins: per address and per account
// (see accessControl). The account limit skips re-checks of a header that was
// right within the hour: an open dashboard re-checks once a minute per API
// instance, and counting that would lock its admin out of their own account
// (the exemption covers that one password only, so it opens no way to guess).
const VERIFIED_MS = 60_000
const KNOWN_GOOD_MS = 60 * 60_000
const verified = new Map<string, { principal: Principal; until: number; knownGoodUntil: number }>()

const keyOf = (header: string) => createHash('sha256').update(header).digest('base64url')

/** Whether a request carries Basic credentials verified in the last minute (such requests are not rate-limited). */
export function hasVerifiedBasic(request: FastifyRequest): boolean {
  const header = request.headers.authorization
  if (!header?.startsWith('Basic ')) return false
  const entry = verified.get(keyOf(header))
  return Boolean(entry && entry.until > Date.now())
}

/** Whether this Basic header was right within the hour: its re-check is not a guess, so it does not count against the account. */
export function wasRecentlyVerified(header: string): boolean {
  const entry = verified.get(keyOf(header))
  return Boolean(entry && entry.knownGoodUntil > Date.now())
}

/** The e-mail and password in a Basic authorization header, or null when it holds none. */
export function basicCredentials(header: string): { email: string; password: string } | null {
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 1 ? null : { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** The principal for Basic credentials, or null when they are wrong. */
export async function basicPrincipal(header: string, sessions: SessionsService): Promise<Principal | null> {
  const key = keyOf(header)
  const cached = verified.get(key)
  if (cached && cached.until > Date.now()) return cached.principal
  const credentials = basicCredentials(header)
  if (!credentials) return null
  const user = await sessions.verifyCredentials(credentials.email, credentials.password)
  if (!user) return null
  if (verified.size > 1000) verified.clear()
  // No session backs Basic credentials; the id says where the principal came from.
  const principal: Principal = { userId: user.userId, role: user.role, sessionId: 'basic-auth' }
  verified.set(key, { principal, until: Date.now() + VERIFIED_MS, knownGoodUntil: Date.now() + KNOWN_GOOD_MS })
  return principal
}
