import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { eraseCandidate } from './candidate-erasure.ts'

/**
 * Candidates past the retention period: not erased, no active application, and
 * their last application closed more than `months` ago (or, never having
 * applied, created more than `months` ago).
 */
export async function candidatesPastRetention(db: Db, months: number, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM candidates c WHERE ${pastRetention(months)} ORDER BY c.id LIMIT ${limit}`
  return rows.map((r) => r.id)
}

/** The rule, as a condition on `candidates c`: listed above, checked again under the erasure's lock. */
function pastRetention(months: number): Prisma.Sql {
  return Prisma.sql`
    c.erased_at IS NULL AND EXISTS (
      SELECT 1 FROM (SELECT bool_or(a.status = 'ACTIVE') AS any_active, max(a.closed_at) AS last_closed, count(*) AS applications
                       FROM applications a WHERE a.candidate_id = c.id) a
       WHERE NOT coalesce(a.any_active, false)
         AND CASE WHEN a.applications = 0 THEN c.created_at ELSE a.last_closed END < now() - make_interval(months => ${months}::int))`
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
      const result = await eraseIfPastRetention(db, id, months)
      if (result.skipped) continue
      if (!result.alreadyErased) erased += 1
      resumeStorageKeys.push(...result.resumeStorageKeys)
    }
    if (ids.length < batchSize) break
  }
  return { erased, resumeStorageKeys }
}

/**
 * Erases one listed candidate if the rule still holds once they are locked: an
 * application may have come in since the list was read.
 */
export async function eraseIfPastRetention(db: Db, candidateId: string, months: number) {
  const stillDue = async (tx: DbClient) =>
    (await tx.$queryRaw<unknown[]>`SELECT 1 FROM candidates c WHERE c.id = ${candidateId}::uuid AND ${pastRetention(months)}`).length > 0
  return eraseCandidate(db, candidateId, { actorId: null, basis: 'retention', onlyIf: stillDue })
}
