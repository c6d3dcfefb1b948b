import type { Db, DbClient } from '../db/client.ts'
import type { HiringTeamRole, JobStatus, Role } from '../generated/prisma/enums.ts'
import type { Prisma } from '../generated/prisma/client.ts'
import type { Principal } from './sessions.ts'
import { Errors, invalidBody } from '../errors.ts'
import { type CreateJobBody, type TeamMemberInput, type UpdateJobBody } from '../schemas/jobs.ts'
import { recordAudit } from './audit.ts'
import { createStages, lockJob, readPlan, resolvePlan, type Actor } from './assessment-plans.ts'
import { visibleJobs } from './job-access.ts'

export const jobColumns = {
  id: true, title: true, description: true, department: true, location: true, status: true, openedAt: true, closedAt: true, createdById: true,
  stageMovedEmails: true, rejectionEmailDelayHours: true, scorecardReminderHours: true, scorecardEscalationHours: true, createdAt: true, updatedAt: true,
} as const

/**
 * Which account roles may hold each hiring-team role. Recruiting is for recruiters
 * (and admins); a job's hiring manager is a hiring manager (or an admin); anyone
 * who assesses candidates, interviewers and hiring managers alike, may interview.
 */
export const teamRoleFits: Record<HiringTeamRole, readonly Role[]> = {
  RECRUITER: ['ADMIN', 'RECRUITER'],
  HIRING_MANAGER: ['ADMIN', 'HIRING_MANAGER'],
  INTERVIEWER: ['INTERVIEWER', 'HIRING_MANAGER'],
}

// A job opens from DRAFT (first opening) or CLOSED (reopening); only an open job closes.
const opensFrom: readonly JobStatus[] = ['DRAFT', 'CLOSED']

/** Throws 404 for an unknown job and 409 unless it is OPEN; in a transaction it also share-locks the job row against a concurrent close. */
export async function assertJobOpen(db: DbClient, jobId: string): Promise<void> {
  const rows = await db.$queryRaw<{ status: JobStatus }[]>`SELECT status::text AS status FROM jobs WHERE id = ${jobId}::uuid FOR SHARE`
  const job = rows[0]
  if (!job) throw new Errors.NotFound('Job')
  if (job.status !== 'OPEN') throw new Errors.Conflict(`the job is ${job.status.toLowerCase()}: only an open job takes applications`)
}

/** Team members must be active users whose account role fits their team role; each user once. */
export async function checkTeam(db: DbClient, team: TeamMemberInput[], path: string): Promise<void> {
  const users = await db.user.findMany({ where: { id: { in: team.map((m) => m.userId) } }, select: { id: true, role: true, active: true } })
  const seen = new Set<string>()
  team.forEach((m, i) => {
    if (seen.has(m.userId)) throw invalidBody(`${path}/${i}/userId`, 'this user is already on the team')
    seen.add(m.userId)
    const user = users.find((u) => u.id === m.userId)
    if (!user) throw new Errors.NotFound(`User ${m.userId} (${path}/${i}/userId)`)
    if (!user.active) throw new Errors.Conflict(`user ${user.id} is deactivated and cannot join a hiring team`)
    const fits = teamRoleFits[m.role]
    if (!fits.includes(user.role)) throw new Errors.Conflict(`a ${m.role} team member needs an account with role ${fits.join(' or ')}; user ${user.id} is ${user.role}`)
  })
}

async function readTeam(db: DbClient, jobId: string) {
  const rows = await db.hiringTeamMember.findMany({ where: { jobId }, orderBy: [{ role: 'asc' }, { createdAt: 'asc' }], select: { userId: true, role: true, user: { select: { name: true } } } })
  return rows.map((m) => ({ userId: m.userId, role: m.role, name: m.user.name }))
}

function checkDeadlines(s: { scorecardReminderHours: number; scorecardEscalationHours: number }): void {
  if (s.scorecardEscalationHours < s.scorecardReminderHours) {
    throw invalidBody('/scorecardEscalationHours', 'must not be earlier than scorecardReminderHours (the escalation follows the reminder)')
  }
}

// Prisma passes `contains` to ILIKE as is: a % or _ typed by a user must match itself.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&')

export interface JobListQuery {
  limit: number
  after?: string
  status?: JobStatus[]
  createdAfter?: string
  createdBefore?: string
  q?: string
}

