// npm run bench [-- --candidates N --applications M --duration S …] (see scripts/bench/options.ts)
// Measures the API on the large data set, each figure beside a baseline run in
// the same bench: the board and search (p95 vs their own SQL through pg), reading
// one application (throughput vs a bare Fastify + pg server), stage moves (per
// second vs pgbench -N). Prints a table and writes var/bench/last.json.
// Exit codes: 0 every target met · 2 a target missed · 1 failure · 3 refused
// (NODE_ENV=production) · 64 bad arguments.
import os from 'node:os'
import pg from 'pg'
import { DEMO_PASSWORD } from './lib/seed/demo-staff.ts'
import { staffEmail } from './seed-large/staff.ts'
import { logIn, startApi } from './bench/api-server.ts'
import { ensureBenchDatabase } from './bench/bench-database.ts'
import { BenchUsageError, benchUsage, parseBenchOptions, type BenchOptions, type PairName } from './bench/options.ts'
import { benchBoard } from './bench/pairs/board.ts'
import type { PairContext } from './bench/pairs/context.ts'
import { benchMoves } from './bench/pairs/moves.ts'
import { benchEmail } from './bench/pairs/email.ts'
import { benchReadApplication } from './bench/pairs/read-application.ts'
import { benchSearch } from './bench/pairs/search.ts'
import { formatTable, writeReport, type PairResult } from './bench/report.ts'

const EXIT = { missed: 2, refused: 3, usage: 64 } as const
const say = (line: string) => process.stdout.write(`${line}\n`)

const runners: Record<PairName, (ctx: PairContext) => Promise<PairResult>> = {
  board: benchBoard,
  search: benchSearch,
  read: benchReadApplication,
  // These two change data, last. The e-mail pair deletes what it adds; the
  // moves pair leaves a burst of writes behind (WAL, checkpoints) that would
  // weigh on the e-mail pair's commits, so it runs last of all.
  email: benchEmail,
  moves: benchMoves,
}

async function bench(options: BenchOptions): Promise<PairResult[]> {
  const baseUrl = process.env.DATABASE_URL ?? 'postgresql://shortlist:shortlist@127.0.0.1:5432/shortlist'
  const startedAt = new Date().toISOString()
  const data = await ensureBenchDatabase(baseUrl, options.database, { candidates: options.candidates, applications: options.applications, jobs: options.jobs }, say)
  const api = await startApi(data.url, options.apiPool)
  const db = new pg.Pool({ connectionString: data.url, max: 2, application_name: 'shortlist-bench' })
  try {
    const token = await logIn(api.origin, staffEmail('recruiter'), DEMO_PASSWORD)
    const claims = api.app.jwt.decode<{ sub: string; sid: string }>(token)
    const principal = claims && (await api.app.sessions.principalFor(claims.sid, claims.sub))
    if (!principal) throw new Error('the recruiter logged in but their session was not found')
    const ctx: PairContext = {
      api, authorization: `Bearer ${token}`, principal, databaseUrl: data.url, db,
      connections: options.connections, apiPool: options.apiPool, seconds: options.seconds, warmupSeconds: options.warmupSeconds, log: say,
    }
    say(`\nAPI at ${api.origin} (pool of ${options.apiPool}); ${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.seconds} s per side\n`)
    const pairs: PairResult[] = []
    for (const name of options.pairs) {
      say(`measuring ${name}…`)
      const result = await runners[name as PairName](ctx)
      say(`  ours:     ${result.ours}\n  baseline: ${result.baseline}`)
      pairs.push(result)
    }
    say(`\n${formatTable(pairs)}\n`)
    await writeReport(options.output, {
      startedAt,
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      data: { database: options.database, ...data.mark, seededThisRun: data.seededSeconds !== null },
      settings: { connections: options.connections, seconds: options.seconds, warmupSeconds: options.warmupSeconds, apiPool: options.apiPool },
      pairs,
    })
    say(`results written to ${options.output}`)
    return pairs
  } finally {
    await db.end()
    await api.close()
  }
}

async function main(): Promise<number> {
  let options: BenchOptions
  try {
    options = parseBenchOptions(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error
    process.stderr.write(`${error.message}\n\n${benchUsage}\n`)
    return EXIT.usage
  }
  // The bench database's accounts share the demo's published password.
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('Refusing to run the bench with NODE_ENV=production: it seeds accounts with a published password.\n')
    return EXIT.refused
  }
  const pairs = await bench(options)
  return pairs.every((p) => p.pass) ? 0 : EXIT.missed
}

process.exitCode = await main()
