import { v7 as uuidv7 } from 'uuid'
import type { DbClient } from '../../db/client.ts'
import type { Principal } from '../sessions.ts'
import { changedApplicationColumns, toWriteResult, transitionEffects, type ChangedRow } from './record.ts'
import { Errors } from '../../errors.ts'

export interface ApplyRequest {
  principal: Principal
  candidateId: string
  jobId: string
  stageId?: string
  requestId: string | null
}

/**
 * A unique index refused the write: P2002 from Prisma's model API, SQLSTATE
 * 23505 inside P2010 from a raw query, or 23505 itself from pg on the pool.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } } | null
  if (e?.code === 'P2002' || e?.code === '23505') return true
  const cause = e?.meta?.driverAdapterError?.cause
  return e?.code === 'P2010' && (e.meta?.code === '23505' || cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation')
}

/** The 409 for "a candidate has at most one active application per job", naming the one that exists; null when none does. */
export async function activeApplicationConflict(db: DbClient, candidateId: string, jobId: string) {
  const existing = await db.application.findFirst({ where: { candidateId, jobId, status: 'ACTIVE' }, select: { id: true } })
  return existing ? new Errors.Conflict(`the candidate already has an active application for this job (${existing.id})`) : null
}

/**
 * Applies a candidate to an open job: the application, its APPLIED transition,
 * the audit event and the "application received" outbox row, in one statement
 * (so one transaction), as every move writes them.
 */
export async function applyToJob(db: DbClient, req: ApplyRequest) {
  const [job, candidate] = await Promise.all([
    db.job.findUnique({
      where: { id: req.jobId },
      select: {
        status: true, stageMovedEmails: true, rejectionEmailDelayHours: true,
        stages: { where: { archivedAt: null }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { id: true } },
      },
    }),
    db.candidate.findUnique({ where: { id: req.candidateId }, select: { erasedAt: true, emailOptOut: true } }),
  ])
  if (!job) throw new Errors.NotFound('Job')
  if (!candidate) throw new Errors.NotFound('Candidate')
  if (job.status !== 'OPEN') throw new Errors.Conflict(`the job is ${job.status === 'CLOSED' ? 'closed' : 'not open'}: it takes no applications`)
  if (candidate.erasedAt) throw new Errors.Conflict("the candidate's personal data has been erased: they cannot apply again")
  const stageId = await startingStage(db, req.jobId, req.stageId, job.stages[0]?.id)
  const conflict = await activeApplicationConflict(db, req.candidateId, req.jobId)
  if (conflict) throw conflict

  const at = new Date()
  const effects = transitionEffects({
    kind: 'APPLIED', fromStageId: null, toStageId: stageId, fromStatus: null, toStatus: 'ACTIVE', reason: null, overridden: false,
    actorId: req.principal.userId, requestId: req.requestId, at,
    notification: { stageMovedEmails: job.stageMovedEmails, rejectionEmailDelayHours: job.rejectionEmailDelayHours, emailOptOut: candidate.emailOptOut },
  })
  try {
    const [row] = await db.$queryRaw<ChangedRow[]>`
      WITH changed AS (
        INSERT INTO applications (id, candidate_id, job_id, stage_id, status, version, stage_entered_at, created_at, updated_at)
        SELECT ${uuidv7()}::uuid, ${req.candidateId}::uuid, ${req.jobId}::uuid, ${stageId}::uuid, 'ACTIVE', 1,
               ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
         -- Checked above, and again here under share locks: a job closing, the
         -- stage being archived or the candidate being erased at this moment
         -- waits for us, or we insert nothing.
         WHERE EXISTS (SELECT 1 FROM jobs WHERE id = ${req.jobId}::uuid AND status = 'OPEN' FOR SHARE)
           AND EXISTS (SELECT 1 FROM stages WHERE id = ${stageId}::uuid AND archived_at IS NULL FOR SHARE)
           AND EXISTS (SELECT 1 FROM candidates WHERE id = ${req.candidateId}::uuid AND erased_at IS NULL FOR SHARE)
        RETURNING *
      ), ${effects}
      SELECT ${changedApplicationColumns} FROM changed c CROSS JOIN transition t`
    // Nothing inserted: the job closed, the stage left the plan or the candidate was erased meanwhile.
    if (!row) throw new Errors.Conflict('the job closed, its plan changed or the candidate was erased while applying: no application was made')
    return toWriteResult(row)
  } catch (error) {
    // A concurrent apply won the race to the partial unique index.
    if (isUniqueViolation(error)) throw (await activeApplicationConflict(db, req.candidateId, req.jobId)) ?? error
    throw error
  }
}

/** The stage asked for (it must be a current stage of this job), else the first of the plan. */
async function startingStage(db: DbClient, jobId: string, requested: string | undefined, first: string | undefined): Promise<string> {
  if (!requested) {
    if (!first) throw new Errors.Conflict('the job has no stages in its assessment plan')
    return first
  }
  const stage = await db.stage.findUnique({ where: { id: requested }, select: { jobId: true, name: true, archivedAt: true } })
  if (!stage || stage.jobId !== jobId) throw new Errors.NotFound('Stage')
  if (stage.archivedAt) throw new Errors.Conflict(`stage ${stage.name} is no longer in the plan (archived)`)
  return requested
}
