import fp from 'fastify-plugin'
import swagger, { type SwaggerTransformObject } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

// The OpenAPI 3.1 document is generated from the route schemas, never written
// by hand: /openapi.json serves it, /docs browses it.
interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>
  [key: string]: unknown
}
interface Operation {
  parameters?: Array<{ required?: boolean; schema?: { default?: unknown } }>
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>
}

/**
 * Two facts route schemas cannot carry: errors go out as
 * application/problem+json (the error handler sets it), and a query parameter
 * with a default may be left out even though its TypeBox type is not optional.
 */
function describeWireFormat(document: OpenApiDocument): OpenApiDocument {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema && 'default' in parameter.schema) parameter.required = false
      }
      for (const response of Object.values(operation.responses ?? {})) {
        const json = response.content?.['application/json']
        if (json?.schema?.$ref?.endsWith('/Problem')) response.content = { 'application/problem+json': json }
      }
    }
  }
  return document
}

export default fp(
  async function openapi(fastify) {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Shortlist API',
          version: '1.0.0',
          description: 'Candidate assessment workflow: jobs, assessment plans, candidates, applications, scorecards, interviews.',
        },
        servers: [{ url: fastify.config.PUBLIC_URL }],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
      transformObject: (document) =>
        ('openapiObject' in document ? describeWireFormat(document.openapiObject as OpenApiDocument) : document.swaggerObject) as ReturnType<SwaggerTransformObject>,
    })
    await fastify.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Swagger UI styles some elements inline, which the plugin's CSP refuses
      // (a browser test catches it); helmet's document CSP allows inline styles
      // too. Nor may the docs be framed, like every other response here.
      transformStaticCSP: (csp) => csp.replace("style-src 'self' https:", "style-src 'self' https: 'unsafe-inline'").replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
    })
    fastify.get(
      '/openapi.json',
      { schema: { hide: true }, config: { access: { public: true } } },
      async () => fastify.swagger(),
    )
  },
  { name: 'openapi', dependencies: ['config'] },
)
