import type { DbClient } from '../db/client.ts'
import type { Prisma } from '../generated/prisma/client.ts'
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

/**
 * Throws 404 when the job does not exist or the principal may not see it: the
 * same answer both ways, so job ids of other teams are not revealed.
 */
export async function assertJobVisible(db: DbClient, principal: Principal, jobId: string): Promise<void> {
  const found = await db.job.findFirst({ where: { id: jobId, ...visibleJobs(principal) }, select: { id: true } })
  if (!found) throw new Errors.NotFound('Job')
}

/** The principal's role on the job's hiring team, or null. */
export async function teamRoleOn(db: DbClient, principal: Principal, jobId: string) {
  const member = await db.hiringTeamMember.findUnique({ where: { jobId_userId: { jobId, userId: principal.userId } }, select: { role: true } })
  return member?.role ?? null
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

/** 403 naming what was refused unless the principal manages the job (call it once the job is known to be visible). */
export async function assertManagesJob(db: DbClient, principal: Principal, jobId: string, refused: string): Promise<void> {
  if (seesAllJobs(principal)) return
  if (!managesJob(principal, await teamRoleOn(db, principal, jobId))) {
    throw new Errors.Forbidden(`${refused} (recruiters, admins and the job's hiring managers may)`)
  }
}

/** The application's job, if the principal manages it: 404 when they cannot see the application (as for every per-job resource), 403 when they see it but do not manage it. */
export async function assertManagesApplication(db: DbClient, principal: Principal, applicationId: string, refused: string): Promise<{ jobId: string }> {
  const application = await db.application.findFirst({ where: { id: applicationId, ...visibleApplications(principal) }, select: { jobId: true } })
  if (!application) throw new Errors.NotFound('Application')
  await assertManagesJob(db, principal, application.jobId, refused)
  return application
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
