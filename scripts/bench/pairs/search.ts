import { createCandidateSearch } from '../../../src/services/candidate-search.ts'
import { captureStatements, type CapturedStatement } from '../capture-sql.ts'
import { runHttpLoad } from '../http-load.ts'
import { alternate, summarize } from '../latency.ts'
import { latencySummary, type PairResult } from '../report.ts'
import { runSqlLoad } from '../sql-load.ts'
import type { PairContext } from './context.ts'

const TARGET_P95_MS = 100

/**
 * What recruiters type: skills (common and rare), several words, names, a
 * quoted phrase, an exclusion, and misspellings that only the trigram half of
 * the search finds.
 */
export const searchTerms = [
  'PostgreSQL', 'Postgress', 'python django', 'Kubernets', 'redis kafka', 'Java Spring', 'nakamura', 'Pyton',
  'priya patel', 'elixir', 'typescript node.js', 'Elasticserch', '"ruby on rails"', 'golang', 'terraform aws -azure', 'Gonzales',
] as const

/** GET /candidates/search?q=… over HTTP, beside the search service's own statements run straight through pg. */
export async function benchSearch(ctx: PairContext): Promise<PairResult> {
  const search = createCandidateSearch(ctx.api.app.db)
  const units: CapturedStatement[][] = []
  for (const q of searchTerms) units.push((await captureStatements(() => search.searchCandidates(ctx.principal, q, {}, { limit: 20 }))).statements)
  const paths = searchTerms.map((q) => `/candidates/search?q=${encodeURIComponent(q)}`)
  const [api, sql] = await alternate(ctx.seconds, ctx.warmupSeconds,
    (seconds, warmupSeconds) => runHttpLoad({ origin: ctx.api.origin, connections: ctx.connections, seconds, warmupSeconds, authorization: ctx.authorization, work: { kind: 'get', paths } }),
    (seconds, warmupSeconds) => runSqlLoad({ databaseUrl: ctx.databaseUrl, connections: ctx.connections, seconds, warmupSeconds, units }))
  const ours = summarize(api)
  const baseline = summarize(sql)
  return {
    pair: 'search', ours: latencySummary(ours), baseline: `${latencySummary(baseline)} raw SQL`,
    ratio: ours.p95 / baseline.p95, ratioOf: 'p95', target: `p95 ≤ ${TARGET_P95_MS} ms`, pass: ours.p95 <= TARGET_P95_MS && ours.failures === 0,
    details: { terms: searchTerms, ours, baseline },
  }
}
