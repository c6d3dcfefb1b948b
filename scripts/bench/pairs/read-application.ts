import { getApplication } from '../../../src/services/applications.ts'
import { startBareServer } from '../bare-server.ts'
import { captureStatements } from '../capture-sql.ts'
import { loadServer, type LoadedServer } from '../http-load.ts'
import { alternate, summarize } from '../latency.ts'
import { latencySummary, type PairResult } from '../report.ts'
import { apiServer, type PairContext } from './context.ts'

const TARGET_RATIO = 0.8
/** Distinct applications read, so the run is not one cached row. */
const APPLICATIONS = 4000

/**
 * GET /applications/:id (authenticated; stage, job, candidate and scorecard
 * summary) against a bare Fastify + pg server doing the same work: the same
 * JWT check, session statements and application statement, captured from the
 * API's own code. Both take the same list of ids through the same load generator.
 */
export async function benchReadApplication(ctx: PairContext): Promise<PairResult> {
  let { rows } = await ctx.db.query<{ id: string }>(`SELECT id FROM applications TABLESAMPLE SYSTEM (2) REPEATABLE (7) LIMIT ${APPLICATIONS}`)
  // A small database has too few pages for a 2% sample: take what there is.
  if (rows.length < APPLICATIONS) rows = (await ctx.db.query<{ id: string }>(`SELECT id FROM applications LIMIT ${APPLICATIONS}`)).rows
  if (!rows[0]) throw new Error('the bench database has no applications')
  const sample = rows[0]!.id
  const session = await captureStatements(() => ctx.api.app.sessions.principalFor(ctx.principal.sessionId, ctx.principal.userId))
  const read = await captureStatements(() => getApplication(ctx.api.app.pg, ctx.principal, sample))
  if (read.statements.length !== 1) throw new Error(`expected the application read to be one statement, captured ${read.statements.length}`)
  const bare = await startBareServer({
    databaseUrl: ctx.databaseUrl, poolSize: ctx.apiPool, jwtSecret: ctx.api.config.JWT_SECRET,
    session: { statements: session.statements, sessionId: ctx.principal.sessionId, userId: ctx.principal.userId },
    application: { statement: read.statements[0]!, applicationId: sample, userId: ctx.principal.userId },
  })
  const paths = rows.map((r) => `/applications/${r.id}`)
  const load = (server: LoadedServer) => (seconds: number, warmupSeconds: number) =>
    loadServer(server, { connections: ctx.connections, seconds, warmupSeconds, authorization: ctx.authorization, work: { kind: 'get', paths } })
  try {
    const [api, bareRuns] = await alternate(ctx.seconds, ctx.warmupSeconds, load(apiServer(ctx)), load(bare))
    const ours = summarize(api)
    const baseline = summarize(bareRuns)
    const ratio = ours.perSecond / baseline.perSecond
    return {
      pair: 'read application', ours: latencySummary(ours), baseline: `${latencySummary(baseline)} bare Fastify+pg`,
      ratio, ratioOf: 'throughput', target: `≥ ${TARGET_RATIO}× bare`, pass: ratio >= TARGET_RATIO && ours.failures === 0 && baseline.failures === 0,
      details: { applications: rows.length, sessionStatements: session.statements.map((s) => s.text), applicationStatement: read.statements[0]!.text, ours, baseline },
    }
  } finally {
    await bare.close()
  }
}
