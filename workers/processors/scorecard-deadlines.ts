import type { Db } from '../../src/db/client.ts'
import { writeScorecardDeadlineEvents } from '../../src/services/scorecard-deadlines.ts'

/**
 * Every 15 minutes: reminders to panelists whose scorecard is overdue, and
 * escalations to the job's hiring managers past the second deadline, as outbox
 * rows (each written once). Returns counts only (kept on the finished job in Redis).
 */
export function chaseOverdueScorecards(db: Db, now: Date = new Date()): Promise<{ reminders: number; escalations: number }> {
  return writeScorecardDeadlineEvents(db, now)
}
