import type { Db } from '../../db/client.ts'
import { Errors } from '../../errors.ts'
import { listRevisions } from '../scorecard-revisions.ts'
import { recordOthersSeen, visibleScorecards } from '../scorecard-visibility.ts'
import { visibleApplications } from '../job-access.ts'
import type { Principal } from '../sessions.ts'
import { loadScorecard, loadScorecards } from './json.ts'

// Reading scorecards: what the reader may see is decided in SQL
// (scorecard-visibility.ts); seeing others' submitted scorecards is recorded.

export function createScorecardReads(db: Db) {
  /** One scorecard, or 404 when it does not exist or the reader may not see it (yet). */
  async function readableScorecard(principal: Principal, id: string, requestId: string | null) {
    const shown = await visibleScorecards(db, principal, { scorecardId: id })
    if (shown.length === 0) throw new Errors.NotFound('Scorecard')
    await recordOthersSeen(db, principal, shown, requestId)
  }

  async function getScorecard(principal: Principal, id: string, requestId: string | null) {
    await readableScorecard(principal, id, requestId)
    return loadScorecard(db, id)
  }

  async function getRevisions(principal: Principal, id: string, requestId: string | null) {
    await readableScorecard(principal, id, requestId)
    return { items: await listRevisions(db, id) }
  }

  /** An application's scorecards the reader may see, of one stage or all; 404 outside the reader's jobs. */
  async function listForApplication(principal: Principal, applicationId: string, stageId: string | undefined, requestId: string | null) {
    const application = await db.application.findFirst({ where: { id: applicationId, ...visibleApplications(principal) }, select: { jobId: true } })
    if (!application) throw new Errors.NotFound('Application')
    if (stageId && !(await db.stage.findFirst({ where: { id: stageId, jobId: application.jobId }, select: { id: true } }))) {
      throw new Errors.NotFound("Stage of the application's job")
    }
    const shown = await visibleScorecards(db, principal, { applicationId, stageId })
    await recordOthersSeen(db, principal, shown, requestId)
    return { items: await loadScorecards(db, shown.map((s) => s.id)) }
  }

  return { getScorecard, getRevisions, listForApplication }
}
