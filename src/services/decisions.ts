import { prismaRows, type Db, type DbClient } from '../db/client.ts'
import type { DecisionCommand } from '../schemas/decisions.ts'
import type { MoveCommand } from '../schemas/applications.ts'
import type { Principal } from './sessions.ts'
import { moveApplication } from './application-moves.ts'
import { loadMoveContext, type MoveContext } from './moves/context.ts'
import { mayOverride } from './moves/scorecard-gate.ts'
import { toApplicationState } from './applications.ts'
import { assertManagesApplication } from './job-access.ts'
import { recordAudit } from './audit.ts'
import { Errors } from '../errors.ts'
import { isInstantCursor, isUuidCursor } from '../schemas/pagination.ts'

export interface DecisionRequest {
  principal: Principal
  applicationId: string
  /** The application version the decider saw (If-Match). */
  expectedVersion: number
  command: DecisionCommand
  requestId: string | null
}

const decisionFields = {
  id: true, applicationId: true, stageId: true, deciderId: true, outcome: true, reason: true, overridden: true, scorecardIds: true, createdAt: true,
} as const
const applicationFields = {
  id: true, candidateId: true, jobId: true, stageId: true, status: true, version: true, rejectionReason: true, rejectionNote: true,
  stageEnteredAt: true, closedAt: true, createdAt: true, updatedAt: true,
} as const

export type DecisionCursor = [createdAt: string, id: string]
export const isDecisionCursor = (v: unknown): v is DecisionCursor =>
  Array.isArray(v) && v.length === 2 && isInstantCursor(v[0]) && isUuidCursor(v[1])

/** Stage decisions: the hiring manager's advance, reject or hold, resting on cited scorecards. */
export function createDecisionsService(db: Db) {
  /**
   * Records a decision and, for ADVANCE and REJECT, makes the move through
   * moveApplication, so the pipeline's rules apply unchanged (required
   * scorecards and who may override them, If-Match, transition + audit +
   * outbox in its one statement). moveApplication takes any client, so it runs
   * on this transaction's: the Decision row commits with the move or neither does.
   */
  async function recordDecision(req: DecisionRequest) {
    const { principal, command } = req
    return db.$transaction(async (tx) => {
      if (command.outcome === 'HOLD') await lockForHold(tx, req.applicationId)
      const ctx = await loadMoveContext(prismaRows(tx), principal, req.applicationId)
      if (!mayOverride(principal, ctx)) throw new Errors.Forbidden("record stage decisions (only the job's hiring managers and admins may)")
      assertDecidable(ctx, req.expectedVersion, command.stageId)
      await assertCitable(tx, req.applicationId, ctx, command.scorecardIds)

      const moved = command.outcome === 'HOLD'
        ? null
        : await moveApplication(tx, { principal, applicationId: req.applicationId, expectedVersion: req.expectedVersion, command: moveFor(command), requestId: req.requestId })
      const decision = await tx.decision.create({
        data: {
          applicationId: req.applicationId, stageId: command.stageId, deciderId: principal.userId, outcome: command.outcome,
          reason: command.reason, overridden: moved?.transition.overridden ?? false, scorecardIds: command.scorecardIds,
        },
        select: decisionFields,
      })
      await recordAudit(tx, {
        action: 'decision.recorded', actorId: principal.userId, entityType: 'decision', entityId: decision.id,
        candidateId: ctx.application.candidateId, jobId: ctx.application.jobId, requestId: req.requestId,
        payload: {
          applicationId: req.applicationId, stageId: command.stageId, outcome: command.outcome, overridden: decision.overridden,
          scorecardIds: command.scorecardIds, transitionId: moved?.transition.id ?? null,
        },
      })
      const decided = { ...decision, createdAt: decision.createdAt.toISOString() }
      if (moved) {
        const { transition, ...application } = moved
        return { decision: decided, application, transition }
      }
      const application = await tx.application.findUniqueOrThrow({ where: { id: req.applicationId }, select: applicationFields })
      return { decision: decided, application: toApplicationState(application), transition: null }
    })
  }

  /** Newest first; readable by those who manage the application's job (admins, recruiters, its hiring managers). */
  async function listDecisions(principal: Principal, applicationId: string, page: { limit: number; after?: DecisionCursor }) {
    await assertManagesApplication(db, principal, applicationId, 'read the decisions on this application')
    const after = page.after
    const rows = await db.decision.findMany({
      where: {
        applicationId,
        ...(after ? { OR: [{ createdAt: { lt: new Date(after[0]) } }, { createdAt: new Date(after[0]), id: { lt: after[1] } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      select: decisionFields,
    })
    const items = rows.slice(0, page.limit).map((d) => ({ ...d, createdAt: d.createdAt.toISOString() }))
    const last = items[items.length - 1]
    return { items, next: rows.length > page.limit && last ? ([last.createdAt, last.id] as DecisionCursor) : null }
  }

  return { recordDecision, listDecisions }
}

const staleVersion = (expected: number) =>
  new Errors.PreconditionFailed(`the application has changed since version ${expected}: fetch it again and retry`)

/** A decision is on the version the decider saw, at its current stage, while the application is open. */
function assertDecidable(ctx: MoveContext, expectedVersion: number, stageId: string): void {
  if (ctx.application.version !== expectedVersion) throw staleVersion(expectedVersion)
  if (ctx.application.status !== 'ACTIVE') {
    throw new Errors.Conflict(`the application is ${ctx.application.status.toLowerCase()}: stage decisions are taken on active applications only`)
  }
  if (stageId !== ctx.application.stageId) {
    const current = ctx.plan.find((s) => s.id === ctx.application.stageId)?.name ?? ctx.application.stageId
    throw new Errors.Conflict(`a decision is taken on the application's current stage (${current}), not on stage ${stageId}`)
  }
}

/**
 * A hold writes no move, so nothing else would stop a move committing between
 * our checks and our insert: a share lock on the application, taken before the
 * context is read, makes a concurrent move wait until the hold is in. (Not
 * taken for ADVANCE/REJECT: two such decisions both holding it and then
 * updating would deadlock; the moves' version-conditional UPDATE settles those races.)
 */
async function lockForHold(tx: DbClient, applicationId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM applications WHERE id = ${applicationId}::uuid FOR SHARE`
}

/** The cited scorecards must be this application's, at this stage, and submitted. */
async function assertCitable(tx: DbClient, applicationId: string, ctx: MoveContext, scorecardIds: string[]): Promise<void> {
  if (scorecardIds.length === 0) return
  const found = await tx.scorecard.findMany({
    where: { id: { in: scorecardIds }, applicationId, stageId: ctx.application.stageId },
    select: { id: true, status: true },
  })
  const missing = scorecardIds.filter((id) => !found.some((f) => f.id === id))
  if (missing.length) throw new Errors.NotFound(`Scorecard ${missing.join(', ')} of this application at its current stage`)
  const drafts = found.filter((f) => f.status !== 'SUBMITTED').map((f) => f.id)
  if (drafts.length) throw new Errors.Conflict(`scorecard ${drafts.join(', ')} is a draft: a decision rests on submitted scorecards only`)
}

function moveFor(command: Exclude<DecisionCommand, { outcome: 'HOLD' }>): MoveCommand {
  if (command.outcome === 'ADVANCE') return { action: 'advance', ...(command.override ? { override: command.override } : {}) }
  const { reason, note, notifyCandidate } = command.rejection
  return { action: 'reject', reason, notifyCandidate, ...(note === undefined ? {} : { note }) }
}
