import type { DbClient } from '../../db/client.ts'
import { Errors } from '../../errors.ts'
import { visibleApplications } from '../job-access.ts'
import { assertNotErased } from '../candidates.ts'
import type { Principal } from '../sessions.ts'

// Who may write a scorecard for which application, stage and interview.

export interface ScoringTarget {
  applicationId: string
  candidateId: string
  jobId: string
  stageId: string
  stageName: string
  templateId: string
}

/**
 * The application (404 outside the caller's jobs), and a stage of its job that
 * it is in or has been through: scorecards may come late, never early. The
 * stage's template is the one the scorecard is written on.
 */
export async function loadScoringTarget(db: DbClient, principal: Principal, applicationId: string, stageId: string): Promise<ScoringTarget> {
  const application = await db.application.findFirst({ where: { id: applicationId, ...visibleApplications(principal) }, select: { id: true, candidateId: true, jobId: true, stageId: true } })
  if (!application) throw new Errors.NotFound('Application')
  await assertNotErased(db, application.candidateId, 'no scorecard is written about them')
  const stage = await db.stage.findFirst({ where: { id: stageId, jobId: application.jobId }, select: { id: true, name: true, templateId: true, archivedAt: true } })
  if (!stage) throw new Errors.NotFound("Stage of the application's job")
  if (stage.archivedAt) throw new Errors.Conflict(`stage ${stage.name} is no longer in the plan (archived)`)
  if (stage.id !== application.stageId) {
    const reached = await db.stageTransition.findFirst({ where: { applicationId, toStageId: stageId }, select: { id: true } })
    if (!reached) throw new Errors.Conflict(`the application has not reached stage ${stage.name}: scorecards are written for its current stage or one it has been through`)
  }
  if (!stage.templateId) throw new Errors.Conflict(`stage ${stage.name} has no scorecard template: set one in the job's plan first`)
  return { applicationId: application.id, candidateId: application.candidateId, jobId: application.jobId, stageId: stage.id, stageName: stage.name, templateId: stage.templateId }
}

/**
 * Entering a scorecard for someone else (an interviewer's notes typed up after
 * a phone debrief) is for admins, recruiters and the job's hiring managers; an
 * interviewer writes only their own. Both people are recorded.
 */
async function mayEnterOnBehalf(db: DbClient, principal: Principal, jobId: string): Promise<boolean> {
  if (principal.role === 'ADMIN' || principal.role === 'RECRUITER') return true
  const member = await db.hiringTeamMember.findUnique({ where: { jobId_userId: { jobId, userId: principal.userId } }, select: { role: true } })
  return member?.role === 'HIRING_MANAGER'
}

/**
 * The author must be assigned: on the job's hiring team (any team role), and,
 * for a scorecard of an interview, on that interview's panel. Without an
 * interview any team member may score a stage (reviews and assessments have
 * none, and interviews may have been arranged outside Shortlist).
 * Refusals: 403 when it is the caller who is not assigned, 409 when it is the
 * person they are entering it for.
 */
export async function resolveAuthor(db: DbClient, principal: Principal, target: ScoringTarget, input: { authorId?: string; interviewId?: string | null }) {
  const authorId = (input.authorId ?? principal.userId).toLowerCase()
  const onBehalf = authorId !== principal.userId
  if (onBehalf && !(await mayEnterOnBehalf(db, principal, target.jobId))) {
    throw new Errors.Forbidden("enter a scorecard on behalf of another assessor (only admins, recruiters and the job's hiring managers may)")
  }
  const refuse = (why: string) => (onBehalf ? new Errors.Conflict(`user ${authorId} ${why}, so cannot author this scorecard`) : new Errors.Forbidden(`score this application: you ${why.replace(/^is/, 'are')}`))
  const member = await db.hiringTeamMember.findUnique({ where: { jobId_userId: { jobId: target.jobId, userId: authorId } }, select: { user: { select: { active: true } } } })
  if (!member) throw refuse("is not on the job's hiring team")
  if (!member.user.active) throw new Errors.Conflict(`user ${authorId} is deactivated, so cannot author a scorecard`)
  if (input.interviewId) {
    const interview = await db.interview.findFirst({
      where: { id: input.interviewId, applicationId: target.applicationId, stageId: target.stageId },
      select: { status: true, panel: { where: { userId: authorId, active: true }, select: { id: true } } },
    })
    if (!interview) throw new Errors.NotFound('Interview of this application at this stage')
    if (interview.status === 'CANCELLED') throw new Errors.Conflict('the interview was cancelled: score the stage without it, or the interview that took place')
    if (interview.panel.length === 0) throw refuse("is not on this interview's panel")
  }
  return { authorId, enteredById: onBehalf ? principal.userId : null }
}
