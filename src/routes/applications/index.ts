import type { FastifyPluginAsync } from 'fastify'
import applicationRecords from './records.ts'
import applicationMoves from './moves.ts'

// /applications: applying, reading and listing, and the moves through a job's plan.
const routes: FastifyPluginAsync = async (fastify) => {
  await fastify.register(applicationRecords)
  await fastify.register(applicationMoves)
}

export default routes
