import type { FastifyPluginAsync } from 'fastify'
import applicationExport from './export.ts'
import applicationRecords from './records.ts'
import applicationMoves from './moves.ts'

// /applications: applying, reading, listing and exporting, and the moves through a job's plan.
const routes: FastifyPluginAsync = async (fastify) => {
  // Before /:id, for whoever reads this: the router would pick the static
  // /export over /:id in any order, and /:id's uuid schema would 400 "export".
  await fastify.register(applicationExport)
  await fastify.register(applicationRecords)
  await fastify.register(applicationMoves)
}

export default routes
