import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { ListNotificationsQuery, Notification, NotificationWithAttempts } from '../../schemas/notifications.ts'
import { decodeCursor, encodeCursor, isUuidCursor, Page } from '../../schemas/pagination.ts'
import { getNotification, listNotifications, retryNotification } from '../../services/notifications.ts'

type Row = Awaited<ReturnType<typeof getNotification>>
type Listed = Omit<Row, 'deliveries'>

const toJson = ({ toAddress, ...n }: Listed) => ({
  ...n,
  to: toAddress,
  dueAt: n.dueAt.toISOString(),
  sentAt: n.sentAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
  updatedAt: n.updatedAt.toISOString(),
})

const withDeliveries = ({ deliveries, ...n }: Row) => ({
  ...toJson(n),
  deliveries: deliveries.map((d) => ({ ...d, attemptedAt: d.attemptedAt.toISOString() })),
})

// The e-mail ledger, for admins: what was owed, sent, failed and why; failed ones can be sent again.
const notificationRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const adminOnly = { access: access.roles('ADMIN') }
  const tags = ['notifications']
  const security = [{ bearerAuth: [] }]

  app.get(
    '',
    {
      schema: { tags, security, querystring: ListNotificationsQuery, response: { 200: Page(Notification), ...problemResponses }, description: 'Notifications, newest first; `status=FAILED` lists what needs attention.' },
      config: adminOnly,
    },
    async (request) => {
      const { cursor, ...filter } = request.query
      const before = decodeCursor(cursor, isUuidCursor)
      const page = await listNotifications(app.db, { ...filter, ...(before ? { before } : {}) })
      return { items: page.items.map(toJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.get(
    '/:id',
    { schema: { tags, security, params: IdParams, response: { 200: NotificationWithAttempts, ...problemResponses, 404: Type.Ref('Problem') } }, config: adminOnly },
    async (request) => withDeliveries(await getNotification(app.db, request.params.id)),
  )

  app.post(
    '/:id/retry',
    {
      schema: {
        tags, security, params: IdParams, response: { 202: NotificationWithAttempts, ...problemResponses, 404: Type.Ref('Problem'), 409: Type.Ref('Problem') },
        description: 'Sends a FAILED notification again (its attempts so far are kept). 409 for any other status.',
      },
      config: adminOnly,
    },
    async (request, reply) => {
      const n = await retryNotification(app.db, request.params.id, { userId: request.principal!.userId, requestId: request.id })
      return reply.code(202).send(withDeliveries(n))
    },
  )
}

export default notificationRoutes
