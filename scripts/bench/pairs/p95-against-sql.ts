import type { CapturedStatement } from '../capture-sql.ts'
import { loadServer } from '../http-load.ts'
import { alternate, summarize } from '../latency.ts'
import { latencySummary, type PairResult } from '../report.ts'
import { runSqlLoad } from '../sql-load.ts'
import { apiServer, type PairContext } from './context.ts'

/**
 * The shape of the board and search pairs: GET `paths` over HTTP, alternating
 * with the statements those requests run (`units`, captured from the service)
 * replayed straight through pg; the result compares p95 latencies against a target.
 */
export async function p95AgainstRawSql(
  ctx: PairContext,
  pair: { name: string; targetP95Ms: number; paths: string[]; units: CapturedStatement[][]; details: Record<string, unknown> },
): Promise<PairResult> {
  const [api, sql] = await alternate(ctx.seconds, ctx.warmupSeconds,
    (seconds, warmupSeconds) => loadServer(apiServer(ctx), { connections: ctx.connections, seconds, warmupSeconds, authorization: ctx.authorization, work: { kind: 'get', paths: pair.paths } }),
    (seconds, warmupSeconds) => runSqlLoad({ databaseUrl: ctx.databaseUrl, connections: ctx.connections, seconds, warmupSeconds, units: pair.units }))
  const ours = summarize(api)
  const baseline = summarize(sql)
  return {
    pair: pair.name, ours: latencySummary(ours), baseline: `${latencySummary(baseline)} raw SQL`,
    ratio: ours.p95 / baseline.p95, ratioOf: 'p95', target: `p95 ≤ ${pair.targetP95Ms} ms`, pass: ours.p95 <= pair.targetP95Ms && ours.failures === 0,
    details: { ...pair.details, ours, baseline },
  }
}
