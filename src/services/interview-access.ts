import type { DbClient } from '../db/client.ts'
import { Errors } from '../errors.ts'
import { seesAllJobs, teamRoleOn, visibleApplications } from './job-access.ts'
import type { Principal } from './sessions.ts'

/**
 * Who may book, move and cancel an application's interviews: admins and
 * recruiters, and the job's own hiring managers.
 */
async function assertSchedulerOf(db: DbClient, principal: Principal, jobId: string): Promise<void> {
  if (seesAllJobs(principal)) return
  if ((await teamRoleOn(db, principal, jobId)) !== 'HIRING_MANAGER') {
    throw new Errors.Forbidden("schedule interviews for this job (recruiters, admins and the job's hiring managers may)")
  }
}

/** The application, if the principal may schedule for it; 404 when they cannot see it (as for every per-job resource), 403 when they see it but may not. */
export async function assertMaySchedule(db: DbClient, principal: Principal, applicationId: string): Promise<void> {
  const application = await db.application.findFirst({ where: { id: applicationId, ...visibleApplications(principal) }, select: { jobId: true } })
  if (!application) throw new Errors.NotFound('Application')
  await assertSchedulerOf(db, principal, application.jobId)
}

/** The same for an interview's application, found through the interview in one read. */
export async function assertMayScheduleInterview(db: DbClient, principal: Principal, interviewId: string): Promise<void> {
  const interview = await db.interview.findFirst({ where: { id: interviewId, application: visibleApplications(principal) }, select: { application: { select: { jobId: true } } } })
  if (!interview) throw new Errors.NotFound('Interview')
  await assertSchedulerOf(db, principal, interview.application.jobId)
}
