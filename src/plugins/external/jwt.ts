import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'

export interface AccessTokenClaims {
  sub: string
  sid: string
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessTokenClaims
    user: AccessTokenClaims
  }
}

// Short-lived access tokens. They carry only who and which session: the role is
// read fresh on every request (see access-control), so it is never stale.
export default fp(
  async function jwt(fastify) {
    await fastify.register(fastifyJwt, {
      secret: fastify.config.JWT_SECRET,
      sign: { algorithm: 'HS256', expiresIn: fastify.config.ACCESS_TOKEN_TTL_SECONDS },
      verify: { algorithms: ['HS256'] },
    })
  },
  { name: 'jwt', dependencies: ['config'] },
)
