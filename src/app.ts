import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import { loggerOptions } from './logger.ts'
import configPlugin from './plugins/external/config.ts'
import prismaPlugin from './plugins/external/prisma.ts'
import redisPlugin from './plugins/external/redis.ts'
import jwtPlugin from './plugins/external/jwt.ts'
import securityHeaders from './plugins/external/security-headers.ts'
import rateLimit from './plugins/external/rate-limit.ts'
import openapi from './plugins/external/openapi.ts'
import problemDetails from './plugins/app/problem-details.ts'
import accessControl from './plugins/app/access-control.ts'
import healthRoutes from './routes/health/index.ts'
import authRoutes from './routes/auth/index.ts'
import userRoutes from './routes/users/index.ts'

export interface BuildOptions {
  /** Overrides for Fastify's own options (tests pass `logger: false`). */
  fastify?: Partial<FastifyServerOptions>
}

/**
 * Builds the API as a Fastify instance without listening, so the server and the
 * tests run the very same application. Plugins load in tiers: ecosystem plugins,
 * then our own, then routes.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => crypto.randomUUID(),
    ajv: {
      // Reject unknown properties instead of silently dropping them, and report every failing field.
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true },
    },
    ...options.fastify,
  })

  await app.register(configPlugin, { config })
  await app.register(problemDetails)
  await app.register(prismaPlugin)
  await app.register(redisPlugin)
  await app.register(jwtPlugin)
  await app.register(securityHeaders)
  await app.register(rateLimit)
  await app.register(accessControl)
  await app.register(openapi)

  await app.register(healthRoutes, { prefix: '/health' })
  await app.register(authRoutes, { prefix: '/auth' })
  await app.register(userRoutes, { prefix: '/users' })

  return app
}
