import fp from 'fastify-plugin'
import type { Config } from '../../config.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

// Exposes the validated configuration buildApp was given.
export default fp<{ config: Config }>(
  async function config(fastify, opts) {
    fastify.decorate('config', opts.config)
  },
  { name: 'config' },
)
