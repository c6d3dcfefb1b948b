import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { Board, BoardParams, BoardQuery } from '../../schemas/applications.ts'
import { getBoard } from '../../services/board.ts'

// GET /jobs/:jobId/board (registered under the /jobs prefix): the pipeline of one job in one call.
const boardRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/:jobId/board',
    {
      schema: {
        tags: ['applications'],
        security: [{ bearerAuth: [] }],
        description: 'Per live stage of the plan, in order: its active count and first page (oldest first); plus the closed totals.',
        params: BoardParams,
        querystring: BoardQuery,
        response: { 200: Board, ...problemResponses, 404: Type.Ref('Problem') },
      },
      // Everyone on the job's team; unknown and invisible jobs are the same 404.
      config: { access: access.anyUser },
    },
    async (request) => getBoard(app.pg, request.principal!, request.params.jobId, request.query.limit),
  )
}

export default boardRoutes
