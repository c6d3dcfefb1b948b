import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { IfMatchHeaders, JobIdParams, Plan, ReplacePlanBody } from '../../schemas/jobs.ts'
import { createAssessmentPlansService, planEtag } from '../../services/assessment-plans.ts'
import { assertJobVisible } from '../../services/job-access.ts'
import { actorOf, principalOf } from './json.ts'

const problem = Type.Ref('Problem')

// A job's assessment plan. Everyone who sees the job reads it; admins and
// recruiters change it. Hiring managers do not: removing a stage moves other
// people's candidates, and the process is the recruiters' to run.
const plan: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createAssessmentPlansService(app.db)
  const tags = ['jobs']
  const security = [{ bearerAuth: [] }]

  app.get(
    '/:id/plan',
    { schema: { tags, security, params: JobIdParams, response: { 200: Plan, ...problemResponses, 404: problem } }, config: { access: access.anyUser } },
    async (request, reply) => {
      await assertJobVisible(app.db, principalOf(request), request.params.id)
      const stages = await service.readPlan(request.params.id)
      return reply.header('etag', planEtag(stages)).send({ jobId: request.params.id, stages })
    },
  )

  app.put(
    '/:id/plan',
    {
      schema: {
        tags, security, params: JobIdParams, headers: IfMatchHeaders, body: ReplacePlanBody,
        description: 'The whole plan in order: current stages by id, new ones without. A current stage left out is removed (archived); one holding active applications needs removedStages[].moveApplicationsTo and a reason. Send If-Match with the ETag you read to be told (412) when someone else changed the plan first.',
        response: { 200: Plan, ...problemResponses, 404: problem, 409: problem, 412: problem },
      },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match']
      const stages = await service.replacePlan(
        request.params.id,
        { stages: request.body.stages, removedStages: request.body.removedStages, ifMatch: ifMatch === '*' ? undefined : ifMatch },
        actorOf(request),
      )
      return reply.header('etag', planEtag(stages)).send({ jobId: request.params.id, stages })
    },
  )
}

export default plan
