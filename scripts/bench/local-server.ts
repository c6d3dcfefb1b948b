import type { FastifyInstance } from 'fastify'
import type pg from 'pg'

/** A baseline server the bench loads: where it listens, its pool, and how to stop both. */
export interface LocalServer {
  origin: string
  pool: pg.Pool
  close: () => Promise<void>
}

/** Listens on a free loopback port; closing stops the server, then its pool. */
export async function listenLocally(app: FastifyInstance, pool: pg.Pool): Promise<LocalServer> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    origin: `http://127.0.0.1:${port}`,
    pool,
    close: async () => {
      await app.close()
      await pool.end()
    },
  }
}
