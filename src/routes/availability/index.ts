import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { Availability, AvailabilityBody, AvailabilityException, ExceptionBody, ExceptionParams } from '../../schemas/interviews.ts'
import { assertMayEditAvailability, createAvailabilityService, managesAvailabilityOf } from '../../services/availability-settings.ts'
import { assertSchedulesWith } from '../../services/job-access.ts'

const problem = Type.Ref('Problem')

// Interviewers' availability, registered under /users/:id/availability.
const availabilityRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createAvailabilityService(app.db)
  const tags = ['availability']
  const security = [{ bearerAuth: [] }]

  app.get(
    '/users/:id/availability',
    {
      schema: { tags, security, params: IdParams, response: { 200: Availability, ...problemResponses, 404: problem }, description: 'Working hours (weekday 0 = Sunday, minutes from local midnight in the user\'s zone), buffer, notice, daily cap and upcoming exceptions. Defaults apply until set.' },
      config: { access: access.anyUser },
    },
    async (request) => {
      // Interviewers read only their own; hiring managers, who schedule their
      // jobs' interviews, their teams' hours and time away but not the notes on it.
      const principal = request.principal!
      if (principal.role === 'INTERVIEWER') assertMayEditAvailability(principal, request.params.id)
      // As in the slot finder: a hiring manager sees the teams of the jobs they manage.
      if (principal.role === 'HIRING_MANAGER' && principal.userId !== request.params.id) await assertSchedulesWith(app.db, principal, [request.params.id])
      return service.read(request.params.id, { withNotes: managesAvailabilityOf(principal, request.params.id) })
    },
  )

  app.put(
    '/users/:id/availability',
    {
      schema: { tags, security, params: IdParams, body: AvailabilityBody, response: { 200: Availability, ...problemResponses, 404: problem }, description: 'Replaces the weekly working hours and the scheduling settings. Your own, or anyone\'s for admins and recruiters.' },
      config: { access: access.anyUser },
    },
    async (request) => {
      assertMayEditAvailability(request.principal!, request.params.id)
      return service.replace(request.params.id, request.body)
    },
  )

  app.post(
    '/users/:id/availability/exceptions',
    {
      schema: { tags, security, params: IdParams, body: ExceptionBody, response: { 201: AvailabilityException, ...problemResponses, 404: problem }, description: 'A day off or time away (UNAVAILABLE), or EXTRA_HOURS outside the weekly pattern.' },
      config: { access: access.anyUser },
    },
    async (request, reply) => {
      assertMayEditAvailability(request.principal!, request.params.id)
      return reply.code(201).send(await service.addException(request.params.id, request.body))
    },
  )

  app.delete(
    '/users/:id/availability/exceptions/:exceptionId',
    { schema: { tags, security, params: ExceptionParams, response: { 204: Type.Null(), ...problemResponses, 404: problem } }, config: { access: access.anyUser } },
    async (request, reply) => {
      assertMayEditAvailability(request.principal!, request.params.id)
      await service.removeException(request.params.id, request.params.exceptionId)
      return reply.code(204).send(null)
    },
  )
}

export default availabilityRoutes
