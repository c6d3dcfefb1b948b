import type { Db, DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import { eraseCandidate } from './candidate-erasure.ts'

/**
 * Candidates past the retention period: not erased, no active application, and
 * their last application closed more than `months` ago (or, never having
 * applied, created more than `months` ago).
 */
export async function candidatesPastRetention(db: Db, months: number, limit: number, after?: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM candidates c WHERE ${pastRetention(months)} ${after ? Prisma.sql`AND c.id > ${after}::uuid` : Prisma.empty} ORDER BY c.id LIMIT ${limit}`
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
 * erasure its own transaction (one failure does not undo the others). The
 * batches walk the ids in order, so a candidate whose erasure fails is passed
 * over (and reported) instead of being retried first on every batch and every
 * day, holding up everyone after them.
 */
export async function applyRetention(db: Db, months: number, batchSize = 200): Promise<{ erased: number; failed: string[] }> {
  const result = { erased: 0, failed: [] as string[] }
  if (months <= 0) return result
  let after: string | undefined
  for (;;) {
    const ids = await candidatesPastRetention(db, months, batchSize, after)
    for (const id of ids) {
      try {
        const erasure = await eraseIfPastRetention(db, id, months)
        if (!erasure.alreadyErased && !erasure.skipped) result.erased += 1
      } catch {
        result.failed.push(id)
      }
    }
    if (ids.length < batchSize) break
    after = ids.at(-1)
  }
  return result
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
