import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, Page } from '../../schemas/pagination.ts'
import { ApplicationDetail, ApplicationListItem, ApplicationState, CreateApplicationBody, ListApplicationsQuery } from '../../schemas/applications.ts'
import { getApplication, isApplicationCursor, listApplications } from '../../services/applications.ts'
import { applyToJob } from '../../services/moves/apply.ts'
import { etagOf } from './etag.ts'

const problem = Type.Ref('Problem')

// Applying a candidate to a job, reading one application, listing them.
const applicationRecords: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['applications']
  const security = [{ bearerAuth: [] }]

  app.post(
    '',
    {
      schema: { tags, security, body: CreateApplicationBody, response: { 201: ApplicationState, ...problemResponses, 404: problem, 409: problem } },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request, reply) => {
      const { transition: _applied, ...created } = await applyToJob(app.db, { principal: request.principal!, ...request.body, requestId: request.id })
      return reply.code(201).header('location', `/applications/${created.id}`).header('etag', etagOf(created.version)).send(created)
    },
  )

  app.get(
    '',
    { schema: { tags, security, querystring: ListApplicationsQuery, response: { 200: Page(ApplicationListItem), ...problemResponses } }, config: { access: access.anyUser } },
    async (request) => {
      const { cursor, ...filters } = request.query
      // As everywhere (see users): a cursor that is not one of ours reads as the first page.
      const page = await listApplications(app.db, request.principal!, { ...filters, after: decodeCursor(cursor, isApplicationCursor) })
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.get(
    '/:id',
    { schema: { tags, security, params: IdParams, response: { 200: ApplicationDetail, ...problemResponses, 404: problem } }, config: { access: access.anyUser } },
    async (request, reply) => {
      const detail = await getApplication(app.pg, request.principal!, request.params.id, request.id)
      return reply.header('etag', etagOf(detail.version)).send(detail)
    },
  )
}

export default applicationRecords
