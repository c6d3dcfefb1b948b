import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { JobIdParams, ReplaceTeamBody, Team } from '../../schemas/jobs.ts'
import { createJobsService } from '../../services/jobs.ts'
import { actorOf } from './json.ts'

const problem = Type.Ref('Problem')

// The hiring team is replaced as a whole: one request, one audit event, no
// half-applied sequence of adds and removes. It is read with the job.
const team: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createJobsService(app.db)

  app.put(
    '/:id/team',
    {
      schema: {
        tags: ['jobs'], security: [{ bearerAuth: [] }], params: JobIdParams, body: ReplaceTeamBody,
        description: 'Recruiters: ADMIN or RECRUITER users. Hiring managers: HIRING_MANAGER or ADMIN users. Interviewers: INTERVIEWER or HIRING_MANAGER users. All active.',
        response: { 200: Team, ...problemResponses, 404: problem, 409: problem },
      },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request) => service.replaceTeam(request.params.id, request.body.team, actorOf(request)),
  )
}

export default team
