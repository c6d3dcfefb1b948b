import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, Page } from '../../schemas/pagination.ts'
import { TimelineEntry, TimelineQuery } from '../../schemas/applications.ts'
import { applicationTimeline, candidateTimeline, isTimelineCursor } from '../../services/timeline.ts'

// The chronological feeds, registered without a prefix: GET /applications/:id/timeline and GET /candidates/:id/timeline.
const timelineRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const schema = (tags: string[], description: string) => ({
    tags,
    security: [{ bearerAuth: [] }],
    description,
    params: IdParams,
    querystring: TimelineQuery,
    response: { 200: Page(TimelineEntry), ...problemResponses, 404: Type.Ref('Problem') },
  })
  const events = 'Moves, notes, submitted scorecards, interviews (booked, each reschedule or panel change, by staff or the candidate, and the outcome) and e-mails sent, newest first.'

  app.get(
    '/applications/:id/timeline',
    { schema: schema(['applications'], `${events} Notes: the application's and the candidate's general ones.`), config: { access: access.anyUser } },
    async (request) => {
      const { limit, cursor } = request.query
      const page = await applicationTimeline(app.db, request.principal!, request.params.id, limit, decodeCursor(cursor, isTimelineCursor))
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.get(
    '/candidates/:id/timeline',
    { schema: schema(['candidates'], `${events} Across the applications to jobs the reader can see.`), config: { access: access.anyUser } },
    async (request) => {
      const { limit, cursor } = request.query
      const page = await candidateTimeline(app.db, request.principal!, request.params.id, limit, decodeCursor(cursor, isTimelineCursor))
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )
}

export default timelineRoutes
