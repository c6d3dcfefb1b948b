import type pg from 'pg'
import { queryRows } from '../db/client.ts'
import { isoFromJsonTimestamp } from '../db/json-timestamps.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { Board } from '../schemas/applications.ts'
import { encodeCursor } from '../schemas/pagination.ts'
import type { Principal } from './sessions.ts'
import { cursorOf } from './applications.ts'
import { seesAllJobs } from './job-access.ts'
import { Errors } from '../errors.ts'

/** A card as the statement sends it: [id, version, candidateId, firstName, lastName, stageEnteredAt, createdAt]. */
type BoardItemTuple = [string, number, string, string, string, string, string]
interface BoardStageRow {
  id: string; name: string; kind: Board['stages'][number]['stage']['kind']; position: number; requiredScorecards: number; slaDays: number | null
  count: number; items: BoardItemTuple[]
}
interface BoardRow {
  job: Board['job'] | null
  stages: BoardStageRow[]
  closed: Partial<Record<'HIRED' | 'REJECTED' | 'WITHDRAWN', number>> | null
}

/**
 * A job's pipeline in ONE statement: the job (null when unknown or not visible),
 * per live stage its active count and first page, and the closed totals. Counts
 * come from one GROUP BY over the job's rows; each stage's page is a LATERAL
 * LIMIT that walks the (job_id, stage_id, status, created_at, id) index, in the
 * order GET /applications continues with the stage's nextCursor.
 *
 * The board is the busiest read after a single application, so it is shaped
 * for cost (`npm run bench`, board pair): it runs on the pool as a prepared
 * statement (queryRows; planning it cost more than a small job's execution), and
 * cards travel as JSON arrays rather than objects, which halves the JSON
 * PostgreSQL builds and this process parses.
 */
export async function getBoard(pool: pg.Pool, principal: Principal, jobId: string, limit: number): Promise<Board> {
  const seesAll = seesAllJobs(principal)
  const visible = seesAll
    ? Prisma.sql`TRUE`
    : Prisma.sql`EXISTS (SELECT 1 FROM hiring_team_members m WHERE m.job_id = j.id AND m.user_id = ${principal.userId}::uuid)`
  const [row] = await queryRows<BoardRow>(pool, Prisma.sql`
    WITH job AS (
      SELECT j.id, j.title, j.status::text AS status FROM jobs j WHERE j.id = ${jobId}::uuid AND ${visible}
    ), counts AS (
      SELECT a.stage_id, a.status::text AS status, count(*)::int AS n
        FROM applications a WHERE a.job_id = (SELECT id FROM job) GROUP BY a.stage_id, a.status
    )
    SELECT
      (SELECT row_to_json(job) FROM job) AS job,
      (SELECT coalesce(json_agg(json_build_object(
                'id', s.id, 'name', s.name, 'kind', s.kind, 'position', s.position,
                'requiredScorecards', s.required_scorecards, 'slaDays', s.sla_days,
                'count', coalesce((SELECT n FROM counts k WHERE k.stage_id = s.id AND k.status = 'ACTIVE'), 0),
                'items', coalesce(page.items, '[]'::json)) ORDER BY s.position, s.id), '[]'::json)
         FROM stages s
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_array(a.id, a.version, a.candidate_id, c.first_name, c.last_name, a.stage_entered_at, a.created_at)
                           ORDER BY a.created_at, a.id) AS items
             FROM (SELECT a.id, a.version, a.candidate_id, a.stage_entered_at, a.created_at FROM applications a
                    WHERE a.job_id = s.job_id AND a.stage_id = s.id AND a.status = 'ACTIVE'
                    ORDER BY a.created_at, a.id LIMIT ${limit + 1}) a
             JOIN candidates c ON c.id = a.candidate_id
         ) page ON TRUE
        WHERE s.job_id = (SELECT id FROM job) AND s.archived_at IS NULL) AS stages,
      (SELECT json_object_agg(status, total) FROM (SELECT status, sum(n)::int AS total FROM counts WHERE status <> 'ACTIVE' GROUP BY status) t) AS closed`,
  seesAll ? 'board_all_jobs' : 'board_team_jobs')
  if (!row?.job) throw new Errors.NotFound('Job')
  return {
    job: row.job,
    stages: row.stages.map(({ count, items, ...stage }) => {
      const hasMore = items.length > limit
      const page = items.slice(0, limit).map(([id, version, candidateId, firstName, lastName, stageEnteredAt, createdAt]) => ({
        id,
        version,
        candidate: { id: candidateId, firstName, lastName },
        stageEnteredAt: isoFromJsonTimestamp(stageEnteredAt),
        createdAt: isoFromJsonTimestamp(createdAt),
      }))
      const last = page[page.length - 1]
      return { stage, count, items: page, nextCursor: hasMore && last ? encodeCursor(cursorOf({ id: last.id, createdAt: new Date(last.createdAt) })) : null }
    }),
    closed: { hired: row.closed?.HIRED ?? 0, rejected: row.closed?.REJECTED ?? 0, withdrawn: row.closed?.WITHDRAWN ?? 0 },
  }
}
