import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { LoginBody, Me, RefreshBody, TokenPair } from '../../schemas/auth.ts'
import { problemResponses } from '../../schemas/common.ts'
import type { IssuedRefreshToken } from '../../services/sessions.ts'
import { Errors } from '../../errors.ts'

const auth: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  async function tokenPair(issued: IssuedRefreshToken) {
    const accessToken = await app.jwt.sign({ sub: issued.userId, sid: issued.sessionId })
    return {
      tokenType: 'Bearer' as const,
      accessToken,
      expiresIn: app.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: issued.refreshToken,
      refreshExpiresAt: issued.refreshExpiresAt.toISOString(),
    }
  }

  app.post(
    '/login',
    {
      schema: { tags: ['auth'], summary: 'Log in with e-mail and password', body: LoginBody, response: { 200: TokenPair, 400: problemResponses[400], 401: Type.Ref('Problem'), 429: Type.Ref('Problem') } },
      config: {
        access: access.public,
        // Per client address, before the body is read.
        rateLimit: { max: app.config.LOGIN_RATE_LIMIT_MAX, timeWindow: app.config.LOGIN_RATE_LIMIT_WINDOW_SECONDS * 1000 },
      },
      // Per account: needs the validated body, so after parsing (see login-attempts.ts).
      preHandler: (request, reply) => app.accountAttempts(request, reply, request.body.email),
    },
    async (request) => tokenPair(await app.sessions.login(request.body.email, request.body.password)),
  )

  app.post(
    '/refresh',
    {
      schema: { tags: ['auth'], summary: 'Exchange a refresh token for new tokens (rotation)', body: RefreshBody, response: { 200: TokenPair, 400: problemResponses[400], 401: Type.Ref('Problem') } },
      config: { access: access.public },
    },
    async (request) => tokenPair(await app.sessions.refresh(request.body.refreshToken)),
  )

  app.post(
    '/logout',
    {
      schema: { tags: ['auth'], summary: 'End the session the refresh token belongs to', body: RefreshBody, response: { 204: Type.Null(), 400: problemResponses[400] } },
      config: { access: access.public },
    },
    async (request, reply) => {
      await app.sessions.logout(request.body.refreshToken)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/me',
    {
      schema: { tags: ['auth'], summary: 'The logged-in user', security: [{ bearerAuth: [] }], response: { 200: Me, ...problemResponses } },
      config: { access: access.anyUser },
    },
    async (request) => {
      const user = await app.db.user.findUnique({
        where: { id: request.principal!.userId },
        select: { id: true, email: true, name: true, role: true, timeZone: true },
      })
      if (!user) throw new Errors.NotFound('User')
      return user
    },
  )
}

export default auth
