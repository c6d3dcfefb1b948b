import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { IfMatchHeaders, MoveBody, MoveResult } from '../../schemas/applications.ts'
import { moveApplication } from '../../services/application-moves.ts'
import { poolRows } from '../../db/client.ts'
import { etagOf, versionFromIfMatch } from './etag.ts'

const problem = Type.Ref('Problem')

// Stage moves: advance, move (skip or send back), reject, withdraw, hire, reopen.
const applicationMoves: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  // A move is one statement after one read: both run prepared on the pool.
  const onPool = poolRows(app.pg)

  app.post(
    '/:id/moves',
    {
      schema: {
        tags: ['applications'],
        security: [{ bearerAuth: [] }],
        description:
          'Moves the application through its plan. Advance, a move forward, hire and a reopen in a later stage leave a stage and need its required ' +
          'submitted scorecards unless a hiring manager of the job (or an admin) overrides with a reason. Conditional on If-Match.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: MoveBody,
        response: { 200: MoveResult, ...problemResponses, 404: problem, 409: problem, 412: problem, 428: problem },
      },
      // Hiring managers only reach the jobs whose team they are on: others get 404 from the service.
      config: { access: access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER') },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match'])
      const moved = await moveApplication(app.db, {
        principal: request.principal!, applicationId: request.params.id, expectedVersion, command: request.body, requestId: request.id,
      }, onPool)
      return reply.header('etag', etagOf(moved.version)).send(moved)
    },
  )
}

export default applicationMoves
