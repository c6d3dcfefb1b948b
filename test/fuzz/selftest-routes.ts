// Routes with planted bugs, registered only in the fuzz test's app, so the test
// proves the harness notices the kinds of failure it exists to find.
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { access } from '../../src/plugins/app/access-control.ts'
import { IdParams } from '../../src/schemas/common.ts'

export const SELFTEST_PREFIX = '/__fuzz-selftest'

const EchoBody = Type.Object({ name: Type.String({ maxLength: 200 }), count: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false })

export const selftestRoutes: FastifyPluginAsync = async (app) => {
  const config = { access: access.roles('ADMIN') }
  const schema = { tags: ['fuzz-selftest'], security: [{ bearerAuth: [] }] }

  // Valid for the schema, fatal in the handler, like text some downstream
  // component cannot take (PostgreSQL and a NUL byte were the real case).
  app.post(`${SELFTEST_PREFIX}/echo`, { schema: { ...schema, body: EchoBody }, config }, async (request) => {
    const { name } = request.body as { name: string }
    if (name.includes('\u202E')) throw new Error('simulated downstream failure on a right-to-left override')
    return { name }
  })

  // A handler that always throws an unexpected error.
  app.get(`${SELFTEST_PREFIX}/crash`, { schema, config }, async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'id')")
  })

  // An error sent around the problem-details handler: plain JSON, not problem+json.
  app.get(`${SELFTEST_PREFIX}/plain-error/:id`, { schema: { ...schema, params: IdParams }, config }, async (_request, reply) => {
    return reply.code(404).type('application/json').send({ message: 'not found' })
  })
}
