import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { AmendmentBody, ApplicationScorecardsQuery, CreateScorecardBody, RevisionList, Scorecard, ScorecardList, UpdateDraftBody } from '../../schemas/scorecards.ts'
import { createScorecardsService } from '../../services/scorecards.ts'

const problem = Type.Ref('Problem')

const BLIND =
  'Blind until submitted: an assessor sees only their own scorecards of a stage until they have submitted theirs; ' +
  "admins, recruiters and the job's hiring managers see every submitted one. Drafts are seen only by their author " +
  '(and whoever entered them for the author). The first time a reader is shown other people\'s submitted scorecards of a stage, it is recorded.'

// Scorecards, registered without a prefix: /scorecards… and GET /applications/:id/scorecards.
const scorecardRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createScorecardsService(app.db)
  const tags = ['scorecards']
  const security = [{ bearerAuth: [] }]
  const anyUser = { access: access.anyUser }
  const callerOf = (request: FastifyRequest) => ({ principal: request.principal!, requestId: request.id })

  app.post(
    '/scorecards',
    {
      schema: {
        tags, security, body: CreateScorecardBody,
        description:
          "Starts a draft for an application at a stage (its current stage or one it has been through), on the stage's template. " +
          "The author must be on the job's hiring team, and on the interview's panel when interviewId is given. One scorecard per author " +
          "and stage. authorId (entering for someone else) is for admins, recruiters and the job's hiring managers; both people are recorded.",
        response: { 201: Scorecard, ...problemResponses, 404: problem, 409: problem },
      },
      config: anyUser,
    },
    async (request, reply) => {
      const card = await service.createDraft(callerOf(request), request.body)
      return reply.code(201).header('location', `/scorecards/${card.id}`).send(card)
    },
  )

  app.get(
    '/scorecards/:id',
    { schema: { tags, security, params: IdParams, description: BLIND, response: { 200: Scorecard, ...problemResponses, 404: problem } }, config: anyUser },
    async (request) => service.getScorecard(request.principal!, request.params.id, request.id),
  )

  app.patch(
    '/scorecards/:id',
    {
      schema: {
        tags, security, params: IdParams, body: UpdateDraftBody,
        description: 'Edits a draft (its author, or whoever entered it for them). A submitted scorecard changes only by amendment (409).',
        response: { 200: Scorecard, ...problemResponses, 404: problem, 409: problem },
      },
      config: anyUser,
    },
    async (request) => service.updateDraft(callerOf(request), request.params.id, request.body),
  )

  app.post(
    '/scorecards/:id/submit',
    {
      schema: {
        tags, security, params: IdParams,
        description: 'Submits a draft: the overall recommendation and the required free-text answers must be given; attributes left unrated are recorded as "no opinion". Writes revision 1.',
        response: { 200: Scorecard, ...problemResponses, 404: problem, 409: problem },
      },
      config: anyUser,
    },
    async (request) => service.submit(callerOf(request), request.params.id),
  )

  app.post(
    '/scorecards/:id/amendments',
    {
      schema: {
        tags, security, params: IdParams, body: AmendmentBody,
        description: 'Changes a submitted scorecard with a reason, appending a revision. It is flagged afterSeenOthers when the author (or whoever enters it) had already seen the other scorecards of the stage.',
        response: { 200: Scorecard, ...problemResponses, 404: problem, 409: problem },
      },
      config: anyUser,
    },
    async (request) => service.amend(callerOf(request), request.params.id, request.body),
  )

  app.get(
    '/scorecards/:id/revisions',
    { schema: { tags, security, params: IdParams, description: `Every revision, oldest first. ${BLIND}`, response: { 200: RevisionList, ...problemResponses, 404: problem } }, config: anyUser },
    async (request) => service.getRevisions(request.principal!, request.params.id, request.id),
  )

  app.get(
    '/applications/:id/scorecards',
    {
      schema: { tags: ['scorecards', 'applications'], security, params: IdParams, querystring: ApplicationScorecardsQuery, description: BLIND, response: { 200: ScorecardList, ...problemResponses, 404: problem } },
      config: anyUser,
    },
    async (request) => service.listForApplication(request.principal!, request.params.id, request.query.stageId, request.id),
  )
}

export default scorecardRoutes
