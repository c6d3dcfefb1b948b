import pg from 'pg'
import type { CapturedStatement } from './capture-sql.ts'
import { LatencyRecorder, type Measured } from './latency.ts'

export interface SqlLoadJob {
  databaseUrl: string
  connections: number
  seconds: number
  warmupSeconds: number
  /** Each unit of work is a list of statements run in order on one connection (e.g. BEGIN … COMMIT). */
  units: CapturedStatement[][]
}

/**
 * The raw-SQL baseline: `connections` pg clients, each running the units in
 * turn as fast as it can for the given time, timing each unit from its first
 * statement sent to its last result parsed. No pool, no ORM, no HTTP.
 */
export async function runSqlLoad(job: SqlLoadJob): Promise<Measured> {
  const clients = await Promise.all(Array.from({ length: job.connections }, async () => {
    const client = new pg.Client({ connectionString: job.databaseUrl, application_name: 'shortlist-bench-baseline' })
    await client.connect()
    return client
  }))
  try {
    if (job.warmupSeconds > 0) await drive(clients, job.units, job.warmupSeconds, null)
    const recorder = new LatencyRecorder()
    const seconds = await drive(clients, job.units, job.seconds, recorder)
    return recorder.measured(seconds)
  } finally {
    await Promise.all(clients.map((c) => c.end()))
  }
}

async function drive(clients: pg.Client[], units: CapturedStatement[][], seconds: number, recorder: LatencyRecorder | null): Promise<number> {
  const started = performance.now()
  const deadline = started + seconds * 1000
  let next = 0
  await Promise.all(clients.map(async (client) => {
    while (performance.now() < deadline) {
      const unit = units[next++ % units.length]!
      const t0 = performance.now()
      try {
        // Prepared where the API prepares (queryRows' named statements), so both sides plan alike.
        for (const { text, values, name } of unit) await client.query(name ? { name, text, values } : { text, values })
        recorder?.record(performance.now() - t0)
      } catch {
        if (recorder) recorder.failures++
        await client.query('ROLLBACK').catch(() => {})
      }
    }
  }))
  return (performance.now() - started) / 1000
}
