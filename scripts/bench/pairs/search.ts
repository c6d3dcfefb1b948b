import { createCandidateSearch } from '../../../src/services/candidate-search.ts'
import { captureStatements, type CapturedStatement } from '../capture-sql.ts'
import type { PairResult } from '../report.ts'
import type { PairContext } from './context.ts'
import { p95AgainstRawSql } from './p95-against-sql.ts'

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
  const search = createCandidateSearch(ctx.api.app.db, ctx.api.app.pg)
  const units: CapturedStatement[][] = []
  for (const q of searchTerms) units.push((await captureStatements(() => search.searchCandidates(ctx.principal, q, {}, { limit: 20 }))).statements)
  const paths = searchTerms.map((q) => `/candidates/search?q=${encodeURIComponent(q)}`)
  return p95AgainstRawSql(ctx, { name: 'search', targetP95Ms: TARGET_P95_MS, paths, units, details: { terms: searchTerms } })
}
