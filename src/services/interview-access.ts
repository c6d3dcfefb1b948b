import type { DbClient } from '../db/client.ts'
import { Errors } from '../errors.ts'
import { seesAllJobs, teamRoleOn, visibleApplications } from './job-access.ts'
import type { Principal } from './sessions.ts'

/**
 * Who may book, move and cancel an application's interviews: admins and
 * recruiters, and the job's own hiring managers. Anyone who cannot see the
 * application gets 404, as for every other per-job resource.
 */
export async function assertMaySchedule(db: DbClient, principal: Principal, applicationId: string): Promise<void> {
  const application = await db.application.findFirst({ where: { id: applicationId, ...visibleApplications(principal) }, select: { jobId: true } })
  if (!application) throw new Errors.NotFound('Application')
  if (seesAllJobs(principal)) return
  if ((await teamRoleOn(db, principal, application.jobId)) !== 'HIRING_MANAGER') {
    throw new Errors.Forbidden("schedule interviews for this job (recruiters, admins and the job's hiring managers may)")
  }
}

/** The interview's application, if the principal may see it; 404 otherwise. */
export async function visibleInterviewApplication(db: DbClient, principal: Principal, interviewId: string): Promise<string> {
  const interview = await db.interview.findFirst({ where: { id: interviewId, application: visibleApplications(principal) }, select: { applicationId: true } })
  if (!interview) throw new Errors.NotFound('Interview')
  return interview.applicationId
}
