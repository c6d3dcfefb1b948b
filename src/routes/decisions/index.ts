import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, Page } from '../../schemas/pagination.ts'
import { IfMatchHeaders } from '../../schemas/applications.ts'
import { Decision, DecisionBody, DecisionListQuery, DecisionResult } from '../../schemas/decisions.ts'
import { createDecisionsService, isDecisionCursor } from '../../services/decisions.ts'
import { etagOf, versionFromIfMatch } from '../applications/etag.ts'

const problem = Type.Ref('Problem')

// Stage decisions, registered without a prefix: /applications/:id/decisions.
const decisionRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createDecisionsService(app.db)
  const tags = ['decisions']
  const security = [{ bearerAuth: [] }]

  app.post(
    '/applications/:id/decisions',
    {
      schema: {
        tags,
        security,
        description:
          "The hiring manager's decision on the application's current stage, citing the submitted scorecards it rests on. ADVANCE and REJECT make the move " +
          'under the pipeline\'s rules (required scorecards unless overridden with a reason; If-Match), in the same transaction as the decision; HOLD only records it.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: DecisionBody,
        response: { 201: DecisionResult, ...problemResponses, 404: problem, 409: problem, 412: problem, 428: problem },
      },
      // A hiring manager must manage this job (on its team as HIRING_MANAGER): the service answers 403 otherwise, 404 off the team.
      config: { access: access.roles('ADMIN', 'HIRING_MANAGER') },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'])
      const result = await service.recordDecision({
        principal: request.principal!, applicationId: request.params.id, expectedVersion, command: request.body, requestId: request.id,
      })
      return reply.code(201).header('etag', etagOf(result.application.version)).send(result)
    },
  )

  app.get(
    '/applications/:id/decisions',
    {
      schema: { tags, security, description: 'Decisions on the application, newest first.', params: IdParams, querystring: DecisionListQuery, response: { 200: Page(Decision), ...problemResponses, 404: problem } },
      config: { access: access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER') },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = decodeCursor(cursor, isDecisionCursor)
      const page = await service.listDecisions(request.principal!, request.params.id, { limit, ...(after ? { after } : {}) })
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )
}

export default decisionRoutes
