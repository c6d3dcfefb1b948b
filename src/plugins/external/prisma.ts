import fp from 'fastify-plugin'
import type pg from 'pg'
import { createPool, createPrismaClient, type Db } from '../../db/client.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** The pool behind `db`, for the hot-path reads in src/db/client.ts queryRows. */
    pg: pg.Pool
  }
}

// One pg pool per process, shared by Prisma and the hot-path reads; closed when the app closes.
export default fp(
  async function prisma(fastify) {
    const pool = createPool(fastify.config, 'shortlist-api')
    const db = createPrismaClient(fastify.config, 'shortlist-api', pool)
    await db.$connect()
    fastify.decorate('db', db)
    fastify.decorate('pg', pool)
    fastify.addHook('onClose', async () => {
      await db.$disconnect()
      if (!pool.ended) await pool.end()
    })
  },
  { name: 'prisma', dependencies: ['config'] },
)
