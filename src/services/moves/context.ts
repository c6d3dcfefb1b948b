import { Prisma } from '../../generated/prisma/client.ts'
import type { SqlRows } from '../../db/client.ts'
import type { ApplicationStatus, HiringTeamRole, JobStatus, StageKind } from '../../generated/prisma/enums.ts'
import type { Principal } from '../sessions.ts'
import { seesAllJobs } from '../job-access.ts'
import { Errors } from '../../errors.ts'

export interface PlanStage {
  id: string
  name: string
  kind: StageKind
  position: number
  requiredScorecards: number
  archived: boolean
}

/** Everything a move is decided on, read in one statement. */
export interface MoveContext {
  application: { id: string; jobId: string; candidateId: string; stageId: string; status: ApplicationStatus; version: number }
  job: { status: JobStatus; stageMovedEmails: boolean; rejectionEmailDelayHours: number }
  candidate: { erased: boolean; emailOptOut: boolean }
  /** The principal's role on the job's hiring team, or null. */
  teamRole: HiringTeamRole | null
  /** Every stage of the job, archived ones included, in plan order. */
  plan: PlanStage[]
  /** Submitted scorecards of this application at its current stage. */
  submittedHere: number
  /** Another ACTIVE application of the same candidate to the same job, if any (what a reopen would clash with). */
  activeSiblingId: string | null
}

interface ContextRow {
  id: string
  jobId: string
  candidateId: string
  stageId: string
  status: ApplicationStatus
  version: number
  jobStatus: JobStatus
  stageMovedEmails: boolean
  rejectionEmailDelayHours: number
  erased: boolean
  emailOptOut: boolean
  teamRole: HiringTeamRole | null
  plan: PlanStage[]
  submittedHere: number
  activeSiblingId: string | null
}

/**
 * Reads the application, its job, plan and scorecard count. Unknown and
 * invisible applications answer the same 404. The read needs no lock: the write
 * that follows only succeeds if the version is still the one read here.
 * Prepared on the pool, this statement's planning cost five times its execution.
 */
export async function loadMoveContext(rows: SqlRows, principal: Principal, applicationId: string): Promise<MoveContext> {
  const [row] = await rows<ContextRow>(Prisma.sql`
    SELECT a.id, a.job_id AS "jobId", a.candidate_id AS "candidateId", a.stage_id AS "stageId", a.status::text AS status, a.version,
           j.status::text AS "jobStatus", j.stage_moved_emails AS "stageMovedEmails", j.rejection_email_delay_hours AS "rejectionEmailDelayHours",
           c.erased_at IS NOT NULL AS erased, c.email_opt_out AS "emailOptOut", m.role::text AS "teamRole",
           (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'kind', s.kind, 'position', s.position,
                                              'requiredScorecards', s.required_scorecards, 'archived', s.archived_at IS NOT NULL)
                            ORDER BY s.position, s.id)
              FROM stages s WHERE s.job_id = a.job_id) AS plan,
           (SELECT count(*)::int FROM scorecards x
             WHERE x.application_id = a.id AND x.stage_id = a.stage_id AND x.status = 'SUBMITTED') AS "submittedHere",
           (SELECT o.id FROM applications o
             WHERE o.candidate_id = a.candidate_id AND o.job_id = a.job_id AND o.status = 'ACTIVE' AND o.id <> a.id) AS "activeSiblingId"
      FROM applications a
      JOIN jobs j ON j.id = a.job_id
      JOIN candidates c ON c.id = a.candidate_id
      LEFT JOIN hiring_team_members m ON m.job_id = a.job_id AND m.user_id = ${principal.userId}::uuid
     WHERE a.id = ${applicationId}::uuid`, 'move_context')
  if (!row || (!seesAllJobs(principal) && row.teamRole === null)) throw new Errors.NotFound('Application')
  return {
    application: { id: row.id, jobId: row.jobId, candidateId: row.candidateId, stageId: row.stageId, status: row.status, version: row.version },
    job: { status: row.jobStatus, stageMovedEmails: row.stageMovedEmails, rejectionEmailDelayHours: row.rejectionEmailDelayHours },
    candidate: { erased: row.erased, emailOptOut: row.emailOptOut },
    teamRole: row.teamRole,
    plan: row.plan,
    submittedHere: row.submittedHere,
    activeSiblingId: row.activeSiblingId,
  }
}
