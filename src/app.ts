import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import { loggerOptions } from './logger.ts'
import { buildValidator } from './http/validator-compiler.ts'
import { isKnownTimeZone } from './lib/time-zones.ts'
import { useStorableInstants } from './http/instant-format.ts'
import configPlugin from './plugins/external/config.ts'
import prismaPlugin from './plugins/external/prisma.ts'
import redisPlugin from './plugins/external/redis.ts'
import jwtPlugin from './plugins/external/jwt.ts'
import securityHeaders from './plugins/external/security-headers.ts'
import rateLimit from './plugins/external/rate-limit.ts'
import openapi from './plugins/external/openapi.ts'
import problemDetails from './plugins/app/problem-details.ts'
import accessControl, { routeCatalogue } from './plugins/app/access-control.ts'
import loginAttempts from './plugins/app/login-attempts.ts'
import inputGuards from './plugins/app/input-guards.ts'
import { sendProblem } from './plugins/app/problem-details.ts'
import { problemSlugs } from './errors.ts'
import healthRoutes from './routes/health/index.ts'
import authRoutes from './routes/auth/index.ts'
import userRoutes from './routes/users/index.ts'
import jobRoutes from './routes/jobs/index.ts'
import candidateRoutes from './routes/candidates/index.ts'
import applicationRoutes from './routes/applications/index.ts'
import boardRoutes from './routes/board/index.ts'
import timelineRoutes from './routes/timeline/index.ts'
import personalDataRoutes from './routes/personal-data/index.ts'
import scorecardTemplateRoutes from './routes/scorecard-templates/index.ts'
import scorecardRoutes from './routes/scorecards/index.ts'
import aggregateRoutes from './routes/aggregates/index.ts'
import decisionRoutes from './routes/decisions/index.ts'
import worklistRoutes from './routes/worklists/index.ts'
import notificationRoutes from './routes/notifications/index.ts'
import emailTemplateRoutes from './routes/email-templates/index.ts'
import interviewRoutes from './routes/interviews/index.ts'
import availabilityRoutes from './routes/availability/index.ts'
import schedulingLinkRoutes from './routes/scheduling-links/index.ts'
import schedulePages from './routes/schedule-pages/index.ts'
import queueDashboard from './plugins/app/queue-dashboard.ts'
import metrics from './plugins/app/metrics.ts'
import queuesPlugin from './plugins/external/queues.ts'

/** TRUST_PROXY as Fastify takes it: a boolean, or the list of trusted proxy addresses. */
function trustProxySetting(value: string): boolean | string {
  return value === 'true' || value === 'false' ? value === 'true' : value
}

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
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    requestIdHeader: 'x-request-id',
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => crypto.randomUUID(),
    ajv: {
      // Reject unknown properties instead of silently dropping them, and report every failing field.
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true, formats: { 'time-zone': isKnownTimeZone } },
      onCreate: useStorableInstants,
    },
    schemaController: { compilersFactory: { buildValidator } },
    // Errors the router raises before any route or hook runs (a malformed
    // percent-encoding, a path parameter over maxParamLength) leave as problems too.
    frameworkErrors: (error, request, reply) =>
      sendProblem(request, reply, { status: error.statusCode ?? 400, slug: problemSlugs[error.code] ?? 'bad-request', code: error.code, detail: error.message }),
    ...options.fastify,
  })

  // Every response names its request (the caller's x-request-id, or the one we
  // generated), so a caller can quote the id our log lines carry.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  // A JSON API: Fastify's built-in text/plain parser only lets CORS "simple"
  // requests (no preflight) reach handlers; without it they get 415.
  app.removeContentTypeParser('text/plain')

  await app.register(configPlugin, { config })
  // First, so that every route any later plugin adds (CORS's OPTIONS *) must declare access.
  await app.register(routeCatalogue)
  await app.register(problemDetails)
  await app.register(prismaPlugin)
  await app.register(redisPlugin)
  await app.register(queuesPlugin)
  await app.register(jwtPlugin)
  await app.register(securityHeaders)
  await app.register(rateLimit)
  await app.register(loginAttempts)
  await app.register(accessControl)
  await app.register(inputGuards)
  await app.register(openapi)

  await app.register(healthRoutes, { prefix: '/health' })
  await app.register(authRoutes, { prefix: '/auth' })
  await app.register(userRoutes, { prefix: '/users' })
  await app.register(jobRoutes, { prefix: '/jobs' })
  await app.register(candidateRoutes, { prefix: '/candidates' })
  await app.register(applicationRoutes, { prefix: '/applications' })
  await app.register(boardRoutes, { prefix: '/jobs' })
  await app.register(timelineRoutes)
  await app.register(personalDataRoutes, { prefix: '/candidates' })
  await app.register(scorecardTemplateRoutes, { prefix: '/scorecard-templates' })
  await app.register(scorecardRoutes)
  await app.register(aggregateRoutes)
  await app.register(decisionRoutes)
  await app.register(worklistRoutes)
  await app.register(notificationRoutes, { prefix: '/notifications' })
  await app.register(emailTemplateRoutes)
  await app.register(interviewRoutes)
  await app.register(availabilityRoutes)
  await app.register(schedulingLinkRoutes)
  await app.register(schedulePages)
  await app.register(queueDashboard)
  await app.register(metrics)

  return app
}
