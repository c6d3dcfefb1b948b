import fp from 'fastify-plugin'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance, FastifyPluginCallback } from 'fastify'
import { QueueName } from '../../queues/index.ts'
import { DASHBOARD_PREFIX } from './dashboard-auth.ts'

/**
 * The queue dashboard (@bull-board/fastify) at /admin/queues, for admins: a
 * bearer token, or an admin's e-mail and password over HTTP Basic from a
 * browser (see dashboard-auth.ts). The e-mail queue is read-only there: the
 * ledger in PostgreSQL decides what is sent, so a failed e-mail is retried
 * with POST /notifications/:id/retry, not by re-running its job.
 */
export default fp(
  async function queueDashboard(fastify) {
    const { queues } = fastify
    const serverAdapter = new FastifyAdapter().setBasePath(DASHBOARD_PREFIX)
    createBullBoard({
      queues: [
        new BullMQAdapter(queues[QueueName.Email], { readOnlyMode: true }),
        new BullMQAdapter(queues[QueueName.Maintenance]),
        // Read-only: a reminder removed or promoted here would disagree with the interview; the interviews API moves them.
        new BullMQAdapter(queues[QueueName.Reminders], { readOnlyMode: true }),
      ],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Shortlist queues' } },
    })
    await fastify.register(
      async (dashboard) => {
        // Browsers ask for Basic credentials when a 401 says they may.
        dashboard.addHook('onSend', async (_request, reply) => {
          if (reply.statusCode === 401) reply.header('www-authenticate', 'Basic realm="Shortlist queues", charset="UTF-8"')
        })
        await dashboard.register(keepOurErrorHandler(serverAdapter.registerPlugin() as FastifyPluginCallback))
      },
      { prefix: DASHBOARD_PREFIX },
    )
  },
  { name: 'queue-dashboard', dependencies: ['queues', 'access-control', 'problem-details'] },
)

/**
 * bull-board's plugin sets an error handler of its own, which would answer our
 * 401 and 403 (thrown by the access hook) as 500s without problem+json. This
 * wrapper ignores that call, so its routes keep the API's problem handler.
 */
function keepOurErrorHandler(plugin: FastifyPluginCallback): FastifyPluginCallback {
  return (instance, options, done) => {
    const withoutErrorHandler = Object.create(instance, { setErrorHandler: { value: () => withoutErrorHandler } }) as FastifyInstance
    plugin(withoutErrorHandler, options, done)
  }
}
