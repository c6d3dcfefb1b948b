import { preparedNameOf, prismaRows, type DbClient, type SqlRows } from '../db/client.ts'
import { Prisma } from '../generated/prisma/client.ts'
import type { MoveCommand } from '../schemas/applications.ts'
import type { Principal } from './sessions.ts'
import { loadMoveContext, type MoveContext } from './moves/context.ts'
import { planMove, type PlannedMove } from './moves/rules.ts'
import { assertMayOverride, checkScorecards } from './moves/scorecard-gate.ts'
import { changedApplicationColumns, toWriteResult, transitionEffects, type ChangedRow } from './moves/record.ts'
import { activeApplicationConflict, isUniqueViolation } from './moves/apply.ts'
import { managesJob } from './job-access.ts'
import { Errors } from '../errors.ts'

export interface MoveRequest {
  principal: Principal
  applicationId: string
  /** The version the client saw (If-Match). */
  expectedVersion: number
  command: MoveCommand
  requestId: string | null
}

const staleVersion = (expected: number) =>
  new Errors.PreconditionFailed(`the application has changed since version ${expected}: fetch it again and retry`)

/**
 * Moves an application: decide from what was read, then write in ONE statement
 * the new state, the transition, the audit event and the outbox row. A single
 * statement is a transaction of its own, so it all commits or none of it does.
 * The UPDATE is conditional on the version, so of concurrent moves from one
 * version exactly one changes the row: the others, once its lock is released,
 * no longer match, write nothing and answer 412.
 *
 * Its two statements run through `rows`: the route's are prepared statements
 * on the pool (planning them cost about as much as running them); a caller
 * inside a Prisma transaction leaves the default, that transaction's client.
 */
export async function moveApplication(db: DbClient, req: MoveRequest, rows: SqlRows = prismaRows(db)) {
  const { principal, command } = req
  const ctx = await loadMoveContext(rows, principal, req.applicationId)
  // An interviewer sees the application (404 otherwise, in the read) but moves nothing.
  if (!managesJob(principal, ctx.teamRole)) throw new Errors.Forbidden("move applications of this job (recruiters, admins and the job's hiring managers may)")
  const override = 'override' in command ? command.override : undefined
  assertMayOverride(principal, ctx, override)
  if (ctx.application.version !== req.expectedVersion) throw staleVersion(req.expectedVersion)
  const planned = planMove(ctx, command)
  const { overridden } = checkScorecards(ctx, planned, override)

  const at = new Date()
  const effects = transitionEffects({
    kind: planned.kind,
    fromStageId: planned.from.id,
    toStageId: planned.to.id,
    fromStatus: ctx.application.status,
    toStatus: planned.toStatus,
    reason: transitionReason(planned, overridden ? override : undefined),
    overridden,
    actorId: principal.userId,
    requestId: req.requestId,
    at,
    // The stage it enters, if it changes stage: reaching the offer stage owes the offer e-mail.
    notification: { ...notificationSettings(ctx, command), toStageKind: planned.to.id === planned.from.id ? undefined : planned.to.kind },
    auditDetail: planned.rejection ? { rejectionReason: planned.rejection.reason } : {},
  })
  const write = Prisma.sql`
    WITH changed AS (${newState(ctx, planned, req.expectedVersion, at)}), ${effects}
    SELECT ${changedApplicationColumns} FROM changed c CROSS JOIN transition t`
  let changed: ChangedRow[]
  try {
    changed = await rows<ChangedRow>(write, preparedNameOf('application_move', write))
  } catch (error) {
    // A reopen that raced another application of the candidate back to active meets the partial unique index.
    if (isUniqueViolation(error)) throw (await activeApplicationConflict(db, ctx.application.candidateId, ctx.application.jobId)) ?? error
    throw error
  }
  const [row] = changed
  if (!row) {
    // Nothing matched: either the version moved on, or the job closed or the
    // stage was archived meanwhile. Planning again names the rule that now refuses it.
    const now = await loadMoveContext(rows, principal, req.applicationId)
    if (now.application.version === req.expectedVersion) planMove(now, command)
    throw staleVersion(req.expectedVersion)
  }
  return toWriteResult(row)
}

function newState(ctx: MoveContext, planned: PlannedMove, expectedVersion: number, at: Date): Prisma.Sql {
  const now = at.toISOString()
  const entersStage = planned.to.id !== planned.from.id || planned.kind === 'REOPENED'
  return Prisma.sql`
    UPDATE applications
       SET stage_id = ${planned.to.id}::uuid,
           status = ${planned.toStatus}::"ApplicationStatus",
           version = version + 1,
           stage_entered_at = ${entersStage ? Prisma.sql`${now}::timestamptz` : Prisma.sql`stage_entered_at`},
           closed_at = ${planned.toStatus === 'ACTIVE' ? null : now}::timestamptz,
           rejection_reason = ${planned.rejection?.reason ?? null}::"RejectionReason",
           rejection_note = ${planned.rejection?.note ?? null},
           updated_at = ${now}::timestamptz
     WHERE id = ${ctx.application.id}::uuid AND version = ${expectedVersion}
       ${stillAllowed(ctx, planned)}
    RETURNING *`
}

/**
 * The rules checked before the write, checked again inside it under share
 * locks: a job closing or a plan edit archiving the target stage at the same
 * moment waits for us or makes this write match nothing (then re-planned below).
 * Only progressing moves need an open job; rejecting and withdrawing do not.
 */
function stillAllowed(ctx: MoveContext, planned: PlannedMove): Prisma.Sql {
  const progresses = planned.kind !== 'REJECTED' && planned.kind !== 'WITHDRAWN'
  if (!progresses) return Prisma.empty
  return Prisma.sql`
       AND EXISTS (SELECT 1 FROM jobs WHERE id = ${ctx.application.jobId}::uuid AND status = 'OPEN' FOR SHARE)
       AND EXISTS (SELECT 1 FROM stages WHERE id = ${planned.to.id}::uuid AND archived_at IS NULL FOR SHARE)`
}

/** The transition keeps one "why": the move's own reason (a rejection's is its code and note), and the override's when one was used. */
function transitionReason(planned: PlannedMove, override: { reason: string } | undefined): string | null {
  const own = planned.rejection ? [planned.rejection.reason, planned.rejection.note].filter(Boolean).join(': ') : planned.reason
  if (!override) return own
  return own ? `${own}\nOverride: ${override.reason}` : `Override: ${override.reason}`
}

function notificationSettings(ctx: MoveContext, command: MoveCommand) {
  return {
    stageMovedEmails: ctx.job.stageMovedEmails,
    rejectionEmailDelayHours: ctx.job.rejectionEmailDelayHours,
    emailOptOut: ctx.candidate.emailOptOut,
    notifyCandidate: command.action === 'reject' ? command.notifyCandidate : false,
  }
}
