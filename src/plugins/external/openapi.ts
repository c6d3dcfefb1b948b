import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

// The OpenAPI 3.1 document is generated from the route schemas, never written
// by hand: /openapi.json serves it, /docs browses it.
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
    })
    await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
    fastify.get(
      '/openapi.json',
      { schema: { hide: true }, config: { access: { public: true } } },
      async () => fastify.swagger(),
    )
  },
  { name: 'openapi', dependencies: ['config'] },
)
