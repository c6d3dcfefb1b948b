import type { DbClient } from '../../db/client.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import type { ApplicationStatus, HiringTeamRole } from '../../generated/prisma/enums.ts'
import type { Principal } from '../sessions.ts'
import { managesJob, seesAllJobs } from '../job-access.ts'
import { stageHeader } from '../scorecard-aggregates.ts'
import { recordOthersSeen } from '../scorecard-visibility.ts'
import { loadLeniencies } from './calibration-history.ts'
import { explanationLines } from './explanations.ts'
import { loadPanels, loadStagePlans } from './panels.ts'
import { aggregateStage, type AttributeDef, type StageAggregate } from './stage-aggregate.ts'
import { rounded } from './weighted-scores.ts'
import { Errors } from '../../errors.ts'
import { isUuidCursor } from '../../schemas/pagination.ts'

export type RankBy = 'calibrated' | 'raw'
/** The full sort key of a row: ranked score, the other score, application id. Scores are null when nothing was rated. */
export type ComparisonCursor = [ranked: number | null, other: number | null, applicationId: string]
export const isComparisonCursor = (v: unknown): v is ComparisonCursor =>
  Array.isArray(v) && v.length === 3 && (v[0] === null || Number.isFinite(v[0])) && (v[1] === null || Number.isFinite(v[1])) &&
  typeof v[2] === 'string' && isUuidCursor(v[2])

export interface ComparisonQuery {
  include: 'active' | 'all'
  rankBy: RankBy
  limit: number
  after?: ComparisonCursor
}

interface CandidateRow {
  id: string
  status: ApplicationStatus
  version: number
  stageId: string
  candidateId: string
  firstName: string
  lastName: string
}

/**
 * A job's candidates at one stage side by side, best first by overall weighted
 * score (calibrated by default, raw on request; unscored last, then by the
 * other score, then by application id). Every application at the stage is
 * scored to be ranked, so a page is a slice of one ordering; the cursor holds
 * the last row's full sort key, so paging never skips or repeats a row while
 * the scores stand still. Only those who see every scorecard may compare.
 * Seeing a row is seeing its panel's scorecards: the first time for each
 * application on the page is recorded, as reading them is (scorecard-visibility.ts).
 */
export async function compareAtStage(db: DbClient, principal: Principal, jobId: string, stageId: string, query: ComparisonQuery, requestId: string | null = null) {
  const [job] = await db.$queryRaw<Array<{ title: string; teamRole: HiringTeamRole | null }>>`
    SELECT j.title, m.role::text AS "teamRole" FROM jobs j
      LEFT JOIN hiring_team_members m ON m.job_id = j.id AND m.user_id = ${principal.userId}::uuid
     WHERE j.id = ${jobId}::uuid`
  if (!job || (!seesAllJobs(principal) && job.teamRole === null)) throw new Errors.NotFound('Job')
  if (!managesJob(principal, job.teamRole)) throw new Errors.Forbidden("compare candidates (only the job's hiring managers, recruiters and admins may)")
  const plan = (await loadStagePlans(db, jobId)).find((p) => p.id === stageId)
  if (!plan) throw new Errors.NotFound('Stage')

  const atStage = query.include === 'active'
    ? Prisma.sql`a.stage_id = ${stageId}::uuid AND a.status = 'ACTIVE'`
    : Prisma.sql`(a.stage_id = ${stageId}::uuid OR EXISTS (SELECT 1 FROM scorecards s WHERE s.application_id = a.id AND s.stage_id = ${stageId}::uuid AND s.status = 'SUBMITTED'))`
  const applications = await db.$queryRaw<CandidateRow[]>`
    SELECT a.id, a.status::text AS status, a.version, a.stage_id AS "stageId", c.id AS "candidateId", c.first_name AS "firstName", c.last_name AS "lastName"
      FROM applications a JOIN candidates c ON c.id = a.candidate_id
     WHERE a.job_id = ${jobId}::uuid AND ${atStage}`
  const panels = await loadPanels(db, applications.map((a) => a.id), [stageId])
  const leniencies = await loadLeniencies(db, panels.map((c) => c.authorId))
  const scored = applications.map((application) => {
    const aggregate = aggregateStage({ plan: plan.attributes, scorecards: panels.filter((c) => c.applicationId === application.id), leniencies })
    return { application, aggregate, key: sortKey(aggregate, application.id, query.rankBy) }
  })
  scored.sort((x, y) => compareKeys(x.key, y.key))
  const ranked = scored.map((row, i) => ({ ...row, rank: i + 1 }))
  const after = query.after
  const remaining = after ? ranked.filter((row) => compareKeys(row.key, after) > 0) : ranked
  const page = remaining.slice(0, query.limit)
  const last = page[page.length - 1]
  // Only the page's rows show their panels' scores (the other rows count only in
  // the ranks and the total), so only they are recorded; one write for the page.
  const shown = page.flatMap(({ application }) => panels
    .filter((c) => c.applicationId === application.id)
    .map((c) => ({ ...c, status: 'SUBMITTED' as const, jobId, candidateId: application.candidateId })))
  await recordOthersSeen(db, principal, shown, requestId)
  const columns = attributeColumns(plan.attributes, scored.map((s) => s.aggregate))
  return {
    job: { id: jobId, title: job.title },
    ...stageHeader(plan),
    include: query.include,
    rankBy: query.rankBy,
    total: ranked.length,
    attributes: columns,
    items: page.map((row) => itemJson(row.rank, row.application, row.aggregate, columns)),
    next: remaining.length > page.length && last ? last.key : null,
    explanation: [
      `Ranked by the ${query.rankBy} overall score, best first; applications with no rated attribute come last; ties by the other score, then by application id.`,
      ...explanationLines('attribute', 'overall', 'disagreement', 'calibration', 'coverage'),
    ],
  }
}

