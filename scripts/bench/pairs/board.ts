import { getBoard } from '../../../src/services/board.ts'
import { captureStatements, type CapturedStatement } from '../capture-sql.ts'
import type { PairResult } from '../report.ts'
import type { PairContext } from './context.ts'
import { p95AgainstRawSql } from './p95-against-sql.ts'

const TARGET_P95_MS = 50

/**
 * GET /jobs/:jobId/board over HTTP, beside the board service's own SQL run
 * straight through pg. Requests go round every job that has applications, in
 * a fixed shuffled order, so big and small boards mix as recruiters' would
 * (the seed makes the busiest jobs about 15 times the quietest).
 */
export async function benchBoard(ctx: PairContext): Promise<PairResult> {
  const { rows } = await ctx.db.query<{ job_id: string; n: number }>(
    `SELECT job_id, count(*)::int AS n FROM applications GROUP BY job_id ORDER BY md5(job_id::text)`)
  const units: CapturedStatement[][] = []
  for (const { job_id } of rows) units.push((await captureStatements(() => getBoard(ctx.api.app.pg, ctx.principal, job_id, 20))).statements)
  const sizes = rows.map((r) => r.n)
  ctx.log(`  ${rows.length} jobs, ${Math.min(...sizes)}–${Math.max(...sizes)} applications each`)
  const paths = rows.map((r) => `/jobs/${r.job_id}/board`)
  return p95AgainstRawSql(ctx, {
    name: 'board', targetP95Ms: TARGET_P95_MS, paths, units,
    details: { jobs: rows.length, applicationsPerJob: { min: Math.min(...sizes), max: Math.max(...sizes) }, statements: units[0]?.map((s) => s.text) },
  })
}
