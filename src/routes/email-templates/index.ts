import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { EmailPreview, JobKindParams, JobTemplate, TemplateBody } from '../../schemas/email-templates.ts'
import { jobTemplates, overrideTemplate, previewEmail, restoreDefaultTemplate } from '../../services/email-templates.ts'

// A job's e-mail templates (recruiters and admins), and a preview of any e-mail for an application.
const emailTemplateRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const editors = { access: access.roles('ADMIN', 'RECRUITER') }
  const tags = ['email templates']
  const security = [{ bearerAuth: [] }]
  const notFound = { 404: Type.Ref('Problem') }

  app.get(
    '/jobs/:id/email-templates',
    { schema: { tags, security, params: IdParams, response: { 200: Type.Object({ items: Type.Array(JobTemplate) }), ...problemResponses, ...notFound } }, config: editors },
    async (request) => ({ items: await jobTemplates(app.db, request.principal!, request.params.id) }),
  )

  app.put(
    '/jobs/:id/email-templates/:kind',
    {
      schema: {
        tags, security, params: JobKindParams, body: TemplateBody, response: { 204: Type.Null(), ...problemResponses, ...notFound },
        description: "Gives the job its own template for a kind of e-mail. It is checked first: unknown variables, helpers or unescaped output answer 400.",
      },
      config: editors,
    },
    async (request, reply) => {
      await overrideTemplate(app.db, { principal: request.principal!, requestId: request.id }, request.params.id, request.params.kind, request.body)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/jobs/:id/email-templates/:kind',
    { schema: { tags, security, params: JobKindParams, response: { 204: Type.Null(), ...problemResponses, ...notFound }, description: 'Back to the default template.' }, config: editors },
    async (request, reply) => {
      await restoreDefaultTemplate(app.db, { principal: request.principal!, requestId: request.id }, request.params.id, request.params.kind)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/applications/:id/emails/:kind/preview',
    {
      schema: {
        tags, security, params: JobKindParams, response: { 200: EmailPreview, ...problemResponses, ...notFound },
        description: 'Renders a kind of e-mail for the application, with the job\'s template, without sending it.',
      },
      config: { access: access.roles('ADMIN', 'RECRUITER', 'HIRING_MANAGER') },
    },
    async (request) => previewEmail(app.db, request.principal!, app.config, request.params.id, request.params.kind),
  )
}

export default emailTemplateRoutes
