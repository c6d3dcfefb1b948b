import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'

/**
 * The 429 every limit answers with (problem type `rate-limited`): the routes'
 * limits here, and the per-account login limit (login-attempts.ts), so a client
 * tells them apart by nothing but the wait.
 */
export function rateLimited(after: string): Error {
  return Object.assign(new Error(`Too many attempts: try again in ${after}`), { statusCode: 429, code: 'FST_ERR_RATE_LIMITED' })
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
