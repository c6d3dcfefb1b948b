import type { Db } from '../db/client.ts'
import { eraseCandidate } from './candidate-erasure.ts'

/**
 * Candidates past the retention period: not erased, no active application, and
 * their last application closed more than `months` ago (or, never having
 * applied, created more than `months` ago).
 */
export async function candidatesPastRetention(db: Db, months: number, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id
      FROM candidates c
      LEFT JOIN LATERAL (
        SELECT bool_or(a.status = 'ACTIVE') AS any_active, max(a.closed_at) AS last_closed, count(*) AS applications
          FROM applications a WHERE a.candidate_id = c.id
      ) a ON true
     WHERE c.erased_at IS NULL
       AND NOT coalesce(a.any_active, false)
       AND CASE WHEN a.applications = 0 THEN c.created_at ELSE a.last_closed END < now() - make_interval(months => ${months}::int)
     ORDER BY c.id
     LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/**
 * Applies the retention rule: erases every candidate past it, in batches, each
 * erasure its own transaction (one failure does not undo the others).
 * Returns the storage keys of resume files to delete.
 */
export async function applyRetention(db: Db, months: number, batchSize = 200): Promise<{ erased: number; resumeStorageKeys: string[] }> {
  if (months <= 0) return { erased: 0, resumeStorageKeys: [] }
  let erased = 0
  const resumeStorageKeys: string[] = []
  for (;;) {
    const ids = await candidatesPastRetention(db, months, batchSize)
    if (ids.length === 0) break
    for (const id of ids) {
      const result = await eraseCandidate(db, id, { actorId: null, basis: 'retention' })
      if (!result.alreadyErased) erased += 1
      resumeStorageKeys.push(...result.resumeStorageKeys)
    }
    if (ids.length < batchSize) break
  }
  return { erased, resumeStorageKeys }
}
