import type { DbClient } from '../../src/db/client.ts'
import { DAY_MS } from '../../src/lib/time.ts'

/**
 * How long finished sessions are kept. Expired ones stay a week so "why was I
 * logged out?" can still be answered; revoked ones a month, because a revoked
 * session (logout, refresh-token reuse) is what a security review looks for.
 */
export const sessionRetention = { expiredGraceDays: 7, revokedRetentionDays: 30 }

export interface PurgeOptions {
  now?: Date
  expiredGraceDays?: number
  revokedRetentionDays?: number
  /** Rows per DELETE: short statements hold locks briefly and stay under the statement timeout. */
  batchSize?: number
}

export interface PurgeResult {
  sessionsDeleted: number
}

/**
 * Deletes sessions past expiry + grace and revoked sessions past retention.
 * Their refresh tokens go with them (ON DELETE CASCADE). Safe to run twice or
 * concurrently: a row deleted by one run is simply not found by the other.
 */
export async function purgeExpiredSessions(db: DbClient, options: PurgeOptions = {}): Promise<PurgeResult> {
  const now = options.now ?? new Date()
  const expiredBefore = new Date(now.getTime() - (options.expiredGraceDays ?? sessionRetention.expiredGraceDays) * DAY_MS)
  const revokedBefore = new Date(now.getTime() - (options.revokedRetentionDays ?? sessionRetention.revokedRetentionDays) * DAY_MS)
  const batchSize = options.batchSize ?? 5000
  let sessionsDeleted = 0
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM sessions WHERE id IN (
        SELECT id FROM sessions
        WHERE expires_at < ${expiredBefore} OR revoked_at < ${revokedBefore}
        LIMIT ${batchSize})`
    sessionsDeleted += deleted
    if (deleted < batchSize) return { sessionsDeleted }
  }
}
