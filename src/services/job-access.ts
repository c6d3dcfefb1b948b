import type { DbClient } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { HiringTeamRole } from '../generated/prisma/enums.ts'
import type { Principal } from './sessions.ts'
import { Errors } from '../errors.ts'

/** Admins and recruiters see every job; hiring managers and interviewers only the jobs whose hiring team they are on. */
export function seesAllJobs(principal: Principal): boolean {
  return principal.role === 'ADMIN' || principal.role === 'RECRUITER'
}

/** A Prisma filter on Job limiting it to what the principal may see. */
export function visibleJobs(principal: Principal): Prisma.JobWhereInput {
  return seesAllJobs(principal) ? {} : { team: { some: { userId: principal.userId } } }
}

/** A Prisma filter on Application limiting it to the jobs the principal may see. */
export function visibleApplications(principal: Principal): Prisma.ApplicationWhereInput {
  return seesAllJobs(principal) ? {} : { job: visibleJobs(principal) }
}

/** A Prisma filter on Job limiting it to those the principal manages (see managesJob). */
export function managedJobs(principal: Principal): Prisma.JobWhereInput {
  return seesAllJobs(principal) ? {} : { team: { some: { userId: principal.userId, role: 'HIRING_MANAGER' } } }
}

/** A Prisma filter on Application limiting it to the jobs the principal manages. */
export function managedApplications(principal: Principal): Prisma.ApplicationWhereInput {
  return seesAllJobs(principal) ? {} : { job: managedJobs(principal) }
}

/** The SQL fragment "the principal may see this application's job", for raw queries aliasing applications as `a`. */
export function visibleToPrincipal(principal: Principal): Prisma.Sql {
  return onTeamOfJob(principal, Prisma.empty)
}

/** The SQL fragment "the principal manages this application's job" (see managesJob), for raw queries aliasing applications as `a`. */
export function managedByPrincipal(principal: Principal): Prisma.Sql {
  return onTeamOfJob(principal, Prisma.sql` AND m.role = 'HIRING_MANAGER'`)
}

function onTeamOfJob(principal: Principal, inRole: Prisma.Sql): Prisma.Sql {
  return seesAllJobs(principal)
    ? Prisma.sql`TRUE`
    : Prisma.sql`EXISTS (SELECT 1 FROM hiring_team_members m WHERE m.job_id = a.job_id AND m.user_id = ${principal.userId}::uuid${inRole})`
}

/**
 * Throws 404 when the job does not exist or the principal may not see it: the
 * same answer both ways, so job ids of other teams are not revealed.
 */
export async function assertJobVisible(db: DbClient, principal: Principal, jobId: string): Promise<void> {
  const found = await db.job.findFirst({ where: { id: jobId, ...visibleJobs(principal) }, select: { id: true } })
  if (!found) throw new Errors.NotFound('Job')
}

/**
 * Who owns a job's decisions and sees its team's opinions (notes, decisions,
 * every scorecard, the reasons given for moves): admins and recruiters, and the
 * job's hiring managers. A hiring-manager account that is only an interviewer
 * on this job is an interviewer here, blind to the others' scorecards until it
 * submits its own (the blind rule, as scorecard-visibility.ts applies it).
 */
export function managesJob(principal: Principal, teamRole: HiringTeamRole | null): boolean {
  return seesAllJobs(principal) || teamRole === 'HIRING_MANAGER'
}

/** The 403 for someone who sees the job but does not manage it; `refused` names what. */
export const notManaging = (refused: string) => new Errors.Forbidden(`${refused} (recruiters, admins and the job's hiring managers may)`)

/**
 * The application's job, if the principal manages it: 404 when they cannot
 * see the application (as for every per-job resource), 403 when they see it
 * but do not manage it. One read answers both.
 */
export async function assertManagesApplication(db: DbClient, principal: Principal, applicationId: string, refused: string): Promise<{ jobId: string }> {
  const [row] = await db.$queryRaw<Array<{ jobId: string; manages: boolean }>>`
    SELECT a.job_id AS "jobId", ${managedByPrincipal(principal)} AS manages FROM applications a
     WHERE a.id = ${applicationId}::uuid AND ${visibleToPrincipal(principal)}`
  if (!row) throw new Errors.NotFound('Application')
  if (!row.manages) throw notManaging(refused)
  return { jobId: row.jobId }
}

/**
 * A hiring manager schedules their own jobs' interviews, so they may look up
 * the free time of those jobs' teams, not of everyone: 404 for anyone else, as
 * for a user they cannot see. Admins and recruiters look up anyone.
 */
export async function assertSchedulesWith(db: DbClient, principal: Principal, userIds: string[]): Promise<void> {
  if (seesAllJobs(principal)) return
  const reachable = await db.hiringTeamMember.findMany({
    where: { userId: { in: userIds }, job: managedJobs(principal) },
    select: { userId: true },
    distinct: ['userId'],
  })
  if (reachable.length < new Set(userIds).size) throw new Errors.NotFound('User')
}
