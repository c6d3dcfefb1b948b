import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { Uuid, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, Page, PageQuery } from '../../schemas/pagination.ts'
import { decisionsWaiting, isDueCursor, isWaitingCursor, scorecardsDue } from '../../services/worklists.ts'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })
const Named = Type.Object({ id: Uuid, name: Type.String() })
const Candidate = Type.Object({ id: Uuid, firstName: Type.String(), lastName: Type.String() })
const WorklistQuery = Type.Object({ ...PageQuery }, { additionalProperties: false })

// Only used here: the two worklists' item shapes.
const ScorecardDue = Type.Object({
  kind: Type.Enum(['draft', 'interview_ended'], { description: 'draft: a scorecard of mine not yet submitted; interview_ended: an interview I was on ended and I have no scorecard for its stage' }),
  dueSince: DateTime,
  scorecardId: Nullable(Uuid),
  interview: Nullable(Type.Object({ id: Uuid, endedAt: DateTime })),
  application: Type.Object({ id: Uuid, status: Type.String() }),
  stage: Named,
  job: Type.Object({ id: Uuid, title: Type.String() }),
  candidate: Candidate,
  reminderAt: Nullable(DateTime),
  escalationAt: Nullable(DateTime),
})

const DecisionWaiting = Type.Object({
  application: Type.Object({ id: Uuid, version: Type.Integer({ description: 'For If-Match on POST /applications/:id/decisions' }) }),
  job: Type.Object({ id: Uuid, title: Type.String() }),
  stage: Type.Object({ ...Named.properties, requiredScorecards: Type.Integer() }),
  candidate: Candidate,
  submittedScorecards: Type.Integer(),
  readySince: Type.String({ format: 'date-time', description: 'When the latest submitted scorecard of the stage came in' }),
  lastDecision: Nullable(Type.Object({ outcome: Type.String(), createdAt: DateTime })),
})

// The caller's own worklists: /me/scorecards-due and /me/decisions-waiting.
const worklistRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['worklists']
  const security = [{ bearerAuth: [] }]

  app.get(
    '/me/scorecards-due',
    {
      schema: {
        tags, security, querystring: WorklistQuery, response: { 200: Page(ScorecardDue), ...problemResponses },
        description: 'My drafts, and interviews I was on that have ended without my scorecard; oldest first.',
      },
      config: { access: access.anyUser },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = decodeCursor(cursor, isDueCursor)
      const page = await scorecardsDue(app.db, request.principal!, { limit, ...(after ? { after } : {}) })
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.get(
    '/me/decisions-waiting',
    {
      schema: {
        tags, security, querystring: WorklistQuery, response: { 200: Page(DecisionWaiting), ...problemResponses },
        description:
          'Active applications on open jobs I manage whose current stage has its required submitted scorecards (at least one) and no decision since the latest came in; longest waiting first.',
      },
      config: { access: access.roles('ADMIN', 'HIRING_MANAGER') },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = decodeCursor(cursor, isWaitingCursor)
      const page = await decisionsWaiting(app.db, request.principal!, { limit, ...(after ? { after } : {}) })
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )
}

export default worklistRoutes
