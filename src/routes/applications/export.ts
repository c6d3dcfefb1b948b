import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { problemResponses } from '../../schemas/common.ts'
import { ExportApplicationsQuery } from '../../schemas/application-export.ts'
import { exportApplications } from '../../services/application-export.ts'
import { sendExport } from '../../services/list-export.ts'

// The filtered application list as a file: the list's rows, unpaged, with
// each candidate's e-mail. A bulk copy of candidates' contact details is for
// the staff who run hiring (admins and recruiters), as the candidate export is;
// the rest of the team pages through the list.
const applicationExport: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get(
    '/export',
    {
      schema: {
        tags: ['applications'], security: [{ bearerAuth: [] }],
        summary: 'Export the filtered application list (the filters of GET /applications) as CSV or a JSON array, streamed',
        querystring: ExportApplicationsQuery,
        response: { 200: Type.String({ description: 'text/csv or application/json' }), ...problemResponses, 404: Type.Ref('Problem') },
      },
      config: { access: access.roles('ADMIN', 'RECRUITER') },
    },
    async (request, reply) => {
      const { format, ...filters } = request.query
      const body = await exportApplications(app.db, request.principal!, filters, format, { actorId: request.principal!.userId, requestId: request.id })
      return sendExport(request, reply, 'applications', format, body)
    },
  )
}

export default applicationExport
