import type { ApplicationStatus } from '../../src/generated/prisma/enums.ts'
import { Json, type CopyValue } from './copy-rows.ts'
import type { SeedJob, SeedStage } from './jobs.ts'
import type { Random } from './random.ts'

const HOUR = 3_600_000

export const scorecardColumns = ['id', 'application_id', 'stage_id', 'template_id', 'author_id', 'status', 'recommendation', 'answers', 'revision', 'submitted_at', 'created_at', 'updated_at'] as const
export const revisionColumns = ['id', 'scorecard_id', 'revision', 'snapshot', 'author_id', 'created_at'] as const

export interface ScorecardRows { scorecards: CopyValue[][]; revisions: CopyValue[][] }

// Recommendations (1 strong no … 4 strong yes): those who moved on were mostly
// rated yes; those rejected where they were scored mostly no.
const PASSED = [5, 15, 50, 30]
const MIXED = [15, 25, 40, 20]
const FAILED = [35, 45, 15, 5]
/** How often an application in a scored stage already has some of its scorecards in. */
const CURRENT_STAGE_SCORED = 0.35

interface ScoredApplication { id: string; createdAt: number; stageEnteredAt: number; closedAt: number | null; status: ApplicationStatus; stageIndex: number }

/**
 * The scorecards an application has: for an active or hired one, all those the
 * stage before its current one required (it could not have left that stage
 * without them); and, for some active or rejected ones, part of the current
 * stage's, with now and then a draft. A submitted scorecard also gets its
 * revision 1 (the submission), as the scorecard history expects.
 */
export function scorecardsFor(random: Random, app: ScoredApplication, job: SeedJob, now: number): ScorecardRows {
  const rows: ScorecardRows = { scorecards: [], revisions: [] }
  const previous = app.stageIndex > 0 ? job.stages[app.stageIndex - 1]! : null
  if (previous?.templateId && (app.status === 'ACTIVE' || app.status === 'HIRED')) {
    const latest = app.stageEnteredAt - HOUR
    for (const author of random.sample(job.assessorIds, previous.requiredScorecards)) {
      const at = Math.max(app.createdAt, latest - random.next() * 48 * HOUR)
      submitted(random, rows, app.id, previous, author, 1 + random.weighted(PASSED), at)
    }
  }
  const current = job.stages[app.stageIndex]!
  if (current.templateId && current.requiredScorecards > 0 && (app.status === 'ACTIVE' || app.status === 'REJECTED') && random.chance(CURRENT_STAGE_SCORED)) {
    const authors = random.sample(job.assessorIds, current.requiredScorecards + 1)
    const count = random.int(1, current.requiredScorecards)
    const until = app.closedAt ?? now
    authors.forEach((author, i) => {
      const at = Math.floor(app.stageEnteredAt + (until - app.stageEnteredAt) * random.next())
      if (i < count) submitted(random, rows, app.id, current, author, 1 + random.weighted(app.status === 'REJECTED' ? FAILED : MIXED), at)
      else if (random.chance(0.25)) draft(random, rows, app.id, current, author, at)
    })
  }
  return rows
}

function submitted(random: Random, rows: ScorecardRows, applicationId: string, stage: SeedStage, authorId: string, recommendation: number, at: number) {
  const started = new Date(at - random.next() * 2 * HOUR)
  const id = random.uuidV7(started.getTime())
  const submittedAt = new Date(at)
  rows.scorecards.push([id, applicationId, stage.id, stage.templateId, authorId, 'SUBMITTED', recommendation, new Json({}), 1, submittedAt, started, submittedAt])
  rows.revisions.push([random.uuidV7(at), id, 1, new Json({ recommendation, ratings: {}, answers: {} }), authorId, submittedAt])
}

function draft(random: Random, rows: ScorecardRows, applicationId: string, stage: SeedStage, authorId: string, at: number) {
  rows.scorecards.push([random.uuidV7(at), applicationId, stage.id, stage.templateId, authorId, 'DRAFT', null, new Json({}), 0, null, new Date(at), new Date(at)])
}
