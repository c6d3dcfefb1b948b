import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor } from '../../schemas/pagination.ts'
import { AggregatesQuery, ApplicationAggregates, Comparison, ComparisonParams, ComparisonQuery } from '../../schemas/aggregates.ts'
import { applicationAggregates } from '../../services/scorecard-aggregates.ts'
import { compareAtStage, isComparisonCursor } from '../../services/aggregates/comparison.ts'

const problem = Type.Ref('Problem')

// Decision support, registered without a prefix: GET /applications/:id/aggregates
// and GET /jobs/:jobId/stages/:stageId/comparison.
const aggregateRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const security = [{ bearerAuth: [] }]

  app.get(
    '/applications/:id/aggregates',
    {
      schema: {
        tags: ['scorecards'],
        security,
        description:
          'Weighted, calibrated aggregates of the submitted scorecards, per stage and across stages, with the recommendation spread, a disagreement flag and coverage. ' +
          "Recruiters, admins and the job's hiring managers see every stage; an interviewer only the stages where they have submitted their own scorecard " +
          '(403 for such a stage asked by stageId; left out and listed in withheldStageIds otherwise).',
        params: IdParams,
        querystring: AggregatesQuery,
        response: { 200: ApplicationAggregates, ...problemResponses, 404: problem },
      },
      // Team visibility and the blind rule are the service's: anyone on the job's team may ask.
      config: { access: access.anyUser },
    },
    async (request) => applicationAggregates(app.db, request.principal!, request.params.id, request.query.stageId, request.id),
  )

  app.get(
    '/jobs/:jobId/stages/:stageId/comparison',
    {
      schema: {
        tags: ['scorecards'],
        security,
        description: "The job's candidates at a stage ranked side by side by overall weighted score (raw and calibrated) with per-attribute scores. Hiring managers of the job, recruiters and admins.",
        params: ComparisonParams,
        querystring: ComparisonQuery,
        response: { 200: Comparison, ...problemResponses, 404: problem },
      },
      // A hiring manager must be one on this job's team (else 404 for another team's job, 403 when only interviewing on it).
      config: { access: access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER') },
    },
    async (request) => {
      const { include, rankBy, limit, cursor } = request.query
      const after = decodeCursor(cursor, isComparisonCursor)
      const { next, ...page } = await compareAtStage(app.db, request.principal!, request.params.jobId, request.params.stageId, {
        include, rankBy, limit, ...(after ? { after } : {}),
      }, request.id)
      return { ...page, nextCursor: next ? encodeCursor(next) : null }
    },
  )
}

export default aggregateRoutes
