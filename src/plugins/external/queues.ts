import fp from 'fastify-plugin'
import { closeQueues, createQueues, type Queues } from '../../queues/index.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The BullMQ queues, for reading (dashboard, metrics). The API never adds jobs: changes go through the outbox. */
    queues: Queues
  }
}

// Producer connections: while Redis is down, reads fail at once instead of hanging a request.
export default fp(
  async function queues(fastify) {
    const queues = createQueues(fastify.config, 'producer', (err, queue) => fastify.log.warn({ queue, error: err.message }, 'queue connection error'))
    fastify.decorate('queues', queues)
    fastify.addHook('onClose', () => closeQueues(queues))
  },
  { name: 'queues', dependencies: ['config'] },
)
