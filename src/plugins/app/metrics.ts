import { timingSafeEqual, createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import { Gauge, Registry } from 'prom-client'
import { access } from './access-control.ts'
import { Errors } from '../../errors.ts'
import { allQueueNames } from '../../queues/index.ts'

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const

/**
 * GET /metrics in Prometheus's text format, for a scraper holding METRICS_TOKEN
 * (the route exists only when it is set). Figures are read when scraped: queue
 * depth by state from Redis; notifications by status and delivery attempts by
 * outcome (sent, retried, failed) from the ledger in PostgreSQL, so they
 * survive restarts and agree across API instances.
 */
export default fp(
  async function metrics(fastify) {
    const token = fastify.config.METRICS_TOKEN
    if (!token) return
    const registry = new Registry()
    const db = fastify.pg

    new Gauge({
      name: 'shortlist_queue_jobs', help: 'Jobs in each BullMQ queue, by state', labelNames: ['queue', 'state'], registers: [registry],
      async collect() {
        for (const name of allQueueNames()) {
          const counts = await fastify.queues[name].getJobCounts(...JOB_STATES)
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0)
        }
      },
    })
    new Gauge({
      name: 'shortlist_notifications', help: 'E-mail notifications in the ledger, by status', labelNames: ['status'], registers: [registry],
      async collect() {
        const { rows } = await db.query<{ status: string; count: number }>(`SELECT status::text, count(*)::int AS count FROM notifications GROUP BY status`)
        this.reset()
        for (const status of ['PENDING', 'SENT', 'FAILED', 'CANCELLED']) this.set({ status }, rows.find((r) => r.status === status)?.count ?? 0)
      },
    })
    new Gauge({
      name: 'shortlist_email_attempts', help: 'Delivery attempts recorded, by outcome (TRANSIENT_FAILURE = retried)', labelNames: ['outcome'], registers: [registry],
      async collect() {
        const { rows } = await db.query<{ outcome: string; count: number }>(`SELECT outcome::text, count(*)::int AS count FROM notification_attempts GROUP BY outcome`)
        for (const outcome of ['SENT', 'TRANSIENT_FAILURE', 'PERMANENT_FAILURE', 'SKIPPED']) this.set({ outcome }, rows.find((r) => r.outcome === outcome)?.count ?? 0)
      },
    })
    new Gauge({
      name: 'shortlist_outbox_backlog', help: 'Outbox events due and not yet dispatched', registers: [registry],
      async collect() {
        const { rows } = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM outbox_events WHERE dispatched_at IS NULL AND available_at <= now()`)
        this.set(rows[0]?.count ?? 0)
      },
    })

    // Compared as digests, in constant time: the token's length does not leak either.
    const expected = createHash('sha256').update(token).digest()
    fastify.get('/metrics', { schema: { hide: true }, config: { access: access.public } }, async (request, reply) => {
      const presented = request.headers.authorization?.startsWith('Bearer ') ? request.headers.authorization.slice(7) : ''
      if (!timingSafeEqual(createHash('sha256').update(presented).digest(), expected)) throw new Errors.Unauthorized('send METRICS_TOKEN as "Authorization: Bearer <token>"')
      return reply.type(registry.contentType).send(await registry.metrics())
    })
  },
  { name: 'metrics', dependencies: ['queues', 'prisma'] },
)
