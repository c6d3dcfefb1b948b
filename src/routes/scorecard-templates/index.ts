import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { access } from '../../plugins/app/access-control.ts'
import { IdParams, problemResponses } from '../../schemas/common.ts'
import { decodeCursor, encodeCursor, isUuidCursor, Page } from '../../schemas/pagination.ts'
import { AttributeLibrary, CreateTemplateBody, ListTemplatesQuery, Template, TemplateSummary, UpdateTemplateBody } from '../../schemas/scorecard-templates.ts'
import { createScorecardTemplatesService } from '../../services/scorecard-templates.ts'
import { templateJson, templateSummaryJson } from './json.ts'

const problem = Type.Ref('Problem')

// Scorecard templates (prefix /scorecard-templates). Everyone reads the
// organisation's templates and those of the jobs they can see; admins write
// any, a job's hiring managers write that job's.
const scorecardTemplates: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const service = createScorecardTemplatesService(app.db)
  const tags = ['scorecard-templates']
  const security = [{ bearerAuth: [] }]
  const readers = { access: access.anyUser }
  const writers = { access: access.roles('ADMIN', 'HIRING_MANAGER') }
  const actorOf = (request: FastifyRequest) => ({ userId: request.principal!.userId, requestId: request.id })

  app.get(
    '',
    { schema: { tags, security, querystring: ListTemplatesQuery, response: { 200: Page(TemplateSummary), ...problemResponses } }, config: readers },
    async (request) => {
      const { cursor, ...filters } = request.query
      const after = decodeCursor(cursor, isUuidCursor)
      const page = await service.listTemplates(request.principal!, { ...filters, after })
      return { items: page.items.map(templateSummaryJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  )

  app.get(
    '/attribute-library',
    {
      schema: { tags, security, description: 'The default attributes Shortlist ships (from the job description), to copy into templates.', response: { 200: AttributeLibrary, ...problemResponses } },
      config: readers,
    },
    async () => service.attributeLibrary(),
  )

  app.get(
    '/:id',
    { schema: { tags, security, params: IdParams, response: { 200: Template, ...problemResponses, 404: problem } }, config: readers },
    async (request) => templateJson(await service.getTemplate(request.principal!, request.params.id)),
  )

  app.post(
    '',
    { schema: { tags, security, body: CreateTemplateBody, response: { 201: Template, ...problemResponses, 404: problem } }, config: writers },
    async (request, reply) => {
      const template = await service.createTemplate(request.principal!, request.body, actorOf(request))
      return reply.code(201).header('location', `/scorecard-templates/${template.id}`).send(templateJson(template))
    },
  )

  app.put(
    '/:id',
    {
      schema: {
        tags, security, params: IdParams, body: UpdateTemplateBody,
        description:
          'Replaces the template. While no scorecard uses it, it changes in place (200, same id). Once one does (draft or submitted), ' +
          'a new version of the same lineage is created (201, Location of the new version) and this one is archived: scorecards keep ' +
          'the version they were written on, and the live stages of draft and open jobs switch to the new version.',
        response: { 200: Template, 201: Template, ...problemResponses, 404: problem, 409: problem },
      },
      config: writers,
    },
    async (request, reply) => {
      const result = await service.updateTemplate(request.principal!, request.params.id, request.body, actorOf(request))
      if (!result.versioned) return templateJson(result.template)
      return reply.code(201).header('location', `/scorecard-templates/${result.templateId}`).send(templateJson(result.template))
    },
  )
}

export default scorecardTemplates
