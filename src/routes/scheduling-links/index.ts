import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { invalidBody } from '../../errors.ts'
import { HOUR_MS } from '../../lib/time.ts'
import { access } from '../../plugins/app/access-control.ts'
import { createSchedulingServices } from '../../scheduling/services.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { boundedRange, LinkBody, LinkCreated } from '../../schemas/interviews.ts'
import { assertMaySchedule } from '../../services/interview-access.ts'

const problem = Type.Ref('Problem')
const MAX_RANGE_DAYS = 31

// Sending a candidate a link to pick their own interview time.
const schedulingLinkRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { selfScheduling } = createSchedulingServices(app.db, app.config)
  const tags = ['scheduling links']
  const security = [{ bearerAuth: [] }]
  const schedulers = access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER')

  app.post(
    '/applications/:id/scheduling-links',
    {
      schema: {
        tags, security, params: IdParams, body: LinkBody, response: { 201: LinkCreated, ...problemResponses, 404: problem, 409: problem },
        description: 'E-mails the candidate a signed, expiring, single-use link to pick one of the offered times: the given `slots`, or the panel\'s earliest common free slots between `from` and `to`.',
      },
      config: { access: schedulers },
    },
    async (request, reply) => {
      const body = request.body
      if (body.slots && (body.from || body.to)) throw invalidBody('/slots', 'give either slots or from/to, not both')
      if (!body.slots && !(body.from && body.to)) throw invalidBody('/from', 'give slots, or both from and to')
      const range = body.from && body.to ? boundedRange(body.from, body.to, MAX_RANGE_DAYS) : undefined
      await assertMaySchedule(app.db, request.principal!, request.params.id)
      const candidate = await app.db.application.findUniqueOrThrow({ where: { id: request.params.id }, select: { candidate: { select: { timeZone: true } } } })
      const expiresAt = new Date(Date.now() + (body.expiresInHours ?? 7 * 24) * HOUR_MS)
      const created = await selfScheduling.offer({
        applicationId: request.params.id, stageId: body.stageId, panelUserIds: body.panelUserIds, durationMinutes: body.durationMinutes,
        ...(body.slots ? { slots: body.slots.map((s) => new Date(s)) } : {}), ...(range ? { range } : {}),
        maxSlots: body.maxSlots ?? 20, expiresAt,
        timeZone: body.timeZone ?? candidate.candidate.timeZone ?? 'UTC',
        location: body.location ?? null, videoUrl: body.videoUrl ?? null, panelNotes: body.panelNotes ?? null,
        createdById: request.principal!.userId, requestId: request.id,
      })
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/scheduling-links/:id',
    { schema: { tags, security, params: IdParams, response: { 204: Type.Null(), ...problemResponses, 404: problem, 409: problem }, description: 'Withdraws a link the candidate has not used.' }, config: { access: access.roles('ADMIN', 'RECRUITER') } },
    async (request, reply) => {
      await selfScheduling.revoke(request.params.id, request.principal!.userId, request.id)
      return reply.code(204).send(null)
    },
  )
}

export default schedulingLinkRoutes
