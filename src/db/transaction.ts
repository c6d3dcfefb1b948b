import type pg from 'pg'

/**
 * Runs `work` in a transaction on one pooled connection: committed if it
 * returns, rolled back if it throws. For workers that write with plain SQL and
 * the hot reads that run on the pool; other request handlers use Prisma's
 * $transaction. `begin` may add settings to the BEGIN (one round trip).
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(begin)
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
