import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * The 429 every limit answers with (problem type `rate-limited`): the routes'
 * limits here, and the per-account login limit (login-attempts.ts), so a client
 * tells them apart by nothing but the wait.
 */
export function rateLimited(after: string): Error {
  return Object.assign(new Error(`Too many attempts: try again in ${after}`), { statusCode: 429, code: 'FST_ERR_RATE_LIMITED' })
}

/** A limiter from @fastify/rate-limit's createRateLimit: it counts, and says whether the count is over. */
export type AttemptLimiter = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>

/** Counts one attempt with a limiter from createRateLimit; over the limit, answers 429 with retry-after, as the routes' limits do. */
export async function enforceLimit(limiter: AttemptLimiter, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const result = await limiter(request)
  if (result.isAllowed || !result.isExceeded) return
  reply.header('retry-after', result.ttlInSeconds)
  throw rateLimited(result.ttlInSeconds === 1 ? '1 second' : `${result.ttlInSeconds} seconds`)
}

// Rate limits are kept in Redis so a limit holds across API instances. Routes
// opt in (login does); `global: false` keeps the rest unthrottled here.
// If Redis is down the limiter lets requests through (skipOnError) rather than
// locking every user out; argon2's cost still bounds password guessing per core.
export default fp(
  async function rateLimiting(fastify) {
    await fastify.register(rateLimit, {
      global: false,
      redis: fastify.redis,
      nameSpace: `${fastify.config.REDIS_PREFIX}:rate-limit:`,
      skipOnError: true,
      errorResponseBuilder: (_request, context) => rateLimited(context.after),
    })
  },
  { name: 'rate-limit', dependencies: ['redis'] },
)
