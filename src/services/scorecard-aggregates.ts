import type { Db } from '../db/client.ts'
import type { HiringTeamRole } from '../generated/prisma/enums.ts'
import type { Principal } from './sessions.ts'
import { managesJob, seesAllJobs } from './job-access.ts'
import { recordOthersSeen } from './scorecard-visibility.ts'
import { loadLeniencies } from './aggregates/calibration-history.ts'
import { explanationLines } from './aggregates/explanations.ts'
import { loadPanels, loadStagePlans, type PanelRow, type StagePlan } from './aggregates/panels.ts'
import { aggregateAcrossStages, aggregateStage } from './aggregates/stage-aggregate.ts'
import { acrossStagesJson, stageAggregateJson } from './aggregates/json.ts'
import { Errors } from '../errors.ts'


interface AccessRow {
  jobId: string
  candidateId: string
  stageId: string
  teamRole: HiringTeamRole | null
  ownSubmittedStageIds: string[]
}

/**
 * Aggregates of an application's submitted scorecards, for one stage or for
 * every stage of the plan (plus archived stages that have scorecards).
 * Unknown and invisible applications answer the same 404. With a stageId, an
 * assessor who has not submitted their own scorecard for that stage gets 403
 * (the application is theirs to see, so hiding it would only confuse); without
 * one, such stages are left out and named in withheldStageIds.
 * Seeing the aggregate is seeing the others' scorecards: the first time is
 * recorded (scorecard_views and an audit event), as reading them is.
 */
export async function applicationAggregates(db: Db, principal: Principal, applicationId: string, stageId: string | undefined, requestId: string | null) {
  const [access] = await db.$queryRaw<AccessRow[]>`
    SELECT a.job_id AS "jobId", a.candidate_id AS "candidateId", a.stage_id AS "stageId", m.role::text AS "teamRole",
           ARRAY(SELECT s.stage_id::text FROM scorecards s
                  WHERE s.application_id = a.id AND s.author_id = ${principal.userId}::uuid AND s.status = 'SUBMITTED') AS "ownSubmittedStageIds"
      FROM applications a
      LEFT JOIN hiring_team_members m ON m.job_id = a.job_id AND m.user_id = ${principal.userId}::uuid
     WHERE a.id = ${applicationId}::uuid`
  if (!access || (!seesAllJobs(principal) && access.teamRole === null)) throw new Errors.NotFound('Application')
  const plans = await loadStagePlans(db, access.jobId)
  if (stageId && !plans.some((p) => p.id === stageId)) throw new Errors.NotFound('Stage')
  const unblind = managesJob(principal, access.teamRole)
  const own = new Set(access.ownSubmittedStageIds)
  if (stageId && !unblind && !own.has(stageId)) throw new Errors.Forbidden("see a stage's aggregates before submitting your own scorecard for it")

  const panels = await loadPanels(db, [applicationId], stageId ? [stageId] : plans.map((p) => p.id))
  const reported = plans.filter((p) => (stageId ? p.id === stageId : !p.archived || panels.some((c) => c.stageId === p.id)))
  const shown = reported.filter((p) => unblind || own.has(p.id))
  const shownPanels = panels.filter((c) => shown.some((p) => p.id === c.stageId))
  const leniencies = await loadLeniencies(db, shownPanels.map((c) => c.authorId))
  const seen = shownPanels.map((c) => ({ ...c, status: 'SUBMITTED' as const, jobId: access.jobId, candidateId: access.candidateId }))
  await recordOthersSeen(db, principal, seen, requestId)

  const stages = shown.map((plan) => ({ plan, aggregate: aggregateStage({ plan: plan.attributes, scorecards: panelOf(shownPanels, plan), leniencies }) }))
  return {
    applicationId,
    jobId: access.jobId,
    currentStageId: access.stageId,
    stages: stages.map(({ plan, aggregate }) => ({ ...stageHeader(plan), ...stageAggregateJson(aggregate) })),
    acrossStages: acrossStagesJson(aggregateAcrossStages(stages.map((s) => s.aggregate))),
    withheldStageIds: reported.filter((p) => !shown.includes(p)).map((p) => p.id),
    explanation: explanationLines('attribute', 'overall', 'disagreement', 'calibration', 'coverage', 'acrossStages'),
  }
}

const panelOf = (panels: PanelRow[], plan: StagePlan) => panels.filter((c) => c.stageId === plan.id)

export function stageHeader(plan: StagePlan) {
  return {
    stage: { id: plan.id, name: plan.name, position: plan.position, archived: plan.archived, requiredScorecards: plan.requiredScorecards },
    template: plan.template,
  }
}
