import type { DbClient } from '../../db/client.ts'
import { leniencyOf, noHistory, type Leniency } from './calibration.ts'

interface HistoryRow {
  authorId: string
  comparableRatings: number
  meanDifference: number | null
}

/**
 * Each assessor's leniency over all their submitted ratings. The panel mean of
 * the others comes from a window over (application, stage, attribute key):
 * (panel sum − own rating) / (panel count − 1). Attributes are matched by key,
 * so ratings made on different versions of a template still compare. Only the
 * (application, stage) pairs the assessors took part in are read, through the
 * (author_id, status) and (application_id, stage_id, author_id) indexes.
 */
export async function loadLeniencies(db: DbClient, authorIds: readonly string[]): Promise<Map<string, Leniency>> {
  const ids = [...new Set(authorIds)]
  const result = new Map<string, Leniency>(ids.map((id) => [id, noHistory]))
  if (ids.length === 0) return result
  const rows = await db.$queryRaw<HistoryRow[]>`
    WITH panels AS (
      SELECT DISTINCT application_id, stage_id FROM scorecards
       WHERE author_id = ANY(${ids}::uuid[]) AND status = 'SUBMITTED'
    ), rated AS (
      SELECT s.author_id, s.application_id, s.stage_id, a.key, r.rating
        FROM panels p
        JOIN scorecards s ON s.application_id = p.application_id AND s.stage_id = p.stage_id AND s.status = 'SUBMITTED'
        JOIN scorecard_ratings r ON r.scorecard_id = s.id AND r.rating IS NOT NULL
        JOIN scorecard_attributes a ON a.id = r.attribute_id
    ), compared AS (
      SELECT author_id, rating,
             sum(rating) OVER panel AS panel_sum,
             count(*) OVER panel AS panel_n
        FROM rated
      WINDOW panel AS (PARTITION BY application_id, stage_id, key)
    )
    SELECT author_id AS "authorId", count(*)::int AS "comparableRatings",
           avg(rating - (panel_sum - rating)::float8 / (panel_n - 1))::float8 AS "meanDifference"
      FROM compared
     WHERE panel_n > 1 AND author_id = ANY(${ids}::uuid[])
     GROUP BY author_id`
  for (const row of rows) result.set(row.authorId, leniencyOf(row))
  return result
}
