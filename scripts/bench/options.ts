import os from 'node:os'
import { parseArgs } from 'node:util'
import { DEFAULT_SIZE, defaultJobs } from '../seed-large/options.ts'

export const PAIRS = ['board', 'search', 'read', 'email', 'moves'] as const
export type PairName = (typeof PAIRS)[number]

export interface BenchOptions {
  candidates: number
  applications: number
  jobs: number
  /** Seconds each side of each pair is measured, after its warm-up. */
  seconds: number
  warmupSeconds: number
  connections: number
  /** The API's DATABASE_POOL_MAX (and the bare server's pool) during the bench. */
  apiPool: number
  database: string
  pairs: PairName[]
  output: string
}

export class BenchUsageError extends Error {
  override name = 'BenchUsageError'
}

export const benchUsage = `Usage: npm run bench [-- --candidates N --applications M --jobs J --duration S --warmup S --connections C --api-pool P --database NAME --pairs board,search,read,moves,email --output FILE]
Seeds (once) and measures five pairs on a dedicated database (default shortlist_bench, next to DATABASE_URL's):
the board and candidate search (p95 latency beside their raw SQL), reading one application (throughput beside a
bare Fastify + pg server), stage moves (per second beside pgbench -N), 10,000 e-mails end to end (beside bare nodemailer). Prints a table; writes JSON to var/bench/last.json.
Defaults: ${DEFAULT_SIZE.candidates} candidates, ${DEFAULT_SIZE.applications} applications, 10 s per side, 3 s warm-up, 16 connections,
an API pool of twice this machine's cores (${defaultApiPool()}).`

/**
 * The API's pool for the bench: PostgreSQL's rule of thumb of about two
 * connections per core of the database server (here the same machine). More
 * only queue inside PostgreSQL, where 16 backends take turns on two cores and
 * every request's latency stretches; queued in the pool, they wait for free.
 */
export function defaultApiPool(): number {
  return 2 * os.availableParallelism()
}

const whole = (name: string, text: string | undefined, fallback: number, min: number): number => {
  if (text === undefined) return fallback
  const value = Number(text.replaceAll('_', ''))
  if (!Number.isSafeInteger(value) || value < min) throw new BenchUsageError(`--${name} must be a whole number of at least ${min} (got ${JSON.stringify(text)})`)
  return value
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  let values: Record<string, string | undefined>
  try {
    const names = ['candidates', 'applications', 'jobs', 'duration', 'warmup', 'connections', 'api-pool', 'database', 'pairs', 'output'] as const
    values = parseArgs({ args: argv, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true }).values as Record<string, string | undefined>
  } catch (error) {
    throw new BenchUsageError((error as Error).message)
  }
  const candidates = whole('candidates', values.candidates, DEFAULT_SIZE.candidates, 1)
  const pairs = (values.pairs ?? PAIRS.join(',')).split(',').map((p) => p.trim()).filter(Boolean)
  const unknown = pairs.filter((p) => !(PAIRS as readonly string[]).includes(p))
  if (unknown.length || !pairs.length) throw new BenchUsageError(`--pairs takes a comma-separated list of ${PAIRS.join(', ')} (got ${JSON.stringify(values.pairs)})`)
  const database = values.database ?? 'shortlist_bench'
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new BenchUsageError('--database must be a plain lowercase PostgreSQL name')
  return {
    candidates,
    applications: whole('applications', values.applications, DEFAULT_SIZE.applications, 0),
    jobs: whole('jobs', values.jobs, defaultJobs(candidates), 1),
    seconds: whole('duration', values.duration, 10, 1),
    warmupSeconds: whole('warmup', values.warmup, 3, 0),
    connections: whole('connections', values.connections, 16, 1),
    apiPool: whole('api-pool', values['api-pool'], defaultApiPool(), 1),
    database,
    pairs: pairs as PairName[],
    output: values.output ?? 'var/bench/last.json',
  }
}