/** Jobs, hiring teams and their open/close life cycle. Plans: assessment-plans.ts. */
export function createJobsService(db: Db) {
  async function createJob(input: CreateJobBody, actor: Actor) {
    const { plan, team = [], ...fields } = input
    checkDeadlines({ scorecardReminderHours: fields.scorecardReminderHours ?? 24, scorecardEscalationHours: fields.scorecardEscalationHours ?? 72 })
    const id = await db.$transaction(async (tx) => {
      await checkTeam(tx, team, '/team')
      const stages = await resolvePlan(tx, plan)
      const job = await tx.job.create({ data: { ...fields, createdById: actor.userId }, select: { id: true } })
      await createStages(tx, job.id, stages)
      await tx.hiringTeamMember.createMany({ data: team.map((m) => ({ jobId: job.id, userId: m.userId, role: m.role })) })
      await recordAudit(tx, {
        action: 'job.created', actorId: actor.userId, entityType: 'job', entityId: job.id, jobId: job.id, requestId: actor.requestId,
        payload: { plan: plan && 'stages' in plan ? 'custom' : (plan?.preset ?? 'default'), stages: stages.length, team: team.map((m) => ({ userId: m.userId, role: m.role })) },
      })
      return job.id
    })
    return getJob(id)
  }

  /** A job with its team and live plan. Pass the principal to apply team visibility (404 outside it). */
  async function getJob(id: string, principal?: Principal) {
    const job = await db.job.findFirst({ where: { id, ...(principal ? visibleJobs(principal) : {}) }, select: jobColumns })
    if (!job) throw new Errors.NotFound('Job')
    const [team, plan] = await Promise.all([readTeam(db, id), readPlan(db, id)])
    return { ...job, team, plan }
  }

  /** Newest first, keyset-paginated on the time-ordered UUIDv7 id. */
  async function listJobs(principal: Principal, query: JobListQuery) {
    const where: Prisma.JobWhereInput = {
      AND: [
        visibleJobs(principal),
        query.status ? { status: { in: query.status } } : {},
        query.createdAfter || query.createdBefore ? { createdAt: { gte: query.createdAfter, lt: query.createdBefore } } : {},
        query.q ? { title: { contains: escapeLike(query.q), mode: 'insensitive' } } : {},
        query.after ? { id: { lt: query.after } } : {},
      ],
    }
    const rows = await db.job.findMany({ where, orderBy: { id: 'desc' }, take: query.limit + 1, select: jobColumns })
    const hasMore = rows.length > query.limit
    const items = hasMore ? rows.slice(0, query.limit) : rows
    return { items, next: hasMore ? items[items.length - 1]!.id : null }
  }

  async function updateJob(id: string, changes: UpdateJobBody, actor: Actor) {
    await db.$transaction(async (tx) => {
      await lockJob(tx, id)
      const current = await tx.job.findUniqueOrThrow({ where: { id }, select: { scorecardReminderHours: true, scorecardEscalationHours: true } })
      checkDeadlines({ ...current, ...changes })
      await tx.job.update({ where: { id }, data: changes })
      await recordAudit(tx, { action: 'job.updated', actorId: actor.userId, entityType: 'job', entityId: id, jobId: id, requestId: actor.requestId, payload: { fields: Object.keys(changes) } })
    })
    return getJob(id)
  }

  /** DRAFT → OPEN and CLOSED → OPEN (reopen), OPEN → CLOSED. Closing leaves applications as they are. */
  async function changeStatus(id: string, to: 'OPEN' | 'CLOSED', actor: Actor) {
    await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ status: JobStatus }[]>`SELECT status::text AS status FROM jobs WHERE id = ${id}::uuid FOR NO KEY UPDATE`
      const from = rows[0]?.status
      if (!from) throw new Errors.NotFound('Job')
      if (to === 'OPEN' && !opensFrom.includes(from)) throw new Errors.Conflict(`the job is already open: a job opens from draft or, to reopen it, from closed`)
      if (to === 'CLOSED' && from !== 'OPEN') throw new Errors.Conflict(`the job is ${from.toLowerCase()}: only an open job can be closed`)
      const now = new Date()
      // openedAt keeps the first opening (time to fill counts from it); closedAt the latest closing.
      const data = to === 'OPEN' ? { status: to, closedAt: null, ...(from === 'DRAFT' ? { openedAt: now } : {}) } : { status: to, closedAt: now }
      await tx.job.update({ where: { id }, data })
      const action = to === 'CLOSED' ? 'job.closed' : from === 'DRAFT' ? 'job.opened' : 'job.reopened'
      await recordAudit(tx, { action, actorId: actor.userId, entityType: 'job', entityId: id, jobId: id, requestId: actor.requestId, payload: { from, to } })
    })
    return getJob(id)
  }

  /** Replaces the whole hiring team; members who stay keep their row (and the date they joined). */
  async function replaceTeam(id: string, team: TeamMemberInput[], actor: Actor) {
    await db.$transaction(async (tx) => {
      await lockJob(tx, id)
      await checkTeam(tx, team, '/team')
      const before = new Map((await tx.hiringTeamMember.findMany({ where: { jobId: id }, select: { userId: true, role: true } })).map((m) => [m.userId, m.role]))
      const after = new Map(team.map((m) => [m.userId, m.role]))
      const removed = [...before.keys()].filter((userId) => !after.has(userId))
      const added = team.filter((m) => !before.has(m.userId))
      const roleChanged = team.filter((m) => before.has(m.userId) && before.get(m.userId) !== m.role)
      await tx.hiringTeamMember.deleteMany({ where: { jobId: id, userId: { in: removed } } })
      await tx.hiringTeamMember.createMany({ data: added.map((m) => ({ jobId: id, userId: m.userId, role: m.role })) })
      for (const m of roleChanged) await tx.hiringTeamMember.update({ where: { jobId_userId: { jobId: id, userId: m.userId } }, data: { role: m.role } })
      await recordAudit(tx, {
        action: 'job.team_changed', actorId: actor.userId, entityType: 'job', entityId: id, jobId: id, requestId: actor.requestId,
        payload: { added: added.map((m) => ({ userId: m.userId, role: m.role })), removed, roleChanged: roleChanged.map((m) => ({ userId: m.userId, role: m.role })) },
      })
    })
    return { team: await readTeam(db, id) }
  }

  const openJob = (id: string, actor: Actor) => changeStatus(id, 'OPEN', actor)
  const closeJob = (id: string, actor: Actor) => changeStatus(id, 'CLOSED', actor)
  return { createJob, getJob, listJobs, updateJob, openJob, closeJob, replaceTeam }
}
