import { createHmac, hkdfSync } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { enforceLimit } from '../external/rate-limit.ts'

/** Counts a password attempt against an account; throws 429 once it is over the limit. */
export type AccountAttempts = (request: FastifyRequest, reply: FastifyReply, email: string) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    accountAttempts: AccountAttempts
  }
}

// The login route's own limit is per client address, so guesses spread over
// many addresses would reach one account without end. This second limit is
// per account (the e-mail a password is tried for), over logins and the queue
// dashboard's Basic auth alike. Every attempt counts, a right password too, as
// for the address limit: the count must rise before the password is checked,
// or a parallel burst would all read "under the limit" and all be checked.
// The price is that anyone can lock an account out for a window by failing on
// purpose; the window is short and the limit configurable for that reason.
//
// createRateLimit, not a second `fastify.rateLimit()` hook on the route:
// @fastify/rate-limit marks a request once any of its hooks has run (one
// symbol per registration), so a second hook would return at once after the
// address limit. createRateLimit only counts; answering 429 is ours.
export default fp(
  async function loginAttempts(fastify) {
    // users.email is citext: the same account however it is capitalised.
    // Keyed HMAC, not a bare hash: no address reaches Redis (keys) or the
    // logs, and a key cannot be matched to a guessed address without the secret.
    const hashKey = Buffer.from(hkdfSync('sha256', fastify.config.JWT_SECRET, 'shortlist', 'login-account-rate-limit', 32))
    const accountKey = (email: string) => createHmac('sha256', hashKey).update(email.toLowerCase()).digest('base64url')

    // createRateLimit's keyGenerator sees only the request: the key travels beside it.
    const keys = new WeakMap<FastifyRequest, string>()
    const limit = fastify.createRateLimit({
      max: fastify.config.LOGIN_ACCOUNT_RATE_LIMIT_MAX,
      timeWindow: fastify.config.LOGIN_ACCOUNT_RATE_LIMIT_WINDOW_SECONDS * 1000,
      keyGenerator: (request) => `login-account:${keys.get(request)}`,
    })

    fastify.decorate('accountAttempts', async function accountAttempts(request: FastifyRequest, reply: FastifyReply, email: string) {
      keys.set(request, accountKey(email))
      await enforceLimit(limit, request, reply)
    })
  },
  { name: 'login-attempts', dependencies: ['config', 'rate-limit'] },
)
