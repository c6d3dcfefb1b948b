import fp from 'fastify-plugin'
import { createPrismaClient, type Db } from '../../db/client.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

// One Prisma client (one pg pool) per process; closed when the app closes.
export default fp(
  async function prisma(fastify) {
    const db = createPrismaClient(fastify.config, 'shortlist-api')
    await db.$connect()
    fastify.decorate('db', db)
    fastify.addHook('onClose', async () => {
      await db.$disconnect()
    })
  },
  { name: 'prisma', dependencies: ['config'] },
)
