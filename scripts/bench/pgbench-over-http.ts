import Fastify from 'fastify'
import pg from 'pg'
import { listenLocally, type LocalServer } from './local-server.ts'
import { randomInt } from 'node:crypto'

/** pgbench -i at scale 1: its accounts, branches and tellers. */
const SCALE = { accounts: 100_000, branches: 1, tellers: 10 }

// pgbench's -N script (update an account, select it, insert history) as one
// statement: one round trip and one implicit transaction, where pgbench sends
// five. The cheapest way to ask PostgreSQL for that work.
const ONE_TRANSACTION = `
  WITH account AS (UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2 RETURNING aid, abalance),
       history AS (INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) SELECT $3, $4, aid, $1, CURRENT_TIMESTAMP FROM account)
  SELECT abalance FROM account`

/**
 * The ceiling for the stage-moves pair: pgbench's own -N transaction, in one
 * statement, run once per HTTP request by plain Fastify on a pg pool, with no
 * auth, no validation, no ORM.
 *
 * A stage move does strictly more than this (a session check; an update of a
 * wider, more indexed row; three inserts where this makes one) behind the same
 * HTTP round trip, so what this server reaches over pgbench is the most any
 * HTTP service could reach for moves on this machine.
 */
export async function startPgbenchOverHttp(options: { databaseUrl: string; poolSize: number }): Promise<LocalServer> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize, application_name: 'shortlist-bench-pgbench-http' })
  const app = Fastify({ logger: false })

  app.post('/transactions', async () => {
    const { rows } = await pool.query<{ abalance: number }>({ name: 'pgbench-over-http', text: ONE_TRANSACTION, values: [randomInt(-5000, 5001), randomInt(1, SCALE.accounts + 1), randomInt(1, SCALE.tellers + 1), randomInt(1, SCALE.branches + 1)] })
    return { balance: rows[0]?.abalance }
  })

  return listenLocally(app, pool)
}
