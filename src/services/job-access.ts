import type { DbClient } from '../db/client.ts'
import type { Prisma } from '../generated/prisma/client.ts'
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
  return seesAllJobs(principal) ? {} : { job: { team: { some: { userId: principal.userId } } } }
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
