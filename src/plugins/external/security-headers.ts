import fp from 'fastify-plugin'
import helmet from 'helmet'
import cors from '@fastify/cors'

// Security headers on every response, and CORS only for the origins configured.
export default fp(
  async function securityHeaders(fastify) {
    // helmet's own middleware, built once. Not @fastify/helmet: its version 13
    // builds helmet's middleware anew on every request (re-parsing the CSP), a
    // twentieth of the API's CPU on a one-query read, measured by `npm run bench`.
    // The headers are the same for every response; the routes that need others
    // (the docs UI's staticCSP, the candidate pages) set their own after this.
    const applyHeaders = helmet({
      // The API serves JSON.
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
    })
    fastify.addHook('onRequest', (request, reply, done) => applyHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)))
    const origins = fastify.config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
    await fastify.register(cors, {
      origin: origins.length ? origins : false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'],
      exposedHeaders: ['ETag', 'Location'],
      maxAge: 600,
    })
  },
  { name: 'security-headers', dependencies: ['config'] },
)
