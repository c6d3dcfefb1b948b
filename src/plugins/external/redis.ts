import fp from 'fastify-plugin'
import { Redis } from 'ioredis'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
  }
}

// The API's Redis connection. enableOfflineQueue is off so that, while Redis is
// down, commands fail at once (and callers degrade or answer 503) instead of
// piling up in memory. The API starts even when Redis is down (readiness says
// so); ioredis keeps reconnecting in the background.
export default fp(
  async function redis(fastify) {
    const client = new Redis(fastify.config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
      lazyConnect: true,
      // Keep trying every second at most, forever: Redis coming back must heal us.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    })
    client.on('error', (err) => fastify.log.warn({ err: { message: err.message } }, 'redis connection error'))
    await client.connect().catch((err: Error) => fastify.log.warn({ err: { message: err.message } }, 'redis unavailable at start-up'))
    fastify.decorate('redis', client)
    fastify.addHook('onClose', async () => {
      await client.quit().catch(() => client.disconnect())
    })
  },
  { name: 'redis', dependencies: ['config'] },
)
