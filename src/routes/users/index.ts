import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, isUuidCursor, Page } from '../../schemas/pagination.ts'
import { CreateUserBody, ListUsersQuery, UpdateUserBody, User } from '../../schemas/users.ts'
import { createUsersService } from '../../services/users.ts'

// Staff accounts: admins only.
const users: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createUsersService(app.db)
  const adminOnly = { access: access.roles('ADMIN') }
  const tags = ['users']
  const security = [{ bearerAuth: [] }]

  app.get(
    '',
    { schema: { tags, security, querystring: ListUsersQuery, response: { 200: Page(User), ...problemResponses } }, config: adminOnly },
    async (request) => {
      const { limit, cursor, role, active } = request.query
      const after = decodeCursor(cursor, isUuidCursor)
      const page = await service.listUsers({ limit, after, role, active })
      return { items: page.items.map(toJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.post(
    '',
    { schema: { tags, security, body: CreateUserBody, response: { 201: User, ...problemResponses, 409: Type.Ref('Problem') } }, config: adminOnly },
    async (request, reply) => {
      const user = await service.createUser(request.body)
      return reply.code(201).header('location', `/users/${user.id}`).send(toJson(user))
    },
  )

  app.get(
    '/:id',
    { schema: { tags, security, params: IdParams, response: { 200: User, ...problemResponses, 404: Type.Ref('Problem') } }, config: adminOnly },
    async (request) => toJson(await service.getUser(request.params.id)),
  )

  app.patch(
    '/:id',
    { schema: { tags, security, params: IdParams, body: UpdateUserBody, response: { 200: User, ...problemResponses, 404: Type.Ref('Problem') } }, config: adminOnly },
    async (request) => toJson(await service.updateUser(request.params.id, request.body)),
  )
}

function toJson<T extends { createdAt: Date }>(user: T) {
  return { ...user, createdAt: user.createdAt.toISOString() }
}

export default users
