import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors from '@fastify/cors'

// Security headers on every response, and CORS only for the origins configured.
export default fp(
  async function securityHeaders(fastify) {
    await fastify.register(helmet, {
      // The API serves JSON; the docs UI relaxes this for its own assets (staticCSP).
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
      global: true,
    })
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
