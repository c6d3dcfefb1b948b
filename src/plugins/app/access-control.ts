import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { Role } from '../../generated/prisma/enums.ts'
import { Errors } from '../../errors.ts'
import { createSessionsService, type Principal, type SessionsService } from '../../services/sessions.ts'
import { basicCredentials, basicPrincipal, hasVerifiedBasic, isDashboardUrl, wasRecentlyVerified } from './dashboard-auth.ts'
import type { AccountAttempts } from './login-attempts.ts'
import { enforceLimit, type AttemptLimiter } from '../external/rate-limit.ts'

/** Who may call a route: declared in every route's `config.access`. */
export type Access = { public: true } | { roles: readonly Role[] }

export const access = {
  public: { public: true } as Access,
  anyUser: { roles: ['ADMIN', 'RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] } as Access,
  roles: (...roles: Role[]): Access => ({ roles }),
}

export interface RouteEntry {
  method: string
  url: string
  access: Access
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    sessions: SessionsService
    /** Every route and the access it declares: the access test walks this. */
    routeCatalogue: RouteEntry[]
  }
}

// The documentation UI's own routes (static assets) are registered by
// @fastify/swagger-ui, which cannot carry our config: they are public, like the
// OpenAPI document they show.
const DOCS_PREFIX = '/docs'

// Registered before every plugin that may add routes, so none escapes the check.
export const routeCatalogue = fp(
  async function routeCatalogue(fastify) {
    fastify.decorate('routeCatalogue', [] as RouteEntry[])
    // Deny by default: a route that does not say who may call it fails start-up.
    fastify.addHook('onRoute', (route: RouteOptions) => {
      let declared = route.config?.access
      const isDocs = route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)
      // @fastify/cors answers preflight on its own OPTIONS * route; browsers send preflights without credentials.
      const isCorsPreflight = route.url === '*' && [route.method].flat().every((m) => m === 'OPTIONS')
      if (!declared && (isDocs || isCorsPreflight)) {
        declared = access.public
        route.config = { ...route.config, access: declared }
      }
      // The queue dashboard's routes come from @bull-board/fastify, without our config: admins only.
      if (!declared && isDashboardUrl(route.url)) {
        declared = access.roles('ADMIN')
        route.config = { ...route.config, access: declared }
      }
      if (!declared) throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`)
      for (const method of [route.method].flat()) fastify.routeCatalogue.push({ method, url: route.url, access: declared })
    })
  },
  { name: 'route-catalogue' },
)

export default fp(
  async function accessControl(fastify) {
    const sessions = createSessionsService(fastify.db, fastify.pg, { refreshTokenTtlDays: fastify.config.REFRESH_TOKEN_TTL_DAYS })
    // Password guesses over the dashboard's Basic auth count like logins: per
    // client address here, and against the account (the same count as logins).
    const passwordAttempts = fastify.createRateLimit({ max: fastify.config.LOGIN_RATE_LIMIT_MAX, timeWindow: fastify.config.LOGIN_RATE_LIMIT_WINDOW_SECONDS * 1000 })
    const limits = { passwordAttempts, accountAttempts: fastify.accountAttempts }
    fastify.decorate('sessions', sessions)
    fastify.decorateRequest('principal', null)

    // The one place access is enforced: authenticate, then check the declared roles.
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const declared = request.routeOptions.config.access
      if (!declared) {
        if (request.is404) return // not-found handler: no route matched
        throw new Errors.Forbidden(`call ${request.method} ${request.url.split('?')[0]}: the route declares no access`) // fail closed
      }
      if ('public' in declared) return
      request.principal = await authenticate(request, reply, sessions, limits)
      if (!declared.roles.includes(request.principal.role)) {
        throw new Errors.Forbidden(`call ${request.method} ${request.routeOptions.url}`)
      }
    })
  },
  { name: 'access-control', dependencies: ['prisma', 'jwt', 'route-catalogue', 'rate-limit', 'login-attempts'] },
)

async function authenticate(
  request: FastifyRequest, reply: FastifyReply, sessions: SessionsService, limits: { passwordAttempts: AttemptLimiter; accountAttempts: AccountAttempts },
): Promise<Principal> {
  const header = request.headers.authorization
  if (header?.startsWith('Basic ') && isDashboardUrl(request.routeOptions.url ?? '')) {
    // Only credentials not verified a moment ago are password checks, so only those count.
    if (!hasVerifiedBasic(request)) {
      await enforceLimit(limits.passwordAttempts, request, reply)
      const email = basicCredentials(header)?.email
      if (email && !wasRecentlyVerified(header)) await limits.accountAttempts(request, reply, email)
    }
    const principal = await basicPrincipal(header, sessions)
    if (!principal) throw new Errors.Unauthorized('the e-mail or password is wrong')
    return principal
  }
  if (!header?.startsWith('Bearer ')) throw new Errors.Unauthorized('send an access token as "Authorization: Bearer <token>"')
  let claims: { sub: string; sid: string }
  try {
    // The plugin's verifier, built once at registration. request.jwtVerify()
    // would decode the token first (for per-token secrets, which we don't use)
    // and merge options per call: about 3% of a read's CPU.
    claims = request.server.jwt.verify(header.slice('Bearer '.length))
  } catch {
    throw new Errors.Unauthorized('the access token is invalid or expired')
  }
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new Errors.Unauthorized('the access token is malformed')
  const principal = await sessions.principalFor(claims.sid, claims.sub)
  if (!principal) throw new Errors.Unauthorized('the session has ended')
  return principal
}