function sortKey(a: StageAggregate, applicationId: string, rankBy: RankBy): ComparisonCursor {
  const [ranked, other] = rankBy === 'calibrated' ? [a.overall.calibrated, a.overall.raw] : [a.overall.raw, a.overall.calibrated]
  return [ranked, other, applicationId]
}

/** Descending scores with nulls last, then ascending id: the order of the list and of its cursor. */
export function compareKeys(x: ComparisonCursor, y: ComparisonCursor): number {
  for (const i of [0, 1] as const) {
    const a = x[i]
    const b = y[i]
    if (a === b) continue
    if (a === null) return 1
    if (b === null) return -1
    return b - a
  }
  return x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0
}

/** The columns of the table: the stage template's attributes, then any other key rated at this stage. */
function attributeColumns(plan: AttributeDef[] | null, aggregates: StageAggregate[]): AttributeDef[] {
  const columns = new Map<string, AttributeDef>()
  for (const a of plan ?? []) columns.set(a.key, { key: a.key, name: a.name, section: a.section, weight: a.weight })
  const extra = new Map<string, AttributeDef>()
  for (const aggregate of aggregates) {
    for (const a of aggregate.attributes) if (!columns.has(a.key)) extra.set(a.key, { key: a.key, name: a.name, section: a.section, weight: a.weight })
  }
  return [...columns.values(), ...[...extra.values()].sort((a, b) => a.key.localeCompare(b.key))]
}

function itemJson(rank: number, application: CandidateRow, a: StageAggregate, columns: Array<{ key: string }>) {
  const { candidateId, firstName, lastName, ...own } = application
  return {
    rank,
    application: own,
    candidate: { id: candidateId, firstName, lastName },
    submittedScorecards: a.assessors.length,
    overall: { raw: rounded(a.overall.raw), calibrated: rounded(a.overall.calibrated) },
    attributes: columns.map(({ key }) => {
      const x = a.attributes.find((attribute) => attribute.key === key)
      return { key, n: x?.n ?? 0, mean: rounded(x?.mean ?? null), calibratedMean: rounded(x?.calibratedMean ?? null), disagreement: x?.disagreement ?? false }
    }),
    recommendations: {
      strongNo: a.recommendations.strongNo, no: a.recommendations.no, yes: a.recommendations.yes, strongYes: a.recommendations.strongYes,
      noOpinion: a.recommendations.noOpinion, mean: rounded(a.recommendations.mean), disagreement: a.recommendations.disagreement,
    },
    unratedAttributes: a.coverage.unrated.map((u) => u.key),
  }
}
