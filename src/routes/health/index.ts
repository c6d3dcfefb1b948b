import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'

const HealthStatus = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('down')]))),
})

// Liveness says the process answers; readiness says it can do its work
// (PostgreSQL and Redis answer), so a load balancer stops sending traffic when not.
const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/live', { schema: { tags: ['health'], response: { 200: HealthStatus } }, config: { access: { public: true } } }, async () => ({
    status: 'ok' as const,
  }))

  fastify.get(
    '/ready',
    { schema: { tags: ['health'], response: { 200: HealthStatus, 503: HealthStatus } }, config: { access: { public: true } } },
    async (_request, reply) => {
      const [database, redis] = await Promise.all([
        fastify.db.$queryRaw`SELECT 1`.then(() => 'ok' as const, () => 'down' as const),
        fastify.redis.ping().then(() => 'ok' as const, () => 'down' as const),
      ])
      const ready = database === 'ok' && redis === 'ok'
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: { database, redis } })
    },
  )
}

export default health
